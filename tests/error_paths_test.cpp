// Placeholder: filled in by the issue 17 work.
#include <gtest/gtest.h>

// Part of fuzz_selftest (fuzz_selftest.cpp): built as a library of its own,
// with only the compile options that skywitness_core gets, so that its UBSan
// finding is fatal only if the library's are.
#include <climits>

namespace skywitness::fuzz_selftest {

int past_int_max(int by) {
  volatile int big = INT_MAX;
  return big + by;  // signed overflow for any by > 0
}

}  // namespace skywitness::fuzz_selftest

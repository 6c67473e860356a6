// Where the bundled data is (data/ in the source tree, share/skywitness once
// installed): the airport table, address blocks, seats, countries, profiles,
// built-in scenarios.
#pragma once

#include <string>
#include <string_view>

namespace skywitness {

// The folder of bundled data, the first of:
//   1. $SKYWITNESS_DATA, when set and not empty;
//   2. the installed data beside the running program: <prefix>/share/skywitness
//      for <prefix>/bin/skywitness (found from /proc/self/exe, so that an
//      installed tree still works once moved), when that folder exists;
//   3. the source tree's data/ (the path compiled in), for builds not installed.
std::string data_dir();

// A file or folder of the bundled data: data_path("airports/airports.csv").
std::string data_path(std::string_view relative);

}  // namespace skywitness

// Not a fuzz target of the project: a fuzzer that fails on purpose, so that
// scripts/test.sh can check that a failing fuzzer fails CI. The environment
// variable SKYWITNESS_FUZZ_SELFTEST picks the failure, on every input:
// "trap" a trap, "asan" an AddressSanitizer heap overflow, "ubsan" a UBSan
// signed overflow in code compiled like skywitness_core (fatal only with
// -fno-sanitize-recover=undefined: without it the fuzzer runs on and passes).
// Without it, nothing fails.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

namespace skywitness::fuzz_selftest {
int past_int_max(int by);  // fuzz_selftest_library.cpp
}

namespace {
volatile int sink;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* const env = std::getenv("SKYWITNESS_FUZZ_SELFTEST");
  static const std::string_view mode = env ? env : "";
  if (size == 0) return 0;
  if (mode == "trap") __builtin_trap();
  if (mode == "asan") {
    auto copy = std::make_unique<std::uint8_t[]>(size);
    std::memcpy(copy.get(), data, size);
    volatile std::size_t past_the_end = size;
    sink = copy[past_the_end];
  }
  if (mode == "ubsan") sink = skywitness::fuzz_selftest::past_int_max(1);
  return 0;
}

// libFuzzer target for profile files (TOML): anything either loads into a
// profile with a two-letter home country and at least one hub, or is refused.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "skywitness/roles/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("skywitness-profile-" + std::to_string(::getpid())))
                                      .string();
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::string error;
  const auto p = roles::load_profile(path, error);
  if (p && (p->home_country.size() != 2 || p->hubs.empty())) __builtin_trap();
  if (!p && error.empty()) __builtin_trap();
  return 0;
}

#include "skywitness/core/data.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

// Both come from CMakeLists.txt: the source tree's data/, and the installed
// data folder relative to the installed program's folder (e.g.
// "../share/skywitness").
#ifndef SKYWITNESS_SOURCE_DATA_DIR
#error "SKYWITNESS_SOURCE_DATA_DIR is set by CMakeLists.txt"
#endif
#ifndef SKYWITNESS_DATA_FROM_BINDIR
#error "SKYWITNESS_DATA_FROM_BINDIR is set by CMakeLists.txt"
#endif

namespace skywitness {

namespace {

// The installed data folder beside the running program, or empty.
std::string installed_data_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  const auto dir = (exe.parent_path() / SKYWITNESS_DATA_FROM_BINDIR).lexically_normal();
  if (!std::filesystem::is_directory(dir, ec)) return {};
  std::string out = dir.string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

std::string data_dir() {
  if (const char* env = std::getenv("SKYWITNESS_DATA"); env && *env) return env;
  // The program does not move while it runs: looked up once.
  static const std::string installed = installed_data_dir();
  if (!installed.empty()) return installed;
  return SKYWITNESS_SOURCE_DATA_DIR;
}

std::string data_path(std::string_view relative) {
  std::string out = data_dir();
  out += '/';
  out += relative;
  return out;
}

}  // namespace skywitness

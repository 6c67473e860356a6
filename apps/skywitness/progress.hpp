// A progress line on stderr that moves: on a terminal it is written over in
// place ("\r", then the line cleared) and wiped when the work ends, so that
// what stays on the screen is the result. Where stderr is not a terminal (a
// file, a pipe, CI) it is not printed at all: a log keeps the results and the
// errors, not a trail of percentages.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>

#include <fmt/format.h>

namespace skywitness::cli {

class ProgressLine {
 public:
  // `prefix` starts every line ("ingest: "); `enabled` false (-q) prints nothing.
  explicit ProgressLine(std::string prefix, bool enabled = true)
      : prefix_(std::move(prefix)), on_(enabled && isatty(fileno(stderr)) == 1) {}
  ~ProgressLine() { done(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void show(const std::string& text) {
    if (!on_) return;
    fmt::print(stderr, "\r\033[K{}{}", prefix_, text);
    std::fflush(stderr);
    shown_ = true;
  }
  // Wipes the line; call before printing anything else to stderr.
  void done() {
    if (!shown_) return;
    fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
  // For the library's progress callbacks; empty when nothing would be shown.
  std::function<void(const std::string&)> sink() {
    if (!on_) return {};
    return [this](const std::string& s) { show(s); };
  }

 private:
  std::string prefix_;
  bool on_ = false, shown_ = false;
};

}  // namespace skywitness::cli

// One error model for the whole library (docs/errors.md): an Error says what
// kind of thing went wrong, where, and in words. Readers hand each bad record
// to an ErrorReporter and go on with the next; a function that fails as a
// whole returns a Status. The library never prints: the commands decide what
// reaches the terminal.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace skywitness {

enum class ErrorKind : std::uint8_t {
  kBadInput,  // one record, frame or line is malformed: it is skipped, the input goes on
  kIo,        // a file cannot be opened, read, decompressed or written
  kFormat,    // a whole input is in no format we read, or is cut off
  kDatabase,  // the store refused or is damaged
  kUsage,     // a bad option or configuration: a profile, a watchlist line, an address file
  kInternal,  // a bug: something the code assumed did not hold
};

inline const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::kBadInput:
      return "bad_input";
    case ErrorKind::kIo:
      return "io";
    case ErrorKind::kFormat:
      return "format";
    case ErrorKind::kDatabase:
      return "database";
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

// Where an error is. Every part is optional: an error of a file as a whole
// has only `file`.
struct Location {
  Location() = default;
  // Not explicit: `{path}` or `{path, line}` is a location wherever one is wanted.
  Location(std::string in_file, std::uint64_t at_line = 0,
           std::optional<std::uint64_t> at_offset = std::nullopt, std::string what = {})
      : file(std::move(in_file)), line(at_line), offset(at_offset), detail(std::move(what)) {}

  std::string file;        // as the user named it; an archive member as "ARCHIVE:MEMBER"
  std::uint64_t line = 0;  // 1-based line of a text input; 0 when none
  // Byte offset in the (decompressed) input: where a binary input has no lines.
  std::optional<std::uint64_t> offset;
  std::string detail;  // what lines and bytes cannot say: "point 3" of a trace
};

// The place inside the file, without the file: "line 12", "byte 4096",
// "point 3", "" for the file as a whole. The store keeps this beside the
// input's name, and `ingest` prints it as "INPUT: line 12: ...".
inline std::string position_text(const Location& at) {
  std::string out;
  if (at.line != 0)
    out = "line " + std::to_string(at.line);
  else if (at.offset)
    out = "byte " + std::to_string(*at.offset);
  if (!at.detail.empty()) {
    if (!out.empty()) out += ", ";
    out += at.detail;
  }
  return out;
}

// The location as a prefix of a message, the way compilers write it and the
// project always has: "file:12: ", "file: byte 4096: ", "file: point 3: ",
// "file: " for the file as a whole, "" for nowhere at all.
inline std::string to_string(const Location& at) {
  std::string out = at.file;
  std::string rest;
  if (!at.file.empty() && at.line != 0) {
    out += ':' + std::to_string(at.line);
    rest = at.detail;
  } else {
    rest = position_text(at);
  }
  if (!rest.empty()) {
    if (!out.empty()) out += ": ";
    out += rest;
  }
  if (!out.empty()) out += ": ";
  return out;
}

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  Location where;
  // A short stable name for the exact problem, where a reader has a table of
  // them ("bad_hex", "bad_crc", "input_error": docs/formats.md); empty
  // otherwise. Statistics count by it and it is printed before the message.
  std::string code;
  std::string message;

  // "bad_hex: non-hex character in frame": the error without its location,
  // as the store keeps it beside the input and position.
  std::string text() const { return code.empty() ? message : code + ": " + message; }
  // "file:12: bad_hex: non-hex character in frame".
  std::string to_string() const { return skywitness::to_string(where) + text(); }
};

// The outcome of an operation that succeeds or fails as a whole (opening a
// file, loading a table). Bad records inside an input that is read anyway
// are not failures of it: they go to an ErrorReporter.
class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status failure(Error e) { return Status(std::move(e)); }
  static Status failure(ErrorKind kind, Location where, std::string message) {
    return Status(Error{kind, std::move(where), {}, std::move(message)});
  }

  bool ok() const { return !error_.has_value(); }
  // Only when !ok().
  const Error& error() const { return *error_; }
  // "ok", or the error with its location.
  std::string to_string() const { return ok() ? "ok" : error_->to_string(); }

 private:
  explicit Status(Error e) : error_(std::move(e)) {}
  std::optional<Error> error_;
};

// Where readers send what they skip. A reporter decides what happens to an
// error (printed, stored, counted, dropped); the reader always goes on, and
// the Error is valid only during the call.
class ErrorReporter {
 public:
  virtual ~ErrorReporter() = default;
  virtual void report(const Error& error) = 0;
};

// How a reader reports one bad record: into `scratch`, an Error it keeps
// from one call to the next (a file with millions of bad records allocates
// nothing per error once warm), then to `to`. The record is a line (`line`
// > 0), or the `index`th of its `unit` ("point 3"; index >= 0), or, with
// neither, the file as a whole.
inline void report_record(ErrorReporter& to, Error& scratch, ErrorKind kind, std::string_view file,
                          std::uint64_t line, std::string_view unit, std::int64_t index,
                          std::string_view message) {
  scratch.kind = kind;
  scratch.where.file = file;
  scratch.where.line = line;
  scratch.where.detail.clear();
  if (index >= 0) scratch.where.detail.append(unit).append(" ").append(std::to_string(index));
  scratch.message = message;
  to.report(scratch);
}

// A reporter from a lambda, for call sites that only print or collect.
class FunctionReporter final : public ErrorReporter {
 public:
  explicit FunctionReporter(std::function<void(const Error&)> f) : f_(std::move(f)) {}
  void report(const Error& error) override {
    if (f_) f_(error);
  }

 private:
  std::function<void(const Error&)> f_;
};

// Counts errors, by kind and in all; keeps the first `keep` of them (a bad
// input can hold millions, memory must not grow with them); passes every
// one on to `next` when given.
class CountingReporter final : public ErrorReporter {
 public:
  static constexpr std::size_t kKeepAll = std::numeric_limits<std::size_t>::max();

  explicit CountingReporter(std::size_t keep = 0, ErrorReporter* next = nullptr)
      : keep_(keep), next_(next) {}

  void report(const Error& error) override {
    ++count_;
    ++by_kind_[static_cast<std::size_t>(error.kind)];
    if (kept_.size() < keep_) kept_.push_back(error);
    if (next_) next_->report(error);
  }

  std::uint64_t count() const { return count_; }
  std::uint64_t count(ErrorKind k) const { return by_kind_[static_cast<std::size_t>(k)]; }
  const std::vector<Error>& kept() const { return kept_; }
  // Starts again from nothing (the next input), keeping `keep` and `next`.
  void clear() {
    count_ = 0;
    by_kind_ = {};
    kept_.clear();
  }

 private:
  std::size_t keep_;
  ErrorReporter* next_;
  std::uint64_t count_ = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(ErrorKind::kInternal) + 1> by_kind_{};
  std::vector<Error> kept_;
};

}  // namespace skywitness

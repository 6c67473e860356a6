// Byte sources: a file or stdin, transparently decompressed when it starts
// with a gzip or zstd magic number (the name does not matter).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "skywitness/core/status.hpp"

namespace skywitness::io {

enum class Compression : std::uint8_t { kNone, kGzip, kZstd };

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `n` bytes; returns 0 at the end of input. On a read or
  // decompression error returns 0 and error() says what happened.
  virtual std::size_t read(std::uint8_t* out, std::size_t n) = 0;
  const std::string& error() const { return error_; }
  // Appends everything left to `out`; error() says whether it all arrived.
  void read_all(std::string& out);
  // Bytes consumed from the underlying file (compressed offset).
  virtual std::uint64_t raw_offset() const = 0;

 protected:
  std::string error_;
};

struct OpenResult {
  std::unique_ptr<ByteSource> source;
  Compression compression = Compression::kNone;
  std::string error;  // set when the file could not be opened
};

// "-" is stdin.
OpenResult open_source(const std::string& path);

// Reads a whole file (plain, gzip or zstd) into `out`. Returns an empty
// string when it all arrived, else what went wrong; `out` then holds what
// could be read before the fault (nothing when the file did not open).
std::string read_whole_file(const std::string& path, std::string& out);

// Reads a whole file and hands what arrived to `parse(text)`, even when the
// rest did not; a file that cannot be read, or that breaks off, is reported
// as an I/O error of the file as a whole and gives false. Else what `parse`
// returns.
template <typename Parse>
bool parse_whole_file(const std::string& path, Parse&& parse, ErrorReporter& errors) {
  std::string text;
  auto error = read_whole_file(path, text);
  const bool ok = !(text.empty() && !error.empty()) && parse(std::string_view(text));
  if (!error.empty()) {
    errors.report({ErrorKind::kIo, {path}, {}, std::move(error)});
    return false;
  }
  return ok;
}

const char* compression_name(Compression c);

// Inflates gzip data held in memory (concatenated members are one stream).
// Returns an empty string on success, else what went wrong; `out` then holds
// what was inflated before the fault.
std::string gunzip(std::string_view in, std::string& out);

// True when the bytes start with the gzip magic number.
inline bool is_gzip(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f &&
         static_cast<unsigned char>(s[1]) == 0x8b;
}

}  // namespace skywitness::io

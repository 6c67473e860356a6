// Record writers for decoded messages: JSON Lines and CSV, field names as in
// docs/decode-output.md. Writers buffer and write to a file descriptor; they
// format without allocating per record.
#pragma once

#include <cstdio>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "skywitness/core/message.hpp"

namespace skywitness::output {

enum class RecordFormat : std::uint8_t { kJsonl, kCsv, kNone };

bool parse_record_format(std::string_view name, RecordFormat& out);

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void write(const Message& m) = 0;
  virtual void flush() = 0;
};

// Writes to `out` (not owned); nullptr for kNone.
std::unique_ptr<RecordWriter> make_writer(RecordFormat format, std::FILE* out);

// One JSON object for `m`, without a newline; used by the JSONL writer and tests.
void format_json(const Message& m, fmt::memory_buffer& buf);

const char* emergency_name(std::uint8_t code);

}  // namespace skywitness::output

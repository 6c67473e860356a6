#include "skywitness/registry/aircraft_db.hpp"

#include <cctype>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "skywitness/core/text.hpp"
#include "skywitness/io/source.hpp"
#include "skywitness/registry/n_number.hpp"

namespace skywitness::registry {
namespace {

bool parse_address(std::string_view s, std::uint32_t& out) {
  s = trim(s);
  if (s.size() != 6) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + 6, out, 16);
  return ec == std::errc{} && end == s.data() + 6;
}

int column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (upper(trim(header[i])) == upper(name)) return static_cast<int>(i);
  return -1;
}

}  // namespace

const char* db_format_name(DbFormat f) {
  switch (f) {
    case DbFormat::kFaaMaster:
      return "faa-master";
    case DbFormat::kTar1090:
      return "tar1090";
    case DbFormat::kOpensky:
      return "opensky";
    case DbFormat::kUnknown:
      return "unknown";
  }
  return "unknown";
}

AircraftDbReader::AircraftDbReader(RecordSink on_record, ErrorReporter& errors)
    : on_record_(std::move(on_record)), errors_(errors) {}

void AircraftDbReader::report(ErrorKind kind, std::string_view file, std::uint64_t line,
                              std::string_view message) {
  errors_.report({kind, {std::string(file), line}, {}, std::string(message)});
}

bool AircraftDbReader::read_file(const std::string& path) {
  return io::parse_whole_file(
      path, [&](std::string_view text) { return read_text(text, path); }, errors_);
}

bool AircraftDbReader::read_text(std::string_view text, std::string_view name) {
  std::vector<std::string> header, f;
  int c_icao = -1, c_reg = -1, c_type = -1, c_desc = -1, c_model = -1, c_op = -1, c_owner = -1;
  char sep = ',', quote = '"';
  Lines lines(text);
  for (std::string_view line; lines.next(line);) {
    const std::uint64_t line_no = lines.number();
    if (trim(line).empty()) continue;
    if (line_no == 1) {
      // The format, from the first line.
      if (upper(line).starts_with("N-NUMBER")) {
        format_ = DbFormat::kFaaMaster;
        split_csv(line, ',', 0, header);
        c_icao = column(header, "MODE S CODE HEX");
        c_reg = column(header, "N-NUMBER");
        c_owner = column(header, "NAME");
        if (c_reg < 0) {
          report(ErrorKind::kFormat, name, 1, "FAA MASTER header without N-NUMBER");
          return false;
        }
        continue;
      }
      if (line.find("icao24") != std::string_view::npos) {
        format_ = DbFormat::kOpensky;
        quote = line.front() == '\'' ? '\'' : '"';
        split_csv(line, ',', quote, header);
        c_icao = column(header, "icao24");
        c_reg = column(header, "registration");
        c_type = column(header, "typecode");
        c_desc = column(header, "manufacturername");
        c_model = column(header, "model");
        c_op = column(header, "operator");
        c_owner = column(header, "owner");
        if (c_reg < 0) {
          report(ErrorKind::kFormat, name, 1, "OpenSky header without registration");
          return false;
        }
        continue;
      }
      std::uint32_t a = 0;
      if (line.find(';') == 6 && parse_address(line.substr(0, 6), a)) {
        format_ = DbFormat::kTar1090;  // icao;registration;type;flags;description;year;owner
        sep = ';';
        quote = 0;
        c_icao = 0, c_reg = 1, c_type = 2, c_desc = 4, c_op = 6;
      } else {
        report(ErrorKind::kFormat, name, 1,
               "not an aircraft database skywitness reads (FAA MASTER.txt, tar1090 "
               "aircraft.csv, OpenSky aircraft database)");
        return false;
      }
    }
    ++stats_.rows;
    auto bad = [&](std::string_view why) {
      ++stats_.bad_rows;
      report(ErrorKind::kBadInput, name, line_no, why);
    };
    if (!split_csv(line, sep, quote, f)) {
      bad("a quoted field does not end");
      continue;
    }
    auto get = [&](int c) {
      return c >= 0 && static_cast<std::size_t>(c) < f.size() ? std::string(trim(f[c]))
                                                              : std::string();
    };
    if (!header.empty() && f.size() < header.size() - 1) {  // FAA rows end with a comma
      bad(fmt::format("{} fields where the header has {}", f.size(), header.size()));
      continue;
    }
    AircraftRecord r;
    r.registration = upper(get(c_reg));
    r.type = upper(get(c_type));
    r.description = get(c_desc);
    if (const auto model = get(c_model); !model.empty())
      r.description = r.description.empty() ? model : r.description + " " + model;
    r.operator_name = get(c_op);
    r.owner = get(c_owner);
    const std::string hex = get(c_icao);
    if (format_ == DbFormat::kFaaMaster) {
      // The N-NUMBER column holds the registration without its N; the
      // address follows from it, and the file's own address must agree.
      r.registration = "N" + r.registration;
      const auto derived = n_number_to_icao(r.registration);
      if (!derived) {
        bad(fmt::format("'{}' is not an N-number", r.registration));
        continue;
      }
      r.icao = *derived;
      std::uint32_t given = 0;
      if (!hex.empty() && (!parse_address(hex, given) || given != r.icao)) {
        bad(fmt::format("MODE S CODE HEX '{}' is not the address of {} ({:06X})", hex,
                        r.registration, r.icao));
        continue;
      }
    } else if (!parse_address(hex, r.icao)) {
      bad(fmt::format("'{}' is not a 24-bit address (6 hex digits)", hex));
      continue;
    }
    ++stats_.records;
    on_record_(r);
  }
  if (format_ == DbFormat::kUnknown) {
    report(ErrorKind::kFormat, name, 0, "empty file");
    return false;
  }
  return true;
}

}  // namespace skywitness::registry

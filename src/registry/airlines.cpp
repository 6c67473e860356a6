#include "skywitness/registry/airlines.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"
#include "skywitness/core/text.hpp"

namespace skywitness::registry {
namespace {

constexpr std::string_view kHeader = "icao,name,callsign,country,active";

bool letters(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (const char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

}  // namespace

Airlines Airlines::parse(std::string_view text, ErrorReporter& errors, std::string_view name) {
  Airlines out;
  Error scratch;
  auto bad = [&](std::uint64_t line, std::string_view message) {
    ++out.skipped_;
    report_record(errors, scratch, ErrorKind::kBadInput, name, line, {}, -1, message);
  };
  Lines lines(text);
  std::string_view line;
  std::vector<std::string> f;
  while (lines.next(line)) {
    const auto n = lines.number();
    if (n == 1) {
      if (trim(line) != kHeader) bad(n, fmt::format("expected the header line {}", kHeader));
      continue;
    }
    if (trim(line).empty()) continue;
    if (!split_csv(line, ',', '"', f)) {
      bad(n, "a quoted field does not end");
      continue;
    }
    if (f.size() != 5) {
      bad(n, fmt::format("expected 5 fields ({}), found {}", kHeader, f.size()));
      continue;
    }
    const std::string_view icao = trim(f[0]), country = trim(f[3]), active = trim(f[4]);
    if (!letters(icao, 3)) {
      bad(n, fmt::format("'{}' is not an ICAO airline designator (three letters)", icao));
      continue;
    }
    if (trim(f[1]).empty()) {
      bad(n, fmt::format("{} has no name", icao));
      continue;
    }
    if (!country.empty() && !letters(country, 2)) {
      bad(n, fmt::format("country '{}' is not an ISO 3166-1 alpha-2 code", country));
      continue;
    }
    const std::string flag = upper(active);
    if (flag != "Y" && flag != "N") {
      bad(n, fmt::format("active '{}' is neither Y nor N", active));
      continue;
    }
    Airline a;
    a.icao = upper(icao);
    a.name = trim(f[1]);
    a.callsign = trim(f[2]);
    a.country = upper(country);
    a.active = flag == "Y";
    if (out.by_icao_.contains(a.icao)) {
      bad(n, fmt::format("{} appears twice (the first is kept)", a.icao));
      continue;
    }
    out.by_icao_.emplace(a.icao, out.airlines_.size());
    out.airlines_.push_back(std::move(a));
  }
  if (lines.number() == 0) bad(1, fmt::format("empty: expected the header line {}", kHeader));
  return out;
}

std::optional<Airlines> Airlines::load(const std::string& path, std::string& error,
                                       ErrorReporter* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("cannot open {} (set SKYWITNESS_DATA to the data folder)", path);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  // The header decides whether this is an airline table at all: a file of
  // another kind fails as a whole, not line by line.
  std::string first;
  FunctionReporter header([&](const Error& e) {
    if (e.where.line == 1)
      first = e.to_string();
    else if (errors)
      errors->report(e);
  });
  auto out = parse(text.str(), header, path);
  if (!first.empty()) {
    error = first;
    return std::nullopt;
  }
  return out;
}

std::optional<Airlines> Airlines::load_bundled(std::string& error, ErrorReporter* errors) {
  return load(data_path("airlines/airlines.csv"), error, errors);
}

const Airline* Airlines::find(std::string_view icao) const {
  if (icao.size() != 3) return nullptr;
  const auto it = by_icao_.find(upper(icao));
  return it == by_icao_.end() ? nullptr : &airlines_[it->second];
}

}  // namespace skywitness::registry

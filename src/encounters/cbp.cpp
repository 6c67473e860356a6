#include "skywitness/encounters/cbp.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/io/source.hpp"

namespace skywitness::encounters {
namespace {

// "Month (abbv)" -> "month_abbv", "Encounter Count" -> "encounter_count".
std::string header_key(std::string_view h) {
  std::string out;
  for (const char c : trim(h)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// Digits at the start: "2024", "2024 (FYTD)", "FY2024" -> 2024.
std::optional<int> leading_year(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && (s[0] == 'F' || s[0] == 'f') && (s[1] == 'Y' || s[1] == 'y'))
    s.remove_prefix(2);
  int y = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
  if (ec != std::errc{} || end - s.data() != 4 || y < 1900 || y > 2200) return std::nullopt;
  return y;
}

// "12,345" and "12345" -> 12345.
std::optional<std::uint64_t> count(std::string_view s) {
  s = trim(s);
  std::string digits;
  for (const char c : s) {
    if (c == ',') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits += c;
  }
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  return std::stoull(digits);
}

}  // namespace

std::optional<CitizenshipMap> CitizenshipMap::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("{}: cannot open the citizenship table", path);
    return std::nullopt;
  }
  CitizenshipMap m;
  std::string line;
  std::vector<std::string> f;
  for (std::uint64_t n = 1; std::getline(in, line); ++n) {
    if (n == 1) continue;
    if (!split_csv(line, ',', '"', f) || f.size() != 2 || trim(f[1]).size() != 2) {
      error = fmt::format("{}:{}: expected 'citizenship,country'", path, n);
      return std::nullopt;
    }
    m.names_[upper(trim(f[0]))] = std::string(trim(f[1]));
  }
  return m;
}

std::optional<CitizenshipMap> CitizenshipMap::load_bundled(std::string& error) {
  return load(data_path("countries/citizenship.csv"), error);
}

std::string CitizenshipMap::find(std::string_view name) const {
  const auto it = names_.find(upper(trim(name)));
  return it == names_.end() ? std::string() : it->second;
}

std::optional<std::pair<int, int>> fiscal_to_calendar(int fiscal_year, std::string_view month) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static constexpr std::array<std::string_view, 12> kLong = {
      "JANUARY", "FEBRUARY", "MARCH",     "APRIL",   "MAY",      "JUNE",
      "JULY",    "AUGUST",   "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};
  const std::string m = upper(trim(month));
  for (int i = 0; i < 12; ++i)
    if (m == kNames[static_cast<std::size_t>(i)] || m == kLong[static_cast<std::size_t>(i)] ||
        (i == 8 && m == "SEPT")) {
      const int month_no = i + 1;
      return std::pair{month_no >= 10 ? fiscal_year - 1 : fiscal_year, month_no};
    }
  return std::nullopt;
}

CbpReader::CbpReader(const CitizenshipMap& names, ErrorReporter& errors)
    : names_(names), errors_(errors) {}

void CbpReader::report(ErrorKind kind, std::string_view file, std::uint64_t line,
                       std::string_view message) {
  errors_.report({kind, {std::string(file), line}, {}, std::string(message)});
}

bool CbpReader::read_file(const std::string& path) {
  return io::parse_whole_file(
      path, [&](std::string_view text) { return read_text(text, path); }, errors_);
}

bool CbpReader::read_text(std::string_view text, std::string_view name) {
  std::vector<std::string> f;
  int c_year = -1, c_month = -1, c_citizenship = -1, c_count = -1;
  std::size_t columns = 0;
  bool header = true;
  Lines lines(text);
  for (std::string_view line; lines.next(line);) {
    const std::uint64_t line_no = lines.number();
    if (trim(line).empty()) continue;
    if (header) {
      split_csv(line, ',', '"', f);
      for (std::size_t i = 0; i < f.size(); ++i) {
        const auto key = header_key(f[i]);
        const int c = static_cast<int>(i);
        if (key == "fiscal_year") c_year = c;
        if (key == "month_abbv" || key == "month") c_month = c;
        if (key == "citizenship") c_citizenship = c;
        if (key == "encounter_count" || key == "encounters") c_count = c;
      }
      if (c_year < 0 || c_month < 0 || c_citizenship < 0 || c_count < 0) {
        report(ErrorKind::kFormat, name, line_no,
               "not a CBP encounters table: the header needs Fiscal Year, Month (abbv), "
               "Citizenship and Encounter Count (or fiscal_year, month_abbv, citizenship, "
               "encounter_count)");
        return false;
      }
      columns = f.size();
      header = false;
      continue;
    }
    ++stats_.rows;
    auto bad = [&](std::string_view why) {
      ++stats_.bad_rows;
      report(ErrorKind::kBadInput, name, line_no, why);
    };
    if (!split_csv(line, ',', '"', f)) {
      bad("a quoted field does not end");
      continue;
    }
    if (f.size() != columns) {
      bad(fmt::format("{} fields, the header has {}", f.size(), columns));
      continue;
    }
    const auto year = leading_year(f[static_cast<std::size_t>(c_year)]);
    if (!year) {
      bad(fmt::format("fiscal year '{}' is not a year", f[static_cast<std::size_t>(c_year)]));
      continue;
    }
    const auto ym = fiscal_to_calendar(*year, f[static_cast<std::size_t>(c_month)]);
    if (!ym) {
      bad(fmt::format("month '{}' is not a month name", f[static_cast<std::size_t>(c_month)]));
      continue;
    }
    const auto n = count(f[static_cast<std::size_t>(c_count)]);
    if (!n) {
      bad(fmt::format("encounter count '{}' is not a number",
                      f[static_cast<std::size_t>(c_count)]));
      continue;
    }
    const std::string citizenship = upper(trim(f[static_cast<std::size_t>(c_citizenship)]));
    if (citizenship.empty()) {
      bad("no citizenship");
      continue;
    }
    const std::string country = names_.find(citizenship);
    if (country.empty()) {
      ++stats_.unmapped_rows;
      stats_.unmapped[citizenship] += *n;
    }
    stats_.encounters += *n;
    const std::string month = fmt::format("{:04}-{:02}", ym->first, ym->second);
    auto& sum = sums_[{month, citizenship}];
    sum.month = month;
    sum.citizenship = citizenship;
    sum.country = country;
    sum.encounters += *n;
  }
  if (header) {
    report(ErrorKind::kFormat, name, 0, "empty: no header line");
    return false;
  }
  return true;
}

std::vector<EncounterCount> CbpReader::counts() const {
  std::vector<EncounterCount> out;
  out.reserve(sums_.size());
  for (const auto& [key, c] : sums_) out.push_back(c);
  return out;
}

}  // namespace skywitness::encounters

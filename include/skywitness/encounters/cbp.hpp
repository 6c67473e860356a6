// US CBP Nationwide Encounters tables (cbp.gov "Nationwide Encounters" CSV):
// encounters by fiscal year, month, citizenship and more, in either header
// style CBP has published (Title Case "Fiscal Year", "Month (abbv)",
// "Citizenship", "Encounter Count", or snake_case fiscal_year, month_abbv,
// citizenship, encounter_count). Grammar: docs/formats.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "skywitness/core/encounter.hpp"
#include "skywitness/core/status.hpp"

namespace skywitness::encounters {

// Citizenship names (upper case, as CBP spells them) -> ISO 3166-1 alpha-2
// (data/citizenship/citizenship.csv).
class CitizenshipMap {
 public:
  static std::optional<CitizenshipMap> load(const std::string& path, std::string& error);
  static std::optional<CitizenshipMap> load_bundled(std::string& error);
  // Empty when the name is not a country (CBP's "OTHER") or not known.
  std::string find(std::string_view name) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> names_;
};

// US federal fiscal years begin on 1 October: FY2024 runs from October 2023
// to September 2024. "OCT" of FY2024 -> {2023, 10}. Empty for a month name
// that is not one of JAN..DEC (any case, three letters or whole).
std::optional<std::pair<int, int>> fiscal_to_calendar(int fiscal_year, std::string_view month);

struct CbpStats {
  std::uint64_t rows = 0, bad_rows = 0, unmapped_rows = 0, encounters = 0;
  std::map<std::string, std::uint64_t> unmapped;  // name -> encounters
};

// Reads one table and sums it by calendar month and citizenship.
class CbpReader {
 public:
  // Errors are located by file and line; `errors` must outlive the reader.
  CbpReader(const CitizenshipMap& names, ErrorReporter& errors);

  // A file (plain, gzip or zstd). False when it cannot be read or is not an
  // encounters table; bad rows are reported and skipped.
  bool read_file(const std::string& path);
  bool read_text(std::string_view text, std::string_view name);

  // Sums by month and citizenship, in month order.
  std::vector<EncounterCount> counts() const;
  const CbpStats& stats() const { return stats_; }

 private:
  void report(ErrorKind kind, std::string_view file, std::uint64_t line, std::string_view message);

  const CitizenshipMap& names_;
  ErrorReporter& errors_;
  std::map<std::pair<std::string, std::string>, EncounterCount> sums_;
  CbpStats stats_;
};

}  // namespace skywitness::encounters

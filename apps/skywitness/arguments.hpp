// Checks of the values the commands are given, shared so that every command
// says the same of the same mistake, naming the option and the value:
// "skywitness flights: --country 'UK' is not an ISO 3166-1 alpha-2 code;
// did you mean 'GB' (United Kingdom)?". Each prints its message and returns
// false for a bad value: the command then exits 2. They read the bundled
// tables, so they run in run(), not in setup().
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/geo/countries.hpp"

namespace skywitness::cli {

// A country code the bundled table knows (data/countries/countries.csv);
// upper-cased in place. Codes people use that ISO 3166-1 does not (UK, EL)
// and country names ("china") are answered with the code.
inline bool check_country(const char* command, const char* option, std::string& code) {
  std::string error;
  const auto names = geo::CountryNames::load_bundled(error);
  if (!names) {
    fmt::print(stderr, "skywitness {}: {}\n", command, error);
    return false;
  }
  const std::string typed = code;
  code = upper(trim(code));
  if (names->contains(code)) return true;
  // The EU and the UK's own usage, and the alpha-3 codes of the usual destinations.
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"UK", "GB"},  {"EL", "GR"},  {"USA", "US"}, {"MEX", "MX"}, {"GTM", "GT"},
      {"HND", "HN"}, {"SLV", "SV"}, {"CHN", "CN"}, {"COL", "CO"}, {"ECU", "EC"},
      {"HTI", "HT"}, {"IND", "IN"}, {"VEN", "VE"}, {"BRA", "BR"}, {"GBR", "GB"},
  };
  std::string meant;
  for (const auto& [alias, iso] : kAliases)
    if (code == alias) meant = iso;
  if (meant.empty()) meant = names->code_of(typed);
  fmt::print(stderr, "skywitness {}: {} '{}' is not an ISO 3166-1 alpha-2 country code{}\n",
             command, option, typed,
             meant.empty() ? " (data/countries/countries.csv lists them)"
                           : fmt::format("; did you mean '{}' ({})?", meant, names->name(meant)));
  return false;
}

// An ICAO code of the bundled airport table; upper-cased in place. An IATA
// code is answered with the ICAO code of its airport ("SAT": KSAT).
inline bool check_airport(const char* command, const char* option, std::string& ident,
                          const geo::Airports& airports) {
  const std::string typed = ident;
  ident = upper(trim(ident));
  if (airports.find(ident)) return true;
  const geo::Airport* meant = nullptr;
  if (ident.size() == 3)
    for (const auto& a : airports.all())
      if (a.iata == ident && (!meant || (a.scheduled && !meant->scheduled))) meant = &a;
  fmt::print(stderr, "skywitness {}: {} '{}' is not an ICAO airport code of the bundled table{}\n",
             command, option, typed,
             meant ? fmt::format("; did you mean '{}' ({})?", meant->ident, meant->name)
                   : std::string(" (data/airports/airports.csv)"));
  return false;
}

// A UTC date or time of --from or --to, which must be on the calendar
// (2024-02-30 is not). `out` is its epoch seconds; nullopt when empty.
inline bool check_time(const char* command, const char* option, const std::string& text,
                       std::optional<double>& out) {
  out.reset();
  if (text.empty()) return true;
  out = parse_iso8601(text);
  if (out) return true;
  const bool date_shaped = text.size() >= 10 && text[4] == '-' && text[7] == '-';
  fmt::print(stderr, "skywitness {}: {} '{}' is not {}\n", command, option, text,
             date_shaped ? "a day of the calendar (a month has 28 to 31 days, a year 12 months)"
                         : "a date (2024-03-30) or UTC time (2024-03-30T08:00:00Z)");
  return false;
}

// --from and --to together: each a real date or time, and --from not after
// --to. With `to_whole_day`, a --to date alone ends with that day (`to` is
// the midnight after it), as flights and itineraries read it.
inline bool check_period(const char* command, const std::string& from_text,
                         const std::string& to_text, std::optional<double>& from,
                         std::optional<double>& to, bool to_whole_day) {
  if (!check_time(command, "--from", from_text, from) || !check_time(command, "--to", to_text, to))
    return false;
  const bool whole_day = to && to_whole_day && to_text.size() == 10;
  if (whole_day) *to += 86400;
  if (from && to && (whole_day ? *from >= *to : *from > *to)) {
    fmt::print(stderr, "skywitness {}: --from '{}' is later than --to '{}'\n", command, from_text,
               to_text);
    return false;
  }
  return true;
}

// The format a file name's extension asks for, among `known` ("html" for
// "march.html"); empty when it names none of them.
inline std::string format_of(const std::string& path,
                             std::initializer_list<std::string_view> known) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (ext.empty()) return {};
  ext = ext.substr(1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto k : known)
    if (ext == k) return ext;
  return {};
}

}  // namespace skywitness::cli

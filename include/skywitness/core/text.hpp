// Small text helpers shared by the readers of tables people download (aircraft
// databases, encounter statistics, watchlists).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skywitness {

std::string_view trim(std::string_view s);
std::string upper(std::string_view s);

// A 24-bit address written as exactly 6 hex digits ("a8f007", "A8F007");
// nullopt for anything else.
std::optional<std::uint32_t> parse_icao(std::string_view s);

// A count with its noun agreeing: "1 leg", "2 legs", "0 legs". `many` is
// the plural where adding "s" is wrong ("itineraries"); a noun ending in
// "craft" stays as it is ("2 aircraft").
std::string plural(std::uint64_t n, std::string_view one, std::string_view many = {});

// The number of single-character insertions, deletions and substitutions
// that turn `a` into `b` (Levenshtein): how near a mistyped option or code is.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Splits one CSV line on `sep`; fields may be quoted with `quote` (doubled
// inside; 0 for none). False when a quoted field does not end.
bool split_csv(std::string_view line, char sep, char quote, std::vector<std::string>& out);

// The lines of a text in memory, numbered from 1, without their CR LF or LF;
// a UTF-8 byte-order mark at the start is skipped.
class Lines {
 public:
  explicit Lines(std::string_view text);
  // False at the end.
  bool next(std::string_view& line);
  std::uint64_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  std::uint64_t number_ = 0;
};

}  // namespace skywitness

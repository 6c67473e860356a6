// Watchlists: which aircraft to follow, by address, registration, operator
// callsign prefix or type (file grammar in docs/watchlists.md); and discovery
// of aircraft that are not on the list but fly like those on it.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/status.hpp"

namespace skywitness::watchlist {

enum class RuleKind : std::uint8_t { kAddress, kRegistration, kCallsign, kType };

const char* rule_kind_name(RuleKind k);

struct Rule {
  RuleKind kind = RuleKind::kAddress;
  std::string value;  // upper case; an address as 6 lower-case hex digits
  std::string note;   // the comment after it on its line, if any
  std::uint64_t line = 0;
};

// What is known of one aircraft, to match against the rules.
struct AircraftFacts {
  std::uint32_t icao = 0;
  std::string registration, type;
  std::set<std::string> callsigns;  // as flown
};

class Watchlist {
 public:
  // Parses the text of a watchlist; bad lines are reported to `errors`
  // (usage errors, located by `name` and line) and skipped.
  static Watchlist parse(std::string_view text, ErrorReporter& errors, std::string_view name = {});
  // Reads a file; empty with `error` set ("FILE:LINE: ...", every bad line)
  // when it cannot be read or has a bad line.
  static std::optional<Watchlist> load(const std::string& path, std::string& error);

  const std::vector<Rule>& rules() const { return rules_; }
  bool empty() const { return rules_.empty(); }
  // The first rule the aircraft matches, or nullptr. A registration rule
  // also matches the address a US N-number is assigned (for feeds that
  // carry no registration).
  const Rule* match(const AircraftFacts& a) const;

 private:
  std::vector<Rule> rules_;
};

// Whether one rule matches the aircraft (as Watchlist::match tries each).
bool matches(const Rule& rule, const AircraftFacts& a);

// "GXA1234" -> "GXA": an airline designator and a flight number, three
// letters and then a digit, in capitals ("gxa1234" -> "GXA"); empty
// otherwise (a registration flown as the callsign, "N807SK", is neither).
std::string operator_prefix(std::string_view callsign);

// "registration N807SK" / "callsign prefix GXA (GXA1234)": why it matched.
std::string describe_match(const Rule& rule, const AircraftFacts& a);

}  // namespace skywitness::watchlist

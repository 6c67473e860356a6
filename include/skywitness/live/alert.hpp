// An alert of `skywitness live`: something a watched aircraft did, said as
// it happens, with how it is known (docs/live.md, "Alerts").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skywitness::live {

enum class AlertType : std::uint8_t {
  kTakeoff,           // seen leaving an airport (on the ground, then climbing away)
  kLanding,           // seen landing: down and on the ground, or low and descending to the end
  kLandingInferred,   // the signal was lost low near a field, descending towards it
  kLandingConfirmed,  // a landing_inferred borne out: seen again on the ground, or leaving the
                      // field
  kLandingWithdrawn,  // a landing_inferred taken back: heard again in the air, still flying
  kLandingAbroad,     // a landing (seen or inferred) in another country than the profile's home
  kAirborneAtStart,   // already flying when watching began
  kFirstSeen,         // heard again after first_seen_days or more without a position
  kCountryResumed,    // the first landing in a removal country after the quiet period
};

const char* alert_type_name(AlertType t);
std::optional<AlertType> parse_alert_type(std::string_view name);

struct Alert {
  std::string id;  // stable: the type, the address and the event's time (alert_id)
  AlertType type = AlertType::kTakeoff;
  std::uint32_t icao = 0;
  std::string registration, callsign;
  // The airport (ICAO code) and its country; an inferred end names the field
  // that fits best, and `candidates` every field that fits about as well.
  std::string airport, country;
  std::vector<std::string> candidates;
  double time = 0;                     // epoch seconds: the event, or the sighting it rests on
  bool observed = true;                // "how": observed, or inferred
  std::optional<std::int64_t> leg_id;  // the stored leg (LegRecord::id) when there is one
  std::string reason;                  // in words, with the evidence
  std::string refers;                  // landing_confirmed / _withdrawn: the landing_inferred's id
};

// "landing-a8f007-20240329T140512Z": the same event gets the same id however
// often it is met (after a restart, from a second feed).
std::string alert_id(AlertType type, std::uint32_t icao, double time);

// "2024-03-29T14:05:12Z": an alert's time, to the second.
std::string alert_time(double time);

// The alert as one JSON object on one line (no newline): id, type, icao,
// registration, callsign, airport, country, time (ISO 8601), how, leg_id,
// reason, and candidates and refers.
std::string alert_json(const Alert& a);

}  // namespace skywitness::live

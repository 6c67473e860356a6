// The one writer of legs as text: a table, CSV, a JSON array, JSON Lines,
// GeoJSON or KML, for `skywitness flights`, `itineraries`, `legs` and the
// report's legs.geojson and legs.kml. Legs go out one at a time, each written
// to the output as soon as it is formatted, so memory does not grow with the
// number of legs. Field meanings: docs/store.md (the store's fields) and
// docs/roles.md (roles and itineraries).
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "skywitness/core/leg.hpp"

namespace skywitness::output {

enum class LegFormat : std::uint8_t { kTable, kCsv, kJson, kJsonl, kGeojson, kKml };

// "table", "csv", "json", "jsonl", "geojson", "kml".
bool parse_leg_format(std::string_view name, LegFormat& out);

// One field of a leg's record: a JSON key, a CSV column, a GeoJSON property.
enum class LegField : std::uint8_t {
  kIcao,          // 6 lowercase hex digits
  kRegistration,  // LegExtras
  kType,          // LegExtras
  kCallsign,
  kItinerary,  // LegExtras
  kRole,       // LegExtras
  kCountry,    // LegExtras: the country a removal counts for
  kCounted,    // LegExtras
  kInferred,   // LegExtras
  kOrigin,     // "origin": the airport seen, empty when unknown
  kDestination,
  kOriginShown,  // "origin" too: the airport seen, else the guess and "?", else "?"
  kDestinationShown,
  kTakeoffTime,  // null (CSV: empty) when the takeoff was not observed
  kLandingTime,
  // Only of an end not observed: JSON leaves them out for an observed end
  // (CSV leaves them empty), so an observed leg's record is as it was.
  kFirstSeen,      // the sighting, LegEnd::seen
  kTakeoffWindow,  // [from, to] (CSV: "from/to", ISO 8601); null when none
  kLastSeen,
  kLandingWindow,
  kOriginHow,
  kDestinationHow,
  kOriginEvidence,
  kDestinationEvidence,
  kOriginCountry,
  kDestinationCountry,
  kOriginCandidates,  // a JSON array; in CSV and tables space separated
  kDestinationCandidates,
  kPositions,
  kLikelyDestination,  // LegExtras: the guessed airport, empty when none
  kGuess,              // LegExtras: the guess as report.json gives it, null when none
  kReason,             // LegExtras
  kLegId,              // the database id
  // Only of an end whose airport is not known (left out otherwise, as
  // kFirstSeen): the guess of where it was, from the unobserved stop.
  kLikelyOrigin,               // LegExtras: the guessed airport, empty when none
  kLikelyDestinationIfUnseen,  // kLikelyDestination, only of such an end
  kLikelyOriginCountry,        // LegExtras: its country when the evidence decides,
  kLikelyDestinationCountry,   //   "unknown" when it does not, empty when no guess
  kOriginGuess,                // LegExtras: as kGuess, for the takeoff
  kDestinationGuess,           // LegExtras: kGuess's value under the flights' name
};

const char* leg_field_name(LegField f);

// The fields each reader documents, in their order. Changing one changes
// that command's output, which tests and docs pin.
// clang-format off
namespace leg_fields {
using enum LegField;

// `skywitness flights` JSON and GeoJSON properties (docs/store.md).
inline constexpr LegField kFlights[] = {
    kLegId, kIcao, kRegistration, kCallsign, kOrigin, kDestination,
    kTakeoffTime, kLandingTime, kFirstSeen, kTakeoffWindow, kLastSeen,
    kLandingWindow, kOriginHow, kDestinationHow,
    kOriginEvidence, kDestinationEvidence, kOriginCountry, kDestinationCountry,
    kOriginCandidates, kDestinationCandidates, kPositions,
    kLikelyOrigin, kLikelyOriginCountry, kOriginGuess,
    kLikelyDestinationIfUnseen, kLikelyDestinationCountry, kDestinationGuess};
// `skywitness legs --format csv`: the fields of kFlights that a leg has
// before it is stored, grouped by end, those of unobserved ends last.
inline constexpr LegField kLegsCsv[] = {
    kIcao, kRegistration, kCallsign,
    kOrigin, kOriginCountry, kOriginHow, kOriginEvidence, kOriginCandidates,
    kTakeoffTime,
    kDestination, kDestinationCountry, kDestinationHow, kDestinationEvidence,
    kDestinationCandidates,
    kLandingTime, kPositions,
    kFirstSeen, kTakeoffWindow, kLastSeen, kLandingWindow};
// The columns `flights --format csv` added after kLegsCsv's.
inline constexpr LegField kFlightsCsvAdded[] = {
    kLegId, kLikelyOrigin, kLikelyOriginCountry, kLikelyDestinationIfUnseen,
    kLikelyDestinationCountry};
// `skywitness flights --format csv`: kLegsCsv, then those.
inline constexpr auto kFlightsCsv = [] {
  std::array<LegField, std::size(kLegsCsv) + std::size(kFlightsCsvAdded)> out{};
  std::size_t i = 0;
  for (const auto f : kLegsCsv) out[i++] = f;
  for (const auto f : kFlightsCsvAdded) out[i++] = f;
  return out;
}();
// `skywitness legs` JSON Lines: no registration or countries (it reads no
// database), times to the millisecond (LegWriterOptions::exact_times).
inline constexpr LegField kLegsJsonl[] = {
    kIcao, kCallsign, kOrigin, kDestination, kTakeoffTime, kLandingTime,
    kFirstSeen, kTakeoffWindow, kLastSeen, kLandingWindow, kOriginHow, kDestinationHow, kOriginEvidence, kDestinationEvidence,
    kOriginCandidates, kDestinationCandidates, kPositions};
// The report's legs.geojson and `itineraries --format geojson` properties.
inline constexpr LegField kExports[] = {
    kIcao, kRegistration, kType, kCallsign, kItinerary, kRole, kCountry,
    kCounted, kInferred, kOriginShown, kDestinationShown, kTakeoffTime,
    kLandingTime, kFirstSeen, kTakeoffWindow, kLastSeen, kLandingWindow,
    kReason, kLegId};
// A leg inside an itinerary of `itineraries --format json` (docs/roles.md).
inline constexpr LegField kItineraries[] = {
    kOrigin, kDestination, kTakeoffTime, kLandingTime, kFirstSeen,
    kTakeoffWindow, kLastSeen, kLandingWindow, kOriginHow,
    kDestinationHow, kRole, kCountry, kInferred, kLikelyDestination, kGuess,
    kCounted, kReason};
// A leg in the dashboard's API (`serve`, /api/legs): kFlights's, then the
// aircraft's type and the role the itinerary gives the leg.
inline constexpr auto kDashboard = [] {
  constexpr LegField added[] = {kType, kRole, kCountry, kCounted, kInferred, kReason};
  std::array<LegField, std::size(kFlights) + std::size(added)> out{};
  std::size_t i = 0;
  for (const auto f : kFlights) out[i++] = f;
  for (const auto f : added) out[i++] = f;
  return out;
}();

}  // namespace leg_fields
// clang-format on

// What readers know of a leg beyond the LegRecord: the aircraft, and the role
// and itinerary the roles stage gave it. Views: they must outlive write().
struct LegExtras {
  std::string_view registration, type;
  std::string_view itinerary;  // its id, "a8f007-2024-03-29T14:05Z"; KML folders change with it
  std::string_view itinerary_name;  // the KML folder's name
  std::string_view role;            // roles::role_name; empty when there is none
  std::string_view country;
  bool counted = false;
  bool inferred = false;  // the landing was not seen and its place is a guess
  std::string_view origin_guess, destination_guess;  // guessed airports of unseen ends
  // Their countries: the guess's when the evidence decides, else "unknown".
  std::string_view origin_guess_country, destination_guess_country;
  const nlohmann::ordered_json* guess = nullptr;  // for LegField::kGuess and kDestinationGuess
  const nlohmann::ordered_json* origin_guess_json = nullptr;  // for LegField::kOriginGuess
  std::string_view reason;
};

enum class TableLayout : std::uint8_t {
  kColumns,    // `legs`: a header, a line a leg, a count
  kFlights,    // `flights`: the same with the leg's id and its ends' countries
  kItinerary,  // `itineraries`: an indented line a leg, under the itinerary's own line
};

struct LegWriterOptions {
  LegFormat format = LegFormat::kTable;
  // For CSV, JSON, JSON Lines and GeoJSON properties; tables and KML have
  // their own layout.
  std::span<const LegField> fields = leg_fields::kFlights;
  // Times as format_iso8601 gives them, to the millisecond, instead of
  // rounded to the second.
  bool exact_times = false;
  // GeoJSON coordinates with a third value, the altitude in metres.
  bool altitude = true;
  TableLayout table = TableLayout::kColumns;
  std::string title;  // KML document name
};

class LegWriter {
 public:
  using Sink = std::function<void(std::string_view)>;

  LegWriter(Sink out, LegWriterOptions options);
  // Writes to `out` (not owned).
  LegWriter(std::FILE* out, LegWriterOptions options);

  // The format's opening comes with the first leg (or with finish()).
  void write(const LegRecord& r, const LegExtras& extras = {});
  // Closes the array, collection or document, writes a table's count; once.
  void finish();

  std::size_t written() const { return count_; }

 private:
  void start();

  Sink out_;
  LegWriterOptions options_;
  std::string buf_;     // one leg's text
  std::string folder_;  // KML: the itinerary whose folder is open
  bool started_ = false, finished_ = false, candidates_ = false;
  std::size_t count_ = 0;
};

// One leg as a JSON object of `fields`, as the JSON formats write it.
nlohmann::ordered_json leg_json(const LegRecord& r, const LegExtras& extras,
                                std::span<const LegField> fields, bool exact_times = false);

// JSON text of `j` as the writers give it: invalid UTF-8 (a damaged callsign)
// becomes U+FFFD instead of ending the run. `indent` as nlohmann's dump().
std::string json_text(const nlohmann::ordered_json& j, int indent = -1);

// A CSV field, quoted when it holds a comma, a quote or a newline (RFC 4180).
std::string csv_field(std::string_view s);
// Text for XML (KML): & < > " escaped.
std::string xml_escape(std::string_view s);
// "2024-03-30T08:00:00Z": rounded to the second.
std::string iso_seconds(double t);

// The time of an end that was not observed as tables and sentences give it,
// never as a bare time: its window, "2024-03-30 07:57-11:35" (the day again
// when it ends on another), else where the data end in the air "after
// 2024-03-30 07:57" (a landing) or "before ..." (a takeoff), the sighting;
// minutes rounded outwards, so that the text holds what the data allow.
std::string unobserved_time_text(const LegEnd& e, bool landing);

}  // namespace skywitness::output

// Discovery: aircraft that are not on the watchlist but fly like removal
// charters (from the profile's hubs to foreign countries, between hubs, to
// border cities), ranked, with the legs that make them candidates.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "skywitness/roles/itineraries.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::watchlist {

struct Candidate {
  AircraftFacts facts;
  double score = 0;
  int removals_from_hubs = 0;  // removal legs of itineraries that began at a hub
  int hub_transfers = 0, laterals = 0;
  std::set<std::string> countries;    // removal countries
  std::set<std::string> hubs;         // the hubs its removal trips began at
  std::vector<std::string> evidence;  // the first legs that scored, in words
  std::string summary;                // one line
};

struct DiscoverOptions {
  double removal_weight = 3, transfer_weight = 1, lateral_weight = 1;
  double min_score = 3;  // at least one removal from a hub
  std::size_t evidence_legs = 5;
};

// Scores one aircraft from its itineraries; empty below min_score.
std::optional<Candidate> score_candidate(const AircraftFacts& facts,
                                         const std::vector<roles::Itinerary>& itineraries,
                                         const roles::Profile& profile,
                                         const DiscoverOptions& options = {});

// Whether an aircraft off every list is counted for flying like a removal
// charter (docs/roles.md, "Who is counted"): a removal from a hub (the
// discovery rule) and a second sign of the removal network (a transfer
// between hubs, a lateral to a border city, or removals from two hubs);
// never under a scheduled airline's designator (the profile's
// scheduled_airlines), and never when it flies a timetable (one callsign on
// one route on two days or more). The reason, in words, or empty when not.
std::optional<std::string> counted_by_behaviour(const AircraftFacts& facts,
                                                const std::vector<roles::Itinerary>& itineraries,
                                                const roles::Profile& profile);

// Highest score first; ties by address.
void rank(std::vector<Candidate>& candidates);

}  // namespace skywitness::watchlist

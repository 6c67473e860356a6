// The evidence behind one leg: the recorded positions it was built from, each
// with the input it came from (the file, and the archive member), its first
// and last sighting, and why each end is observed or inferred, in words a
// reader can check against the positions. `skywitness evidence` prints it;
// the report writes one file a removal leg beside itself (evidence/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "skywitness/core/leg.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::report {

struct EvidenceSource {
  std::string input, member;  // member empty for a whole file
  std::size_t positions = 0;  // of the leg's, from this input
};

struct LegEvidence {
  LegRecord leg;
  std::string registration, type;
  double around_s = 0;  // positions this long before and after the leg are listed too
  std::vector<store::SourcedPosition> positions;  // in time order
  std::vector<bool> in_leg;                       // one per position
  std::size_t inside = 0;                         // positions in the leg
  std::optional<std::size_t> first, last;         // the leg's first and last sighting
  std::vector<EvidenceSource> sources;            // by input and member
};

// "evidence/leg-98": where the report writes a leg's evidence, relative to
// itself (STEM.txt, the summary the report links to, and STEM.csv).
std::string evidence_stem(std::int64_t leg);

// nullopt when the database has no leg `id`.
std::optional<LegEvidence> leg_evidence(store::Store& db, std::int64_t id, double around_s = 1800);

// "seen on the ground at ZYTX", "lost low near ZYTX and seen again after a gap
// in the data: the landing is inferred inside the gap", ...
std::string end_reason(const LegEnd& e, bool takeoff);

// The summary a reader starts from: the leg, its ends with their reasons,
// the sightings, the inputs; `db` names the database in the command that
// lists every position.
std::string evidence_text(const LegEvidence& e, const std::string& db);
// A row a position: time,lat,lon,alt_baro,on_ground,gs,track,input,member,in_leg.
std::string evidence_csv(const LegEvidence& e);
// The leg, its ends, sightings, sources and every position (one line).
std::string evidence_json(const LegEvidence& e);
// The same without the positions.
nlohmann::ordered_json evidence_summary_json(const LegEvidence& e);
// The leg's track as a LineString and every position as a Point.
std::string evidence_geojson(const LegEvidence& e);

}  // namespace skywitness::report

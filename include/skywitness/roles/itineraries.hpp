// One aircraft's legs chained into itineraries (from a base until it stays
// at a base again), and each leg given a role with the reason in words.
// Rules: docs/roles.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/roles/stops.hpp"

namespace skywitness::roles {

enum class Role : std::uint8_t {
  kRemoval,           // to a foreign country: counted for that country
  kFurtherRemoval,    // another foreign stop on the same outbound trip
  kReturn,            // on the way back, foreign stops included
  kDomesticTransfer,  // between two hubs
  kLateral,           // to a border-city airport
  kPositioning,       // any other domestic leg
  kTechnicalStop,     // to a fuel stop, with a short time on the ground
  kUnknown,           // an end is not known
};

const char* role_name(Role r);
// What the role means, in a sentence a report can carry ("to a foreign
// country: counted for that country, once per itinerary").
const char* role_description(Role r);
// The role a name (role_name's) stands for; nullopt for no role's name.
std::optional<Role> role_from_name(std::string_view name);

struct RoledLeg {
  LegRecord leg;
  Role role = Role::kUnknown;
  std::string country;   // ISO code a removal counts for; empty otherwise
  bool counted = false;  // the first removal to `country` in its itinerary
  std::string reason;    // why, in words
  // Set when the destination was not seen and its place is a guess (then
  // `country`, for a removal, is inferred too).
  const StopGuess* guess = nullptr;
  const StopGuess* origin_guess = nullptr;  // the same for the takeoff
};

struct Itinerary {
  std::uint32_t icao = 0;
  std::string base;            // where it began
  bool back_at_base = false;   // false when the data ends, or a leg's end is unknown
  std::vector<RoledLeg> legs;  // in time order
};

// `legs` are one aircraft's, in time order. `guesses` fill in unobserved
// stops (guess_stop); legs point into it, so it must outlive the result.
std::vector<Itinerary> build_itineraries(const std::vector<LegRecord>& legs, const Profile& profile,
                                         const geo::Airports& airports,
                                         std::span<const StopGuess> guesses = {});

}  // namespace skywitness::roles

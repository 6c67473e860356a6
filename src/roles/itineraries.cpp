#include "skywitness/roles/itineraries.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace skywitness::roles {
namespace {

constexpr double kNight = 8 * 3600.0;

// Airports where the aircraft stayed the night often enough to be a base.
std::set<std::string> sleep_bases(const std::vector<LegRecord>& legs, int needed) {
  std::map<std::string, int> nights;
  for (std::size_t i = 0; i + 1 < legs.size(); ++i) {
    const auto& here = legs[i].leg.destination;
    if (!here.airport.empty() && here.airport == legs[i + 1].leg.origin.airport &&
        legs[i + 1].leg.origin.time - here.time >= kNight)
      ++nights[here.airport];
  }
  std::set<std::string> out;
  for (const auto& [airport, n] : nights)
    if (n >= needed) out.insert(airport);
  return out;
}

// "ZYTX (CN) 91%, ZYYY (CN) 6%": the first candidates of a guess.
std::string candidate_list(const StopGuess& g) {
  std::string out;
  for (std::size_t i = 0; i < g.candidates.size() && i < 4; ++i)
    out += fmt::format("{}{} ({}) {:.0f}%", i ? ", " : "", g.candidates[i].airport,
                       g.candidates[i].country, 100 * g.candidates[i].share);
  return out;
}

class Roles {
 public:
  Roles(const Profile& p, const geo::Airports& a, std::span<const StopGuess> g)
      : p_(p), airports_(a), guesses_(g) {}

  // A guess for the unobserved stop that ends at `t`, or begins at `t`.
  const StopGuess* guess(std::uint32_t icao, double t, bool landing) const {
    for (const auto& g : guesses_)
      if (g.icao == icao && std::fabs((landing ? g.from_time : g.to_time) - t) < 1) return &g;
    return nullptr;
  }

  void assign(Itinerary& it) const {
    // Where each leg went and came from, with unobserved stops filled in
    // from their guesses.
    const std::size_t n = it.legs.size();
    std::vector<std::string> dest(n), dest_cc(n), orig(n), orig_cc(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto& r = it.legs[i];
      const auto& l = r.leg.leg;
      dest[i] = l.destination.airport;
      dest_cc[i] = r.leg.destination_country;
      orig[i] = l.origin.airport;
      orig_cc[i] = r.leg.origin_country;
      if (dest[i].empty() && l.destination.how == EndHow::kInferred)
        if (const auto* g = guess(l.icao, l.destination.time, true)) {
          dest[i] = g->airport;
          dest_cc[i] = g->country;
          r.guess = g;
        }
      if (orig[i].empty() && l.origin.how == EndHow::kInferred)
        if (const auto* g = guess(l.icao, l.origin.time, false)) {
          orig[i] = g->airport;
          orig_cc[i] = g->country;
          r.origin_guess = g;
        }
    }
    // After a removal, a foreign stop that lies on the way back to the base
    // (flying there and on home is barely longer than flying home straight)
    // is a stop on the way back; one off that way is a further removal.
    auto detour = [&](const std::string& from, const std::string& via) {
      const auto* a = airports_.find(from);
      const auto* v = airports_.find(via);
      const auto* b = airports_.find(it.base);
      if (!a || !v || !b) return 1e9;
      const double straight = geo::distance_nm(a->pos, b->pos);
      return straight <= 0
                 ? 1e9
                 : (geo::distance_nm(a->pos, v->pos) + geo::distance_nm(v->pos, b->pos)) / straight;
    };
    std::set<std::string> removed_to;
    std::string last_removal;
    bool first_country_unknown = false;  // the removal went to an unobserved stop, country unknown
    auto lands_abroad_after = [&](std::size_t i) {
      for (std::size_t j = i + 1; j < n; ++j)
        if (!dest[j].empty() && !dest_cc[j].empty() && dest_cc[j] != p_.home_country) return true;
      return false;
    };
    for (std::size_t i = 0; i < it.legs.size(); ++i) {
      auto& r = it.legs[i];
      const auto& l = r.leg.leg;
      const std::string& to = dest[i];
      const std::string& from = orig[i];
      const std::string& to_cc = dest_cc[i];
      const std::string& from_cc = orig_cc[i];
      const bool to_foreign = !to.empty() && to_cc != p_.home_country;
      const bool from_foreign = !from.empty() && from_cc != p_.home_country;
      const bool unobserved =
          l.destination.airport.empty() && l.destination.how == EndHow::kInferred;
      if (unobserved && (!r.guess || !r.guess->country_known())) {
        // An unobserved stop whose country the evidence does not decide.
        // Before any other foreign landing it is where the removal went
        // (when abroad is where the evidence, or the rest of the trip,
        // points): the first foreign country is not known from
        // observation, and is never given to the next airport seen.
        double foreign = 0;
        if (r.guess)
          for (const auto& c : r.guess->candidates)
            if (c.country != p_.home_country) foreign += c.share;
        const bool abroad = (r.guess && foreign >= 0.8) || lands_abroad_after(i);
        const std::string candidates = r.guess ? candidate_list(*r.guess) : "no airport fits";
        if (removed_to.empty() && abroad) {
          r.role = Role::kRemoval;
          r.country = kUnknownCountry;
          r.counted = true;
          r.reason = fmt::format(
              "a removal on the way out from {}, to a country the evidence does not decide: the "
              "aircraft stopped unseen (candidates: {})",
              it.base, candidates);
          removed_to.insert(kUnknownCountry);
          first_country_unknown = true;
          last_removal = r.guess ? r.guess->airport : "";
        } else {
          r.role = Role::kUnknown;
          r.reason = fmt::format(
              "the landing was not seen, and where it was is not known (candidates: {})",
              candidates);
        }
        continue;
      }
      if (to_foreign && first_country_unknown) {
        r.role = Role::kReturn;
        r.reason = fmt::format(
            "a stop at {} ({}) after an unobserved stop whose country is not known; not counted "
            "as a removal",
            to, to_cc);
        continue;
      }
      // Time on the ground after this leg, when the next leg leaves from there.
      const double ground_h = i + 1 < n && orig[i + 1] == to
                                  ? (it.legs[i + 1].leg.leg.origin.time - l.destination.time) / 3600
                                  : 1e9;
      const bool technical = p_.technical_stops.contains(to) && ground_h < p_.technical_stop_hours;
      if (to.empty()) {
        r.role = Role::kUnknown;
        r.reason = l.destination.how == EndHow::kInferred
                       ? "the landing was not seen: the aircraft stopped somewhere unobserved"
                       : "the data ends before a landing";
      } else if (technical) {
        r.role = Role::kTechnicalStop;
        r.reason =
            fmt::format("{:.1f} h on the ground at {}, a fuel stop on long routes", ground_h, to);
      } else if (to_foreign && removed_to.empty()) {
        r.role = Role::kRemoval;
        r.country = to_cc;
        r.counted = true;
        r.reason = r.guess ? fmt::format("to {}, on the way out from {}: {}", to_cc, it.base,
                                         r.guess->reason)
                           : fmt::format("to {} ({}) on the way out from {}", to, to_cc, it.base);
        removed_to.insert(to_cc);
        last_removal = to;
      } else if (const double ratio = to_foreign ? detour(last_removal, to) : 0;
                 to_foreign && ratio > p_.return_detour) {
        r.role = Role::kFurtherRemoval;
        r.country = to_cc;
        r.counted = removed_to.insert(to_cc).second;
        r.reason =
            fmt::format("a further stop at {} ({}) after {} on the same trip out{}", to, to_cc,
                        last_removal, r.counted ? "" : "; the same country, counted once");
        last_removal = to;
      } else if (to_foreign) {
        r.role = Role::kReturn;
        r.reason = fmt::format(
            "a stop at {} ({}) on the way back from {} to {} ({:.0f}% longer than flying back "
            "straight); not a removal to {}",
            to, to_cc, last_removal, it.base, (ratio - 1) * 100, to_cc);
      } else if (from_foreign || !removed_to.empty()) {
        r.role = Role::kReturn;
        r.reason = fmt::format("back to {} from {}", p_.home_country,
                               last_removal.empty() ? from : last_removal);
      } else if (p_.border_airports.contains(to)) {
        r.role = Role::kLateral;
        r.reason = fmt::format("to {}, a border-city airport", to);
      } else if (p_.hubs.contains(from) && p_.hubs.contains(to)) {
        r.role = Role::kDomesticTransfer;
        r.reason = fmt::format("between the hubs {} and {}", from, to);
      } else if (from.empty()) {
        r.role = Role::kUnknown;
        r.reason = "the takeoff was not seen";
      } else {
        r.role = Role::kPositioning;
        r.reason = fmt::format("a domestic leg {} to {} outside the hubs", from, to);
      }
    }
  }

 private:
  const Profile& p_;
  const geo::Airports& airports_;
  std::span<const StopGuess> guesses_;
};

}  // namespace

const char* role_name(Role r) {
  switch (r) {
    case Role::kRemoval:
      return "removal";
    case Role::kFurtherRemoval:
      return "further_removal";
    case Role::kReturn:
      return "return";
    case Role::kDomesticTransfer:
      return "domestic_transfer";
    case Role::kLateral:
      return "lateral";
    case Role::kPositioning:
      return "positioning";
    case Role::kTechnicalStop:
      return "technical_stop";
    case Role::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const char* role_description(Role r) {
  switch (r) {
    case Role::kRemoval:
      return "the first landing of a trip in a country abroad: counted for that country, once "
             "per trip (from a base until the aircraft is back at one)";
    case Role::kFurtherRemoval:
      return "another landing abroad on the same outbound trip, after the removal";
    case Role::kReturn:
      return "a leg on the way back, from the last country the trip landed in";
    case Role::kDomesticTransfer:
      return "between two of the profile's hubs, at home";
    case Role::kLateral:
      return "to a border city at home, from where people are walked across";
    case Role::kPositioning:
      return "any other leg at home (to or from maintenance, a base, a crew change)";
    case Role::kTechnicalStop:
      return "to a fuel stop on the way, with a short time on the ground";
    case Role::kUnknown:
      return "an end of the leg was not seen and no guess places it";
  }
  return "";
}

std::optional<Role> role_from_name(std::string_view name) {
  for (const Role r :
       {Role::kRemoval, Role::kFurtherRemoval, Role::kReturn, Role::kDomesticTransfer,
        Role::kLateral, Role::kPositioning, Role::kTechnicalStop, Role::kUnknown})
    if (name == role_name(r)) return r;
  return std::nullopt;
}

std::vector<Itinerary> build_itineraries(const std::vector<LegRecord>& legs, const Profile& profile,
                                         const geo::Airports& airports,
                                         std::span<const StopGuess> guesses) {
  std::set<std::string> bases = profile.hubs;
  bases.merge(sleep_bases(legs, profile.sleeps_for_base));
  std::vector<Itinerary> out;
  Itinerary cur;
  auto close = [&](bool at_base) {
    if (cur.legs.empty()) return;
    cur.back_at_base = at_base;
    out.push_back(std::move(cur));
    cur = Itinerary{};
  };
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const auto& l = legs[i].leg;
    if (cur.legs.empty()) {
      cur.icao = l.icao;
      cur.base = l.origin.airport;
    } else if (const auto& prev = cur.legs.back().leg.leg.destination;
               !(l.origin.airport == prev.airport &&
                 (!prev.airport.empty() || prev.how == EndHow::kInferred))) {
      // The chain is broken (a leg flown unseen, or the data stopped), unless
      // both sides of an unobserved stop meet.
      close(false);
      cur.icao = l.icao;
      cur.base = l.origin.airport;
    }
    cur.legs.push_back({legs[i], Role::kUnknown, "", false, ""});
    const std::string& to = l.destination.airport;
    const bool stays = i + 1 == legs.size() || legs[i + 1].leg.origin.time - l.destination.time >=
                                                   profile.base_stay_hours * 3600;
    if (to.empty() && l.destination.how != EndHow::kInferred)
      close(false);
    else if (bases.contains(to) && stays)
      close(true);
  }
  close(false);
  const Roles roles(profile, airports, guesses);
  for (auto& it : out) roles.assign(it);
  return out;
}

}  // namespace skywitness::roles

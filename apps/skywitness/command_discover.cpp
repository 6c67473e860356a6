#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "arguments.hpp"
#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/watchlist/discover.hpp"

namespace skywitness::cli {
namespace {

// `skywitness discover`: aircraft not on the watchlist that fly like the
// charters on it, ranked, with the legs that make them candidates.
class DiscoverCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    app.add_option("--watchlist", in_.watchlist, "Watchlist file (docs/watchlists.md)")->required();
    app.add_option("--profile", in_.profile, "Profile TOML; default data/profiles/us-removal.toml");
    app.add_option("--from", from_, "Itineraries ending at or after this UTC date or time");
    app.add_option("--to", to_, "Itineraries starting before this UTC date or time");
    app.add_option("--limit", limit_, "Show at most this many")->default_val(20);
    app.add_option("--format", format_, "table or json")
        ->check(CLI::IsMember({"table", "json"}))
        ->default_val("table");
    app.add_flag("-q,--quiet", in_.quiet, "No progress on stderr");
  }

  int run() override {
    std::optional<double> from, to;
    if (!check_period("discover", from_, to_, from, to, false)) return 2;
    Analysis a;
    if (const int rc = load_analysis("discover", in_, a)) return rc;
    std::vector<watchlist::Candidate> found;
    for (const auto& h : a.fleet.aircraft) {
      if (!h.watched_because.empty()) continue;
      std::vector<roles::Itinerary> window;
      for (const auto& it : h.itineraries)
        if ((!from || it.legs.back().leg.leg.destination.time >= *from) &&
            (!to || it.legs.front().leg.leg.origin.time < *to))
          window.push_back(it);
      if (auto c = watchlist::score_candidate(h.facts, window, a.profile))
        found.push_back(std::move(*c));
    }
    watchlist::rank(found);
    const std::size_t total = found.size();
    if (found.size() > limit_) found.resize(limit_);
    if (format_ == "json") {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& c : found) out.push_back(report::candidate_json(c));
      fmt::print("{}\n", out.dump(1));
      return 0;
    }
    for (const auto& c : found) {
      fmt::print("{:06x} {:<8} {:<4} score {:>4g}: {}\n", c.facts.icao,
                 c.facts.registration.empty() ? "?" : c.facts.registration,
                 c.facts.type.empty() ? "?" : c.facts.type, c.score, c.summary);
      for (const auto& e : c.evidence) fmt::print("    {}\n", e);
    }
    fmt::print("{} off the watchlist {} like removal charters{}\n", plural(total, "aircraft"),
               total == 1 ? "flies" : "fly",
               total > found.size() ? fmt::format(" ({} shown)", found.size()) : "");
    return 0;
  }

 private:
  AnalysisInputs in_;
  std::string from_, to_, format_ = "table";
  std::size_t limit_ = 20;
};

}  // namespace

std::unique_ptr<Command> make_discover_command() {
  return std::make_unique<DiscoverCommand>();
}

}  // namespace skywitness::cli

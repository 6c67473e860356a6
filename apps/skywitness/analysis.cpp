#include "analysis.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "progress.hpp"

namespace skywitness::cli {

void add_counting_options(CLI::App& app, AnalysisInputs& in) {
  app.add_option("--profile", in.profile, "Profile TOML; default data/profiles/us-removal.toml");
  app.add_option("--watchlist", in.watchlist,
                 "Watchlist file (docs/watchlists.md); without one the profile's removal "
                 "operators and aircraft that fly like them count");
  app.add_flag("--all-aircraft", in.all_aircraft,
               "Count every aircraft in the database, airliners included (no watchlist)");
}

int load_analysis(const char* command, const AnalysisInputs& in, Analysis& out) {
  analysis::Inputs inputs = in;
  ProgressLine progress(fmt::format("skywitness {}: itineraries: ", command), !in.quiet);
  if (auto show = progress.sink())
    inputs.progress = [show](std::size_t done, std::size_t total) {
      show(fmt::format("{} of {} aircraft", done, total));
    };
  const Status status = analysis::load(inputs, out);
  progress.done();
  if (!status.ok()) {
    fmt::print(stderr, "skywitness {}: {}\n", command, status.error().to_string());
    return status.error().kind == ErrorKind::kUsage ? 2 : 1;
  }
  // Warnings are not progress: -q keeps them.
  for (const auto& w : out.warnings) fmt::print(stderr, "skywitness {}: warning: {}\n", command, w);
  if (!in.quiet) {
    if (out.sources.built > 0)
      fmt::print(stderr,
                 "skywitness {}: itineraries of {} aircraft built now, {} read from the "
                 "database (it holds none for profile {} for them; `skywitness update --db {}` "
                 "stores them)\n",
                 command, out.sources.built, out.sources.stored, out.profile.name, in.db);
  }
  return 0;
}

}  // namespace skywitness::cli

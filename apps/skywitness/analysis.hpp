// The command-line side of the analysis component (skywitness/analysis/):
// the options that say who is counted, and loading with its messages printed.
#pragma once

#include <CLI/CLI.hpp>

#include "skywitness/analysis/analysis.hpp"

namespace skywitness::cli {

struct AnalysisInputs : analysis::Inputs {
  bool quiet = false;  // no progress on stderr
};

using Analysis = analysis::Analysis;

// The options that say who is counted, shared by report and timeline:
// --profile, --watchlist, --all-aircraft.
void add_counting_options(CLI::App& app, AnalysisInputs& in);

// Loads everything; on failure prints "skywitness CMD: what" and returns the
// exit code (1, or 2 for a bad profile, watchlist or option); 0 when loaded.
int load_analysis(const char* command, const AnalysisInputs& in, Analysis& out);

}  // namespace skywitness::cli

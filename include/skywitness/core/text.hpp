// Small text helpers shared by the readers of tables people download (aircraft
// databases, encounter statistics, watchlists).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace skywitness {

std::string_view trim(std::string_view s);
std::string upper(std::string_view s);

// Splits one CSV line on `sep`; fields may be quoted with `quote` (doubled
// inside; 0 for none). False when a quoted field does not end.
bool split_csv(std::string_view line, char sep, char quote, std::vector<std::string>& out);

}  // namespace skywitness

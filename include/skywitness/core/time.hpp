// Calendar helpers: civil dates to epoch seconds and back, without time zones
// (everything in skywitness is UTC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace skywitness {

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

// "2016/03/14" (or 2016-03-14) and "23:00:00.250" to epoch seconds, UTC.
// Empty for a day past the end of its month, or seconds that are not two
// digits with an optional fraction.
std::optional<double> parse_date_time(std::string_view date, std::string_view time);

// "2024-03-30T14:05:00Z" (seconds fraction and Z optional), or a date alone
// (midnight), to epoch seconds, UTC.
std::optional<double> parse_iso8601(std::string_view text);

// Epoch seconds to "2016-03-14T23:00:00.250Z" (milliseconds).
std::string format_iso8601(double epoch_seconds);

// Epoch seconds to the UTC day they fall in: "2016-03-14".
std::string format_date(double epoch_seconds);

}  // namespace skywitness

#include "skywitness/core/time.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

namespace skywitness {

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm (public domain description of the calendar arithmetic).
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

template <typename T>
bool parse_int(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<double> parse_date_time(std::string_view date, std::string_view time) {
  if (date.size() != 10 || (date[4] != '/' && date[4] != '-') || date[7] != date[4])
    return std::nullopt;
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0;
  if (!parse_int(date.substr(0, 4), y) || !parse_int(date.substr(5, 2), mo) ||
      !parse_int(date.substr(8, 2), d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  if (time.size() < 8 || time[2] != ':' || time[5] != ':') return std::nullopt;
  if (!parse_int(time.substr(0, 2), h) || !parse_int(time.substr(3, 2), mi)) return std::nullopt;
  double sec = 0;
  auto rest = time.substr(6);
  // Two digits and an optional fraction: from_chars alone would also take
  // "nan", "1e1" or a single digit.
  if (rest.size() < 2 || !all_digits(rest.substr(0, 2)) ||
      (rest.size() > 2 && (rest[2] != '.' || !all_digits(rest.substr(3)))))
    return std::nullopt;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), sec);
  if (ec != std::errc{} || p != rest.data() + rest.size()) return std::nullopt;
  if (h > 23 || mi > 59 || sec < 0 || sec >= 61) return std::nullopt;
  return static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
}

std::optional<double> parse_iso8601(std::string_view text) {
  if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
  if (text.size() == 10) return parse_date_time(text, "00:00:00");
  if (text.size() < 19 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  return parse_date_time(text.substr(0, 10), text.substr(11));
}

std::string format_iso8601(double t) {
  const auto ms_total = static_cast<std::int64_t>(std::llround(t * 1000.0));
  std::int64_t days = ms_total >= 0 ? ms_total / 86400000 : (ms_total - 86399999) / 86400000;
  const std::int64_t ms_of_day = ms_total - days * 86400000;
  // civil_from_days
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", y, m, d, ms_of_day / 3600000,
                     ms_of_day / 60000 % 60, ms_of_day / 1000 % 60, ms_of_day % 1000);
}

std::string format_date(double t) {
  return format_iso8601(t).substr(0, 10);
}

}  // namespace skywitness

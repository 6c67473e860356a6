#include "skywitness/registry/seats.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"
#include "skywitness/core/text.hpp"

namespace skywitness::registry {
namespace {

bool parse_int(std::string_view s, int& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && out >= 0 && out <= 1000;
}

}  // namespace

std::optional<SeatTable> SeatTable::load_bundled(std::string& error) {
  return load(data_path("aircraft_types/seats.csv"), error);
}

std::optional<SeatTable> SeatTable::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("cannot open {} (set SKYWITNESS_DATA to the data folder)", path);
    return std::nullopt;
  }
  SeatTable out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CR LF
    if (n == 1 || line.empty()) continue;                       // header
    std::vector<std::string_view> f;
    std::string_view rest = line;
    for (int i = 0; i < 4; ++i) {
      const auto comma = rest.find(',');
      if (comma == std::string_view::npos) break;
      f.push_back(rest.substr(0, comma));
      rest.remove_prefix(comma + 1);
    }
    f.push_back(rest);  // the name, which may hold commas
    SeatEstimate e;
    const bool ok = f.size() == 5 && !f[0].empty() && f[0].size() <= 4 &&
                    parse_int(f[1], e.seats) && parse_int(f[2], e.min) && parse_int(f[3], e.max) &&
                    e.min <= e.seats && e.seats <= e.max;
    if (!ok) {
      error =
          fmt::format("{}:{}: expected type,seats,min,max,name with min <= seats <= max", path, n);
      return std::nullopt;
    }
    e.name = std::string(f[4]);
    if (!out.by_type_.emplace(upper(f[0]), std::move(e)).second) {
      error = fmt::format("{}:{}: type {} appears twice", path, n, f[0]);
      return std::nullopt;
    }
  }
  return out;
}

const SeatEstimate* SeatTable::find(std::string_view type) const {
  const auto it = by_type_.find(upper(type));
  return it == by_type_.end() ? nullptr : &it->second;
}

}  // namespace skywitness::registry

#include "skywitness/geo/airports.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"
#include "skywitness/core/text.hpp"

namespace skywitness::geo {

std::optional<Airports> Airports::load_bundled(std::string& error) {
  return load(data_path("airports/airports.csv"), error);
}

std::optional<Airports> Airports::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("cannot open {} (set SKYWITNESS_DATA to the data folder)", path);
    return std::nullopt;
  }
  Airports out;
  std::string line;
  std::size_t line_no = 0;
  bool has_city = false;  // files before the `city` column end with `name`
  std::vector<std::string> fields;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CR LF
    if (line_no == 1) {                                         // header
      has_city = line.ends_with(",city");
      continue;
    }
    if (line.empty()) continue;
    // ident,size,lat,lon,elevation_ft,country,iata,scheduled,name[,city]: the
    // name and the city may be quoted. Without the city column the name is
    // the rest of the line, as older files wrote it.
    std::string_view f[8];
    std::string name, city;
    bool ok = true;
    if (has_city) {
      ok = split_csv(line, ',', '"', fields) && fields.size() == 10;
      if (ok) {
        for (std::size_t i = 0; i < 8; ++i) f[i] = fields[i];
        name = fields[8];
        city = fields[9];
      }
    } else {
      std::string_view s(line);
      for (auto& field : f) {
        const auto comma = s.find(',');
        if (comma == std::string_view::npos) {
          ok = false;
          break;
        }
        field = s.substr(0, comma);
        s.remove_prefix(comma + 1);
      }
      if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
      name = s;
    }
    Airport a;
    auto num = [&](std::string_view v, double& d) {
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      return ec == std::errc{} && p == v.data() + v.size();
    };
    double elev = 0;
    if (!ok || !num(f[2], a.pos.lat) || !num(f[3], a.pos.lon) || !num(f[4], elev) ||
        !(a.pos.lat >= -90 && a.pos.lat <= 90) || !(a.pos.lon >= -180 && a.pos.lon <= 180) ||
        !std::isfinite(elev)) {
      error = fmt::format("{}:{}: malformed airport line", path, line_no);
      return std::nullopt;
    }
    a.ident = f[0];
    a.large = f[1] == "L";
    a.elevation_ft = static_cast<int>(elev);
    a.country = f[5];
    a.iata = f[6];
    a.scheduled = f[7] == "1";
    a.name = std::move(name);
    a.city = std::move(city);
    out.by_ident_.emplace(a.ident, out.airports_.size());
    out.airports_.push_back(std::move(a));
  }
  return out;
}

const Airport* Airports::find(std::string_view ident) const {
  auto it = by_ident_.find(std::string(ident));
  return it == by_ident_.end() ? nullptr : &airports_[it->second];
}

}  // namespace skywitness::geo

#include "skywitness/geo/countries.hpp"

#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"
#include "skywitness/core/text.hpp"

namespace skywitness::geo {

std::optional<CountryNames> CountryNames::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("{}: cannot open the country table", path);
    return std::nullopt;
  }
  CountryNames c;
  std::string line;
  std::vector<std::string> f;
  for (std::uint64_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CR LF
    if (n == 1 || line.empty()) continue;
    if (!split_csv(line, ',', '"', f) || f.size() != 2 || f[0].size() != 2) {
      error = fmt::format("{}:{}: expected 'country,name'", path, n);
      return std::nullopt;
    }
    c.names_[f[0]] = f[1];
  }
  return c;
}

std::optional<CountryNames> CountryNames::load_bundled(std::string& error) {
  return load(data_path("countries/countries.csv"), error);
}

std::string CountryNames::name(std::string_view code) const {
  const auto it = names_.find(code);
  return it == names_.end() ? std::string(code) : it->second;
}

std::string CountryNames::code_of(std::string_view name) const {
  const std::string want = upper(trim(name));
  for (const auto& [code, full] : names_)
    if (upper(full) == want) return code;
  return {};
}

}  // namespace skywitness::geo

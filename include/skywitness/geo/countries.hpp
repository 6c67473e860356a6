// Country names by ISO 3166-1 alpha-2 code (data/countries/countries.csv).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace skywitness::geo {

class CountryNames {
 public:
  static std::optional<CountryNames> load(const std::string& path, std::string& error);
  static std::optional<CountryNames> load_bundled(std::string& error);
  // "CN" -> "China"; the code itself when unknown.
  std::string name(std::string_view code) const;

 private:
  std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace skywitness::geo

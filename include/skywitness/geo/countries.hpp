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
  // Whether the table has this code (upper case: "CN").
  bool contains(std::string_view code) const { return names_.find(code) != names_.end(); }
  // The code of a country named exactly so, case aside ("china" -> "CN"); empty when none.
  std::string code_of(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace skywitness::geo

// Seats by ICAO aircraft type (data/aircraft_types/seats.csv): an estimate
// and the range of layouts in service. Seats on a flight are an upper bound
// on the people aboard, never a count.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace skywitness::registry {

struct SeatEstimate {
  int seats = 0;  // the estimate used in counts
  int min = 0, max = 0;
  std::string name;
};

class SeatTable {
 public:
  // Loads a seats CSV; on failure returns empty and sets `error` (with the line).
  static std::optional<SeatTable> load(const std::string& path, std::string& error);
  static std::optional<SeatTable> load_bundled(std::string& error);

  // By ICAO type designator (case-insensitive); nullptr when unknown.
  const SeatEstimate* find(std::string_view type) const;
  std::size_t size() const { return by_type_.size(); }

 private:
  std::unordered_map<std::string, SeatEstimate> by_type_;
};

}  // namespace skywitness::registry

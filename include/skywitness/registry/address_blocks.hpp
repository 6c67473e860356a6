// Which State an ICAO 24-bit address was allocated to: the blocks of ICAO
// Annex 10, Volume III, Chapter 9 (data/icao_blocks/blocks.csv). The address
// says where an aircraft is registered, not who operates it or where it flies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace skywitness::registry {

struct AddressBlock {
  std::uint32_t start = 0, end = 0;  // inclusive
  std::string country;               // ISO 3166-1 alpha-2; empty for ICAO and unassigned blocks
  std::string name;                  // the State, or the block, as ICAO names it
};

class AddressBlocks {
 public:
  // Loads a blocks CSV; on failure returns empty and sets `error` (with the line).
  static std::optional<AddressBlocks> load(const std::string& path, std::string& error);
  static std::optional<AddressBlocks> load_bundled(std::string& error);

  // The narrowest block holding the address (a State's block rather than
  // its region's reserve around it); nullptr outside every block.
  const AddressBlock* find(std::uint32_t icao) const;
  // ISO code of the State, empty when the block is not a State's or none holds it.
  std::string country(std::uint32_t icao) const;

  const std::vector<AddressBlock>& blocks() const { return blocks_; }

 private:
  std::vector<AddressBlock> blocks_;
  // Disjoint segments in address order, each with the narrowest block over it.
  std::vector<std::uint32_t> segment_start_;
  std::vector<int> segment_block_;  // index into blocks_, -1 for none
};

}  // namespace skywitness::registry

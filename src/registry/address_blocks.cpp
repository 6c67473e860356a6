#include "skywitness/registry/address_blocks.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"

namespace skywitness::registry {
namespace {

bool parse_hex(std::string_view s, std::uint32_t& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc{} && end == s.data() + s.size() && s.size() == 6;
}

}  // namespace

std::optional<AddressBlocks> AddressBlocks::load_bundled(std::string& error) {
  return load(data_path("icao_blocks/blocks.csv"), error);
}

std::optional<AddressBlocks> AddressBlocks::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("cannot open {} (set SKYWITNESS_DATA to the data folder)", path);
    return std::nullopt;
  }
  AddressBlocks out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CR LF
    if (n == 1 || line.empty()) continue;                       // header
    // start,end,country,"name" (the name may hold commas)
    const auto c1 = line.find(',');
    const auto c2 = c1 == std::string::npos ? c1 : line.find(',', c1 + 1);
    const auto c3 = c2 == std::string::npos ? c2 : line.find(',', c2 + 1);
    AddressBlock b;
    if (c3 == std::string::npos || !parse_hex(std::string_view(line).substr(0, c1), b.start) ||
        !parse_hex(std::string_view(line).substr(c1 + 1, c2 - c1 - 1), b.end) || b.end < b.start ||
        (c3 - c2 - 1 != 0 && c3 - c2 - 1 != 2)) {
      error =
          fmt::format("{}:{}: expected start,end,country,name with 6-hex-digit addresses", path, n);
      return std::nullopt;
    }
    b.country = line.substr(c2 + 1, c3 - c2 - 1);
    b.name = line.substr(c3 + 1);
    if (b.name.size() >= 2 && b.name.front() == '"' && b.name.back() == '"')
      b.name = b.name.substr(1, b.name.size() - 2);
    out.blocks_.push_back(std::move(b));
  }
  // Cut the address space at every block edge; each piece takes the
  // narrowest block that covers it.
  std::vector<std::uint64_t> cuts;
  for (const auto& b : out.blocks_) {
    cuts.push_back(b.start);
    cuts.push_back(std::uint64_t{b.end} + 1);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  for (const auto cut : cuts) {
    if (cut > 0xFFFFFF) break;  // the end of the last block
    const auto at = static_cast<std::uint32_t>(cut);
    int best = -1;
    for (std::size_t k = 0; k < out.blocks_.size(); ++k) {
      const auto& b = out.blocks_[k];
      if (b.start <= at && at <= b.end &&
          (best < 0 || b.end - b.start < out.blocks_[static_cast<std::size_t>(best)].end -
                                             out.blocks_[static_cast<std::size_t>(best)].start))
        best = static_cast<int>(k);
    }
    out.segment_start_.push_back(at);
    out.segment_block_.push_back(best);
  }
  return out;
}

const AddressBlock* AddressBlocks::find(std::uint32_t icao) const {
  auto it = std::upper_bound(segment_start_.begin(), segment_start_.end(), icao);
  if (it == segment_start_.begin()) return nullptr;
  const int k = segment_block_[static_cast<std::size_t>(it - segment_start_.begin() - 1)];
  return k < 0 ? nullptr : &blocks_[static_cast<std::size_t>(k)];
}

std::string AddressBlocks::country(std::uint32_t icao) const {
  const auto* b = find(icao);
  return b ? b->country : std::string();
}

}  // namespace skywitness::registry

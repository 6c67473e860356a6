#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include <zstd.h>

#include "skywitness/store/store.hpp"

namespace skywitness::store {
namespace {

static_assert(std::endian::native == std::endian::little,
              "chunk records are written in the machine's byte order, little-endian");

// One position, packed: the address is the chunk's, so it is not repeated.
// lat/lon in 1e-7 degrees, ground speed in 0.1 kt, track in 0.01 degree.
#pragma pack(push, 1)
struct Record {
  double t;
  std::int32_t lat, lon, alt;
  std::uint16_t gs, track;
  std::int32_t vrate;
  std::uint8_t has, flags, ground, non_icao;
  char callsign[8];
};
#pragma pack(pop)
static_assert(sizeof(Record) == 40);

// SWC2 chunks carry zstd's content checksum: without it most flipped bits in
// the compressed data decode, without any error, into other positions (and
// so into invented legs). SWC1 chunks, written before, are still read.
constexpr char kMagic[4] = {'S', 'W', 'C', '2'};
constexpr char kMagicUnchecked[4] = {'S', 'W', 'C', '1'};

// Contexts kept per thread: making one per chunk costs more than compressing it.
struct Contexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  Contexts() {
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
  }
  ~Contexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
Contexts& contexts() {
  thread_local Contexts ctx;
  return ctx;
}

}  // namespace

std::string encode_chunk(std::span<const Position> positions) {
  std::string raw(positions.size() * sizeof(Record), '\0');
  auto* out = reinterpret_cast<Record*>(raw.data());
  for (const auto& p : positions) {
    Record r{};
    r.t = p.t;
    r.lat = static_cast<std::int32_t>(std::lround(p.lat * 1e7));
    r.lon = static_cast<std::int32_t>(std::lround(p.lon * 1e7));
    r.alt = p.alt_baro;
    r.gs = static_cast<std::uint16_t>(
        std::clamp(std::lround(static_cast<double>(p.gs) * 10.0), 0L, 65535L));
    r.track = static_cast<std::uint16_t>(
        std::clamp(std::lround(static_cast<double>(p.track) * 100.0), 0L, 65535L));
    r.vrate = p.vrate;
    r.has = p.has;
    r.flags = p.flags;
    r.ground = p.on_ground ? 1 : 0;
    r.non_icao = p.non_icao ? 1 : 0;
    std::memcpy(r.callsign, p.callsign.data(), 8);
    std::memcpy(out++, &r, sizeof r);
  }
  std::string blob(8 + ZSTD_compressBound(raw.size()), '\0');
  std::memcpy(blob.data(), kMagic, 4);
  const auto n = static_cast<std::uint32_t>(positions.size());
  std::memcpy(blob.data() + 4, &n, 4);
  const std::size_t z =
      ZSTD_compress2(contexts().c, blob.data() + 8, blob.size() - 8, raw.data(), raw.size());
  if (ZSTD_isError(z)) return {};
  blob.resize(8 + z);
  return blob;
}

bool decode_chunk(std::string_view blob, std::uint32_t icao, std::vector<Position>& out) {
  if (blob.size() < 8) return false;
  const bool checked = std::memcmp(blob.data(), kMagic, 4) == 0;
  if (!checked && std::memcmp(blob.data(), kMagicUnchecked, 4) != 0) return false;
  // A checked chunk must say so in its frame header (bit 2 of the descriptor
  // after zstd's 4-byte magic number), or one flipped bit would turn the
  // checksum off.
  if (checked && (blob.size() < 13 || (static_cast<unsigned char>(blob[12]) & 0x04) == 0))
    return false;
  std::uint32_t n = 0;
  std::memcpy(&n, blob.data() + 4, 4);
  if (n > (1U << 24)) return false;
  // The frame says how much it holds; nothing is allocated for a count it does not back.
  const auto content = ZSTD_getFrameContentSize(blob.data() + 8, blob.size() - 8);
  if (content != static_cast<unsigned long long>(n) * sizeof(Record)) return false;
  std::string raw(static_cast<std::size_t>(n) * sizeof(Record), '\0');
  const std::size_t got =
      ZSTD_decompressDCtx(contexts().d, raw.data(), raw.size(), blob.data() + 8, blob.size() - 8);
  if (ZSTD_isError(got) || got != raw.size()) return false;
  if (out.capacity() < out.size() + n) out.reserve(std::max(out.size() + n, 2 * out.capacity()));
  for (std::uint32_t i = 0; i < n; ++i) {
    Record r;
    std::memcpy(&r, raw.data() + i * sizeof(Record), sizeof r);
    Position p;
    p.icao = icao;
    p.t = r.t;
    p.lat = r.lat * 1e-7;
    p.lon = r.lon * 1e-7;
    p.alt_baro = r.alt;
    p.gs = static_cast<float>(r.gs / 10.0);
    p.track = static_cast<float>(r.track / 100.0);
    p.vrate = r.vrate;
    p.has = r.has;
    p.flags = r.flags;
    p.on_ground = r.ground != 0;
    p.non_icao = r.non_icao != 0;
    std::memcpy(p.callsign.data(), r.callsign, 8);
    p.callsign[8] = '\0';
    out.push_back(p);
  }
  return true;
}

}  // namespace skywitness::store

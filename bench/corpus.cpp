#include "corpus.hpp"

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "skywitness/modes/encode.hpp"

namespace skywitness::bench {
namespace {

Frame from_hex(const std::string& hex) {
  Frame f;
  auto val = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex.size() && i / 2 < 14; i += 2)
    f.bytes[i / 2] = static_cast<std::uint8_t>(val(hex[i]) << 4 | val(hex[i + 1]));
  f.len = static_cast<std::uint8_t>(hex.size() / 2);
  return f;
}

}  // namespace

std::vector<Frame> make_corpus(std::size_t min_frames, const std::string& real_avr_path) {
  namespace enc = modes::encode;
  std::vector<Frame> out;
  out.reserve(min_frames + 4096);
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> u(0, 1);

  // The real flight first, as recorded.
  std::ifstream in(real_avr_path);
  std::string line;
  std::uint64_t clock = 12'000'000;
  while (std::getline(in, line)) {
    if (line.size() < 16 || line[0] != '*') continue;
    Frame f = from_hex(line.substr(1, line.find(';') - 1));
    f.ticks = clock;
    clock += 3'000'000;
    out.push_back(f);
  }

  // Then 600 aircraft over Europe, each with the message mix of a transponder
  // seen by a good receiver: positions and velocities twice a second,
  // identification every 5 s, all-call and Comm-B replies to interrogations.
  struct Ac {
    std::uint32_t icao;
    double lat, lon, track, gs;
    std::int32_t alt;
  };
  std::vector<Ac> fleet;
  for (int i = 0; i < 600; ++i)
    fleet.push_back({static_cast<std::uint32_t>(0x300000 + i * 97), 45 + 10 * u(rng),
                     -5 + 20 * u(rng), 360 * u(rng), 250 + 250 * u(rng),
                     static_cast<std::int32_t>(1000 + 39000 * u(rng)) / 25 * 25});
  const std::uint8_t bds40[7] = {0x85, 0xE4, 0x2F, 0x31, 0x30, 0x00, 0x00};
  const std::uint8_t bds50[7] = {0x81, 0x95, 0x15, 0x36, 0xE0, 0x24, 0xD4};
  const std::uint8_t bds60[7] = {0x8F, 0x39, 0xF9, 0x1A, 0x7E, 0x27, 0xC4};
  double t = 0;
  bool odd = false;
  while (out.size() < min_frames) {
    t += 0.5;
    odd = !odd;
    for (auto& a : fleet) {
      const double step = a.gs * 0.5 / 3600.0 / 60.0;  // degrees of arc per half second
      a.lat += step * std::cos(a.track * M_PI / 180);
      a.lon += step * std::sin(a.track * M_PI / 180) / std::cos(a.lat * M_PI / 180);
      const auto base = static_cast<std::uint64_t>(t * 12e6);
      auto push = [&](Frame f, double jitter) {
        f.ticks = base + static_cast<std::uint64_t>(jitter * 6e6);
        if (u(rng) < 0.03) f.bytes[5 + static_cast<int>(u(rng) * 5)] ^= 0x10;  // a corrupted frame
        out.push_back(f);
      };
      push(enc::airborne_position(a.icao, a.lat, a.lon, a.alt, odd), u(rng));
      push(enc::velocity(a.icao, a.gs, a.track, 0, false), u(rng));
      if (static_cast<int>(t * 2) % 10 == 0)
        push(enc::identification(a.icao, "TST" + std::to_string(a.icao % 9999)), u(rng));
      if (u(rng) < 0.5) push(enc::all_call(a.icao), u(rng));
      if (u(rng) < 0.4) push(enc::altitude_reply(a.icao, a.alt), u(rng));
      if (u(rng) < 0.2) push(enc::identity_reply(a.icao, 0x1000), u(rng));
      if (u(rng) < 0.5) {
        const double r = u(rng);
        push(enc::commb_reply(a.icao, a.alt, r < 0.33 ? bds40 : r < 0.66 ? bds50 : bds60), u(rng));
      }
    }
  }
  return out;
}

std::string to_avr(const std::vector<Frame>& frames) {
  std::string s;
  s.reserve(frames.size() * 44);
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const auto& f : frames) {
    s.push_back('@');
    for (int i = 11; i >= 0; --i) s.push_back(kHex[(f.ticks >> (4 * i)) & 15]);
    for (unsigned i = 0; i < f.len; ++i) {
      s.push_back(kHex[f.bytes[i] >> 4]);
      s.push_back(kHex[f.bytes[i] & 15]);
    }
    s += ";\n";
  }
  return s;
}

std::string to_beast(const std::vector<Frame>& frames) {
  std::string s;
  s.reserve(frames.size() * 24);
  for (const auto& f : frames) {
    s.push_back('\x1a');
    s.push_back(f.len == 7 ? '2' : f.len == 14 ? '3' : '1');
    auto put = [&](std::uint8_t b) {
      s.push_back(static_cast<char>(b));
      if (b == 0x1a) s.push_back(static_cast<char>(b));
    };
    for (int i = 5; i >= 0; --i) put(static_cast<std::uint8_t>(f.ticks >> (8 * i)));
    put(0x80);
    for (unsigned i = 0; i < f.len; ++i) put(f.bytes[i]);
  }
  return s;
}

}  // namespace skywitness::bench

// SBS-1 / BaseStation CSV (port 30003): already-decoded fields, one message a line.
// MSG,type,session,aircraft,hex,flight,date_gen,time_gen,date_log,time_log,
//     callsign,altitude,gs,track,lat,lon,vrate,squawk,alert,emergency,spi,onground
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "skywitness/core/time.hpp"
#include "skywitness/framing/formats.hpp"
#include "skywitness/framing/lines.hpp"

namespace skywitness::framing {
namespace {

template <typename T>
bool to_number(std::string_view s, T& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

class SbsFramer final : public LineFramer {
 protected:
  void line(std::string_view s, std::uint64_t line_no, std::uint64_t offset,
            FrameSink& sink) override {
    if (s.empty()) return;
    std::array<std::string_view, 22> f{};
    std::size_t count = 0;
    while (count < f.size()) {
      const auto comma = s.find(',');
      f[count++] = s.substr(0, comma);
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
    if (f[0] != "MSG") {
      // SEL, ID, AIR, STA and CLK lines carry no aircraft state.
      if (f[0] == "SEL" || f[0] == "ID" || f[0] == "AIR" || f[0] == "STA" || f[0] == "CLK") return;
      sink.on_error(frame_error(Fault::kNotAFrame, line_no, offset,
                                "not an SBS line (MSG, SEL, ID, AIR, STA, CLK)"));
      return;
    }
    if (count < 11) {
      sink.on_error(frame_error(Fault::kMissingFields, line_no, offset,
                                "SBS MSG line with fewer than 11 fields"));
      return;
    }
    Message m;
    m.source = Source::kSbs;
    m.frame.line = line_no;
    m.frame.offset = offset;
    unsigned type = 0;
    if (!to_number(f[1], type) || type < 1 || type > 8) {
      sink.on_error(
          frame_error(Fault::kBadField, line_no, offset, "SBS transmission type is not 1..8"));
      return;
    }
    m.sbs_type = static_cast<std::uint8_t>(type);
    std::string_view hex = f[4];
    if (!hex.empty() && hex.front() == '~') {  // readsb marks non-ICAO addresses
      m.non_icao = true;
      hex.remove_prefix(1);
    }
    std::uint32_t icao = 0;
    auto [hp, hec] = std::from_chars(hex.data(), hex.data() + hex.size(), icao, 16);
    if (hex.size() != 6 || hec != std::errc{} || hp != hex.data() + hex.size()) {
      sink.on_error(
          frame_error(Fault::kBadField, line_no, offset + 0, "SBS address is not 6 hex digits"));
      return;
    }
    m.icao = icao;
    m.set(Field::kIcao);
    m.address_source = AddressSource::kSbs;
    m.crc_ok = true;
    if (auto t = parse_date_time(f[6], f[7])) {
      m.frame.t = *t;
      m.set(Field::kTime);
    } else if (!f[6].empty()) {
      sink.on_error(
          frame_error(Fault::kBadTimestamp, line_no, offset, "SBS date/time does not parse"));
      return;
    }
    auto bad = [&](const char* what) {
      sink.on_error(frame_error(Fault::kBadField, line_no, offset, what));
    };
    auto field = [&](std::size_t i) -> std::string_view {
      return i < count ? f[i] : std::string_view{};
    };
    if (auto cs = field(10); !cs.empty()) {
      while (!cs.empty() && cs.back() == ' ') cs.remove_suffix(1);
      std::size_t n = std::min<std::size_t>(cs.size(), 8);
      for (std::size_t i = 0; i < n; ++i) m.callsign[i] = cs[i];
      m.callsign[n] = '\0';
      m.set(Field::kCallsign);
    }
    if (auto v = field(11); !v.empty()) {
      if (!to_number(v, m.alt_baro)) return bad("SBS altitude does not parse");
      m.set(Field::kAltBaro);
    }
    if (auto v = field(12); !v.empty()) {
      if (!to_number(v, m.gs)) return bad("SBS ground speed does not parse");
      m.set(Field::kGs);
    }
    if (auto v = field(13); !v.empty()) {
      if (!to_number(v, m.track)) return bad("SBS track does not parse");
      m.set(Field::kTrack);
    }
    const auto lat = field(14), lon = field(15);
    if (!lat.empty() || !lon.empty()) {
      if (!to_number(lat, m.lat) || !to_number(lon, m.lon) || std::fabs(m.lat) > 90 ||
          std::fabs(m.lon) > 180)
        return bad("SBS latitude/longitude out of range or does not parse");
      m.set(Field::kLat);
      m.set(Field::kLon);
      m.position_method = PositionMethod::kSbs;
    }
    if (auto v = field(16); !v.empty()) {
      if (!to_number(v, m.vrate)) return bad("SBS vertical rate does not parse");
      m.set(Field::kVrate);
    }
    if (auto v = field(17); !v.empty()) {
      unsigned sq = 0;
      if (v.size() != 4 || !to_number(v, sq)) return bad("SBS squawk is not four digits");
      m.squawk = static_cast<std::uint16_t>((v[0] - '0') << 12 | (v[1] - '0') << 8 |
                                            (v[2] - '0') << 4 | (v[3] - '0'));
      m.set(Field::kSquawk);
    }
    if (auto v = field(21); !v.empty()) {
      // BaseStation writes -1 for true; readsb writes 1.
      m.on_ground = v != "0";
      m.set(Field::kOnGround);
    }
    sink.on_message(m);
  }
};

class HexFramer final : public LineFramer {
 public:
  explicit HexFramer(bool csv) : csv_(csv) {}

 protected:
  void line(std::string_view s, std::uint64_t line_no, std::uint64_t offset,
            FrameSink& sink) override {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.empty()) return;
    Frame& f = sink.begin_frame();
    f.line = line_no;
    f.offset = offset;
    if (csv_) {
      const auto comma = s.find(',');
      if (comma == std::string_view::npos) {
        sink.on_error(
            frame_error(Fault::kMissingFields, line_no, offset, "CSV line without a comma"));
        return;
      }
      std::string_view ts = s.substr(0, comma), hex = s.substr(comma + 1);
      if (const auto c2 = hex.find(','); c2 != std::string_view::npos) hex = hex.substr(0, c2);
      double t = 0;
      if (!to_number(ts, t)) {
        if (line_no == 1) return;  // a header line
        sink.on_error(
            frame_error(Fault::kBadTimestamp, line_no, offset, "CSV timestamp does not parse"));
        return;
      }
      f.t = t;
      while (!hex.empty() && hex.front() == ' ') hex.remove_prefix(1);
      decode_hex_frame(hex, f, line_no, offset + comma + 1, sink);
      return;
    }
    decode_hex_frame(s, f, line_no, offset, sink);
  }

 private:
  bool csv_;
};

}  // namespace

std::unique_ptr<Framer> make_sbs_framer() {
  return std::make_unique<SbsFramer>();
}
std::unique_ptr<Framer> make_hex_framer() {
  return std::make_unique<HexFramer>(false);
}
std::unique_ptr<Framer> make_csv_framer() {
  return std::make_unique<HexFramer>(true);
}

}  // namespace skywitness::framing

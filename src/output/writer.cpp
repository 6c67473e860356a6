#include "skywitness/output/writer.hpp"

#include <cmath>

namespace skywitness::output {
namespace {

constexpr std::size_t kFlushAt = 1 << 16;

void hex_bytes(fmt::memory_buffer& b, const std::uint8_t* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i) {
    b.push_back(kDigits[p[i] >> 4]);
    b.push_back(kDigits[p[i] & 15]);
  }
}

void squawk_digits(fmt::memory_buffer& b, std::uint16_t sq) {
  for (int shift = 12; shift >= 0; shift -= 4)
    b.push_back(static_cast<char>('0' + ((sq >> shift) & 7)));
}

void category_text(fmt::memory_buffer& b, std::uint8_t c) {
  b.push_back(static_cast<char>('A' + ((c >> 4) - 0xA)));
  b.push_back(static_cast<char>('0' + (c & 7)));
}

const char* position_name(PositionMethod p) {
  switch (p) {
    case PositionMethod::kGlobal:
      return "global";
    case PositionMethod::kLocal:
      return "local";
    case PositionMethod::kReceiver:
      return "receiver";
    case PositionMethod::kSbs:
      return "sbs";
    case PositionMethod::kNone:
      break;
  }
  return "";
}

void bds_text(fmt::memory_buffer& b, const Message& m) {
  if (!m.bds_ambiguous) {
    fmt::format_to(std::back_inserter(b), "{:02x}", m.bds);
    return;
  }
  static constexpr std::uint8_t kRegs[] = {0x10, 0x17, 0x20, 0x30, 0x40, 0x50, 0x60};
  bool first = true;
  for (unsigned i = 0; i < 7; ++i) {
    if (!(m.bds_candidates & (1U << i))) continue;
    if (!first) b.push_back('/');
    fmt::format_to(std::back_inserter(b), "{:02x}", kRegs[i]);
    first = false;
  }
}

bool icao_confirmed(const Message& m) {
  return m.address_source == AddressSource::kAnnounced ||
         m.address_source == AddressSource::kConfirmed || m.address_source == AddressSource::kSbs;
}

const char* source_name(Source s) {
  switch (s) {
    case Source::kModeS:
      return "modes";
    case Source::kModeAC:
      return "modeac";
    case Source::kSbs:
      return "sbs";
  }
  return "";
}

// Appends `"key":` with the separating comma.
struct JsonObject {
  fmt::memory_buffer& b;
  bool first = true;
  JsonObject& key(std::string_view k) {
    b.push_back(first ? '{' : ',');
    first = false;
    b.push_back('"');
    b.append(k);
    b.push_back('"');
    b.push_back(':');
    return *this;
  }
  template <typename... Args>
  void num(std::string_view k, fmt::format_string<Args...> f, Args&&... args) {
    key(k);
    fmt::format_to(std::back_inserter(b), f, std::forward<Args>(args)...);
  }
  void str(std::string_view k, std::string_view v) {
    key(k);
    b.push_back('"');
    for (char c : v) {
      if (c == '"' || c == '\\') b.push_back('\\');
      if (static_cast<unsigned char>(c) < 0x20) continue;
      b.push_back(c);
    }
    b.push_back('"');
  }
  void boolean(std::string_view k, bool v) {
    key(k);
    b.append(v ? std::string_view("true") : std::string_view("false"));
  }
};

}  // namespace

const char* emergency_name(std::uint8_t code) {
  static constexpr const char* kNames[] = {"none",  "general",  "lifeguard", "minfuel",
                                           "nordo", "unlawful", "downed",    "reserved"};
  return kNames[code & 7];
}

void format_json(const Message& m, fmt::memory_buffer& b) {
  JsonObject o{b};
  auto has = [&](Field f) { return m.has_field(f); };
  if (has(Field::kTime)) o.num("t", "{:.3f}", m.frame.t);
  if (has(Field::kTicks)) o.num("clock", "{}", m.frame.ticks);
  if (has(Field::kRssi)) o.num("rssi", "{:.1f}", m.frame.rssi);
  if (m.frame.mlat) o.boolean("mlat", true);
  o.str("src", source_name(m.source));
  if (has(Field::kDf)) o.num("df", "{}", m.df);
  if (has(Field::kIcao)) {
    o.key("icao");
    fmt::format_to(std::back_inserter(b), "\"{:06x}\"", m.icao);
    o.boolean("icao_confirmed", icao_confirmed(m));
    if (m.non_icao) o.boolean("non_icao", true);
  }
  if (m.corrected_bits) o.num("corrected", "{}", m.corrected_bits);
  if (m.tisb) o.boolean("tisb", true);
  if (m.adsr) o.boolean("adsr", true);
  if (has(Field::kCa)) o.num("ca", "{}", m.ca);
  if (has(Field::kFs)) o.num("fs", "{}", m.fs);
  if (has(Field::kTc)) o.num("tc", "{}", m.tc);
  if (has(Field::kSubtype)) o.num("subtype", "{}", m.subtype);
  if (has(Field::kCallsign)) o.str("callsign", m.callsign.data());
  if (has(Field::kCategory)) {
    o.key("category");
    b.push_back('"');
    category_text(b, m.category);
    b.push_back('"');
  }
  if (has(Field::kAltBaro)) o.num("alt_baro", "{}", m.alt_baro);
  if (has(Field::kAltGeom)) o.num("alt_geom", "{}", m.alt_geom);
  if (has(Field::kOnGround)) o.boolean("on_ground", m.on_ground);
  if (has(Field::kSquawk)) {
    o.key("squawk");
    b.push_back('"');
    squawk_digits(b, m.squawk);
    b.push_back('"');
  }
  if (has(Field::kEmergency)) o.str("emergency", emergency_name(m.emergency));
  if (has(Field::kGs)) o.num("gs", "{:.1f}", m.gs);
  if (has(Field::kTrack)) o.num("track", "{:.2f}", m.track);
  if (has(Field::kHeading)) {
    o.num("heading", "{:.2f}", m.heading);
  }
  if (has(Field::kVrate)) {
    o.num("vrate", "{}", m.vrate);
    o.str("vrate_src", m.vrate_geometric ? "geom" : "baro");
  }
  if (has(Field::kBaroRate)) o.num("baro_rate", "{}", m.baro_rate);
  if (has(Field::kGeomRate)) o.num("geom_rate", "{}", m.geom_rate);
  if (has(Field::kGeomDelta)) o.num("geom_delta", "{}", m.geom_delta);
  if (has(Field::kIas)) o.num("ias", "{}", m.ias);
  if (has(Field::kTas)) o.num("tas", "{}", m.tas);
  if (has(Field::kMach)) o.num("mach", "{:.3f}", m.mach);
  if (has(Field::kRoll)) o.num("roll", "{:.2f}", m.roll);
  if (has(Field::kTrackRate)) o.num("track_rate", "{:.3f}", m.track_rate);
  if (has(Field::kLat)) {
    o.num("lat", "{:.6f}", m.lat);
    o.num("lon", "{:.6f}", m.lon);
    o.str("pos", position_name(m.position_method));
  }
  if (has(Field::kCpr)) {
    o.str("cpr", m.cpr_odd ? "odd" : "even");
    o.num("cpr_lat", "{}", m.cpr_lat);
    o.num("cpr_lon", "{}", m.cpr_lon);
  }
  if (has(Field::kBds)) {
    o.key("bds");
    b.push_back('"');
    bds_text(b, m);
    b.push_back('"');
    if (m.bds_ambiguous) o.boolean("bds_ambiguous", true);
  }
  if (has(Field::kNavAltMcp)) o.num("nav_alt_mcp", "{}", m.nav_alt_mcp);
  if (has(Field::kNavAltFms)) o.num("nav_alt_fms", "{}", m.nav_alt_fms);
  if (has(Field::kNavQnh)) o.num("nav_qnh", "{:.1f}", m.nav_qnh);
  if (has(Field::kNavHeading)) o.num("nav_heading", "{:.2f}", m.nav_heading);
  if (has(Field::kNavModes)) {
    o.key("nav_modes");
    b.push_back('[');
    static constexpr std::pair<NavMode, const char*> kModes[] = {
        {kNavAutopilot, "autopilot"}, {kNavVnav, "vnav"}, {kNavAltHold, "althold"},
        {kNavApproach, "approach"},   {kNavLnav, "lnav"}, {kNavTcas, "tcas"}};
    bool first = true;
    for (auto [bit, name] : kModes) {
      if (!(m.nav_modes & bit)) continue;
      if (!first) b.push_back(',');
      fmt::format_to(std::back_inserter(b), "\"{}\"", name);
      first = false;
    }
    b.push_back(']');
  }
  if (has(Field::kVersion)) o.num("version", "{}", m.version);
  if (has(Field::kNicA)) o.num("nic_a", "{}", m.nic_a);
  if (has(Field::kNacp)) o.num("nac_p", "{}", m.nacp);
  if (has(Field::kNacv)) o.num("nac_v", "{}", m.nacv);
  if (has(Field::kNicBaro)) o.num("nic_baro", "{}", m.nic_baro);
  if (has(Field::kSil)) o.num("sil", "{}", m.sil);
  if (has(Field::kGva)) o.num("gva", "{}", m.gva);
  if (has(Field::kSda)) o.num("sda", "{}", m.sda);
  if (m.source == Source::kSbs) o.num("sbs_type", "{}", m.sbs_type);
  if (m.frame.len > 0) {
    o.key("raw");
    b.push_back('"');
    hex_bytes(b, m.frame.bytes.data(), m.frame.len);
    b.push_back('"');
  }
  b.push_back('}');
}

namespace {

class BufferedWriter : public RecordWriter {
 public:
  explicit BufferedWriter(std::FILE* out) : out_(out) {}
  ~BufferedWriter() override { BufferedWriter::flush(); }
  void flush() override {
    if (buf_.size() != 0) std::fwrite(buf_.data(), 1, buf_.size(), out_);
    buf_.clear();
    std::fflush(out_);
  }

 protected:
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) {
      std::fwrite(buf_.data(), 1, buf_.size(), out_);
      buf_.clear();
    }
  }
  std::FILE* out_;
  fmt::memory_buffer buf_;
};

class JsonlWriter final : public BufferedWriter {
 public:
  using BufferedWriter::BufferedWriter;
  void write(const Message& m) override {
    format_json(m, buf_);
    buf_.push_back('\n');
    maybe_flush();
  }
};

class CsvWriter final : public BufferedWriter {
 public:
  explicit CsvWriter(std::FILE* out) : BufferedWriter(out) {
    static constexpr std::string_view kHeader =
        "t,clock,src,df,icao,icao_confirmed,tc,callsign,category,alt_baro,alt_geom,on_ground,"
        "squawk,"
        "gs,track,heading,vrate,baro_rate,geom_rate,ias,tas,mach,lat,lon,pos,bds,raw\n";
    buf_.append(kHeader);
  }
  void write(const Message& m) override {
    auto& b = buf_;
    auto has = [&](Field f) { return m.has_field(f); };
    auto out = std::back_inserter(b);
    if (has(Field::kTime)) fmt::format_to(out, "{:.3f}", m.frame.t);
    b.push_back(',');
    if (has(Field::kTicks)) fmt::format_to(out, "{}", m.frame.ticks);
    b.push_back(',');
    b.append(std::string_view(source_name(m.source)));
    b.push_back(',');
    if (has(Field::kDf)) fmt::format_to(out, "{}", m.df);
    b.push_back(',');
    if (has(Field::kIcao))
      fmt::format_to(out, "{:06x},{}", m.icao, icao_confirmed(m) ? "true" : "false");
    else
      b.push_back(',');
    b.push_back(',');
    if (has(Field::kTc)) fmt::format_to(out, "{}", m.tc);
    b.push_back(',');
    if (has(Field::kCallsign)) {
      // Callsign characters never include commas or quotes (6-bit set, SBS trimmed).
      for (const char* c = m.callsign.data(); *c; ++c)
        if (*c != ',' && *c != '"') b.push_back(*c);
    }
    b.push_back(',');
    if (has(Field::kCategory)) category_text(b, m.category);
    b.push_back(',');
    if (has(Field::kAltBaro)) fmt::format_to(out, "{}", m.alt_baro);
    b.push_back(',');
    if (has(Field::kAltGeom)) fmt::format_to(out, "{}", m.alt_geom);
    b.push_back(',');
    if (has(Field::kOnGround)) b.append(std::string_view(m.on_ground ? "true" : "false"));
    b.push_back(',');
    if (has(Field::kSquawk)) squawk_digits(b, m.squawk);
    b.push_back(',');
    if (has(Field::kGs)) fmt::format_to(out, "{:.1f}", m.gs);
    b.push_back(',');
    if (has(Field::kTrack)) fmt::format_to(out, "{:.2f}", m.track);
    b.push_back(',');
    if (has(Field::kHeading)) fmt::format_to(out, "{:.2f}", m.heading);
    b.push_back(',');
    if (has(Field::kVrate)) fmt::format_to(out, "{}", m.vrate);
    b.push_back(',');
    if (has(Field::kBaroRate)) fmt::format_to(out, "{}", m.baro_rate);
    b.push_back(',');
    if (has(Field::kGeomRate)) fmt::format_to(out, "{}", m.geom_rate);
    b.push_back(',');
    if (has(Field::kIas)) fmt::format_to(out, "{}", m.ias);
    b.push_back(',');
    if (has(Field::kTas)) fmt::format_to(out, "{}", m.tas);
    b.push_back(',');
    if (has(Field::kMach)) fmt::format_to(out, "{:.3f}", m.mach);
    b.push_back(',');
    if (has(Field::kLat))
      fmt::format_to(out, "{:.6f},{:.6f},{}", m.lat, m.lon, position_name(m.position_method));
    else
      b.append(std::string_view(",,"));
    b.push_back(',');
    if (has(Field::kBds)) bds_text(b, m);
    b.push_back(',');
    hex_bytes(b, m.frame.bytes.data(), m.frame.len);
    b.push_back('\n');
    maybe_flush();
  }
};

}  // namespace

bool parse_record_format(std::string_view name, RecordFormat& out) {
  if (name == "jsonl" || name == "json")
    out = RecordFormat::kJsonl;
  else if (name == "csv")
    out = RecordFormat::kCsv;
  else if (name == "none")
    out = RecordFormat::kNone;
  else
    return false;
  return true;
}

std::unique_ptr<RecordWriter> make_writer(RecordFormat format, std::FILE* out) {
  switch (format) {
    case RecordFormat::kJsonl:
      return std::make_unique<JsonlWriter>(out);
    case RecordFormat::kCsv:
      return std::make_unique<CsvWriter>(out);
    case RecordFormat::kNone:
      return nullptr;
  }
  return nullptr;
}

}  // namespace skywitness::output

#include "skywitness/tracks/readsb_trace.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "skywitness/io/source.hpp"

namespace skywitness::tracks {

struct TraceReader::Impl {
  simdjson::ondemand::parser parser;
  std::string raw, text;  // kept between files: no allocation per file
};

namespace {

// The whole file into `out`; false with `error` set when it cannot be read.
bool slurp(const std::string& path, std::string& out, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = fmt::format("cannot open: {}", std::strerror(errno));
    return false;
  }
  out.clear();
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("read error: {}", std::strerror(errno));
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

}  // namespace

TraceReader::TraceReader(PositionSink on_position, ErrorReporter& errors)
    : impl_(new Impl), on_position_(std::move(on_position)), errors_(&errors) {}

void TraceReader::report(ErrorKind kind, std::string_view file, std::int64_t point,
                         std::string_view message) {
  report_record(*errors_, error_, kind, file, 0, "point", point, message);
}

TraceReader::~TraceReader() {
  delete impl_;
}

bool TraceReader::read_file(const std::string& path) {
  // The common case, a gzip or plain file, is read whole and inflated in one call.
  std::string error;
  if (!slurp(path, impl_->raw, error)) {
    ++stats_.files;
    ++stats_.files_failed;
    report(ErrorKind::kIo, path, -1, fmt::format("{}: {}", path, error));
    return false;
  }
  const std::string_view raw = impl_->raw;
  const bool zstd = raw.size() >= 4 && raw.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4);
  if (io::is_gzip(raw)) {
    impl_->text.clear();
    error = io::gunzip(raw, impl_->text);
    impl_->text.reserve(impl_->text.size() + simdjson::SIMDJSON_PADDING);
    if (!error.empty()) {
      report(ErrorKind::kIo, path, -1, error);
      read_text(impl_->text, path);
      ++stats_.files_failed;
      return false;
    }
    return read_text(impl_->text, path);
  }
  if (!zstd) {
    impl_->raw.reserve(impl_->raw.size() + simdjson::SIMDJSON_PADDING);
    return read_text(impl_->raw, path);
  }
  auto opened = io::open_source(path);
  if (!opened.source) {
    ++stats_.files;
    ++stats_.files_failed;
    report(ErrorKind::kIo, path, -1, opened.error);
    return false;
  }
  std::string text;
  opened.source->read_all(text);
  if (!opened.source->error().empty()) {
    // Parse what arrived: the points before the fault are good data.
    report(ErrorKind::kIo, path, -1, opened.source->error());
    read_text(text, path);
    ++stats_.files_failed;
    return false;
  }
  return read_text(text, path);
}

namespace {

using simdjson::ondemand::json_type;

bool parse_icao(std::string_view s, Position& p) {
  if (!s.empty() && s.front() == '~') {
    p.non_icao = true;
    s.remove_prefix(1);
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), p.icao, 16);
  return s.size() == 6 && ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

bool TraceReader::read_text(std::string_view json, std::string_view name) {
  ++stats_.files;
  auto fail = [&](std::int64_t point, std::string_view message) {
    report(ErrorKind::kFormat, name, point, message);
    ++stats_.files_failed;
    return false;
  };
  // A cut-off file (a truncated download or gzip stream) fails as a whole.
  // readsb writes one point a line, so close the JSON after the last complete
  // point and keep everything before the cut.
  auto salvage = [&] {
    const auto last = json.rfind("],");
    if (last == std::string_view::npos || salvaging_) return fail(-1, "not a JSON object");
    std::string closed(json.substr(0, last + 1));
    closed += "\n]}";
    report(ErrorKind::kFormat, name, -1,
           "truncated or broken JSON; reading the points before the fault");
    salvaging_ = true;
    read_text(closed, name);
    salvaging_ = false;
    --stats_.files;
    ++stats_.files_failed;
    return false;
  };
  // Text in the reader's own buffers has room for simdjson's padding; other text is copied.
  simdjson::padded_string copy;
  simdjson::padded_string_view padded;
  const bool own = (json.data() == impl_->text.data() &&
                    impl_->text.capacity() >= json.size() + simdjson::SIMDJSON_PADDING) ||
                   (json.data() == impl_->raw.data() &&
                    impl_->raw.capacity() >= json.size() + simdjson::SIMDJSON_PADDING);
  if (own) {
    padded = simdjson::padded_string_view(json.data(), json.size(),
                                          json.size() + simdjson::SIMDJSON_PADDING);
  } else {
    copy = simdjson::padded_string(json.data(), json.size());
    padded = copy;
  }
  simdjson::ondemand::document doc;
  if (impl_->parser.iterate(padded).get(doc)) return salvage();
  simdjson::ondemand::object root;
  if (doc.get_object().get(root)) return salvage();

  Position base;
  info_ = {};
  bool have_icao = false, have_time = false;
  double t0 = 0;
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return fail(-1, "broken JSON in the object keys");
    simdjson::ondemand::value v;
    if (field.value().get(v)) return fail(-1, "broken JSON value");
    if (key == "icao") {
      std::string_view s;
      if (v.get_string().get(s) || !parse_icao(s, base))
        return fail(-1, "'icao' is not 6 hex digits");
      have_icao = true;
      info_.icao = base.icao;
    } else if (key == "timestamp") {
      if (v.get_double().get(t0) || !std::isfinite(t0))
        return fail(-1, "'timestamp' is not a number");
      have_time = true;
    } else if (key == "r" || key == "t") {
      // Registration and ICAO type designator, from readsb's aircraft database.
      std::string_view s;
      if (!v.get_string().get(s) && s.size() <= 16)
        (key == "r" ? info_.registration : info_.type) = s;
    } else if (key == "trace") {
      if (!have_icao || !have_time) return fail(-1, "'trace' before 'icao' and 'timestamp'");
      simdjson::ondemand::array points;
      if (v.get_array().get(points)) return fail(-1, "'trace' is not an array");
      std::int64_t index = -1;
      double last_t = -1e300;
      for (auto element : points) {
        ++index;
        simdjson::ondemand::array point;
        if (const auto err = element.get_array().get(point); err) {
          if (err != simdjson::INCORRECT_TYPE) return fail(index, "broken JSON inside the trace");
          ++stats_.bad_points;
          report(ErrorKind::kBadInput, name, index, "trace point is not an array");
          continue;
        }
        Position p = base;
        bool ok = true, broken = false;
        int column = 0;
        for (auto item : point) {
          simdjson::ondemand::value x;
          if (item.get(x)) {
            broken = true;
            break;
          }
          json_type type;
          if (x.type().get(type)) {
            broken = true;
            break;
          }
          const bool is_null = type == json_type::null;
          double d = 0;
          auto number = [&](double& out) {
            if (type != json_type::number || x.get_double().get(out) || !std::isfinite(out))
              ok = false;
            return ok;
          };
          // A number within physical bounds (and so safe to narrow).
          auto bounded = [&](double& out, double lo, double hi) {
            if (number(out) && (out < lo || out > hi)) ok = false;
            return ok;
          };
          switch (column++) {
            case 0:
              if (bounded(d, -1e9, 1e9)) p.t = t0 + d;
              break;
            case 1:
              number(p.lat);
              break;
            case 2:
              number(p.lon);
              break;
            case 3:
              if (type == json_type::string) {
                std::string_view s;
                if (x.get_string().get(s) || s != "ground") ok = false;
                p.on_ground = true;
                p.has |= Position::kAlt;
              } else if (!is_null && bounded(d, -2000, 200000)) {
                p.alt_baro = static_cast<std::int32_t>(std::lround(d));
                p.has |= Position::kAlt;
              }
              break;
            case 4:
              if (!is_null && bounded(d, 0, 5000)) {
                p.gs = static_cast<float>(d);
                p.has |= Position::kGs;
              }
              break;
            case 5:
              if (!is_null && bounded(d, -360, 720)) {
                p.track = static_cast<float>(d);
                p.has |= Position::kTrack;
              }
              break;
            case 6:
              if (bounded(d, 0, 255)) {
                const auto f = static_cast<unsigned>(d);
                p.flags = static_cast<std::uint8_t>(((f & 1) ? Position::kStale : 0) |
                                                    ((f & 2) ? Position::kNewLeg : 0));
              }
              break;
            case 7:
              if (!is_null && bounded(d, -100000, 100000)) {
                p.vrate = static_cast<std::int32_t>(std::lround(d));
                p.has |= Position::kVrate;
              }
              break;
            case 8:
              if (type == json_type::object) {
                simdjson::ondemand::object details;
                if (x.get_object().get(details)) {
                  broken = true;
                  break;
                }
                for (auto dfield : details) {
                  std::string_view dkey;
                  if (dfield.unescaped_key().get(dkey)) {
                    broken = true;
                    break;
                  }
                  if (dkey != "flight") continue;
                  std::string_view cs;
                  if (dfield.value().get_string().get(cs)) continue;
                  while (!cs.empty() && cs.back() == ' ') cs.remove_suffix(1);
                  const std::size_t n = std::min<std::size_t>(cs.size(), 8);
                  for (std::size_t i = 0; i < n; ++i) p.callsign[i] = cs[i];
                  p.callsign[n] = '\0';
                  if (n > 0) p.has |= Position::kCallsign;
                }
              }
              break;
            default:
              break;  // source, geometric altitude, rates, IAS, roll: not used yet
          }
          if (broken) break;
        }
        if (broken) return fail(index, "broken JSON inside the trace");
        if (!ok || column < 8) {
          ++stats_.bad_points;
          report(ErrorKind::kBadInput, name, index,
                 "trace point with a missing or malformed field");
          continue;
        }
        if (std::fabs(p.lat) > 90 || std::fabs(p.lon) > 180 || !std::isfinite(p.t)) {
          ++stats_.bad_points;
          report(ErrorKind::kBadInput, name, index, "position out of range");
          continue;
        }
        if (p.t < last_t) {
          ++stats_.backwards;
          report(ErrorKind::kBadInput, name, index, "time goes backwards");
          continue;
        }
        last_t = p.t;
        ++stats_.points;
        on_position_(p);
      }
    }
  }
  return true;
}

}  // namespace skywitness::tracks

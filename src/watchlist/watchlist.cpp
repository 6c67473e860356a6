#include "skywitness/watchlist/watchlist.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "skywitness/core/text.hpp"
#include "skywitness/registry/n_number.hpp"

namespace skywitness::watchlist {

std::string operator_prefix(std::string_view callsign) {
  if (callsign.size() < 4) return {};
  std::string out;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto c = static_cast<unsigned char>(callsign[i]);
    if (!std::isalpha(c)) return {};
    // Designators are capitals; a feed that writes "gxa1234" means GXA.
    out += static_cast<char>(std::toupper(c));
  }
  if (!std::isdigit(static_cast<unsigned char>(callsign[3]))) return {};
  return out;
}
namespace {

bool valid_token(std::string_view s, std::size_t max_len) {
  return !s.empty() && s.size() <= max_len && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

}  // namespace

const char* rule_kind_name(RuleKind k) {
  switch (k) {
    case RuleKind::kAddress:
      return "address";
    case RuleKind::kRegistration:
      return "registration";
    case RuleKind::kCallsign:
      return "callsign";
    case RuleKind::kType:
      return "type";
  }
  return "address";
}

Watchlist Watchlist::parse(std::string_view text, ErrorReporter& errors, std::string_view name) {
  Watchlist w;
  Error bad{ErrorKind::kUsage, {std::string(name)}, {}, {}};
  std::uint64_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    std::string_view note;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) {
      note = trim(line.substr(hash + 1));
      line = line.substr(0, hash);
    }
    line = trim(line);
    if (line.empty()) continue;
    const auto space = line.find_first_of(" \t");
    const std::string_view kind = line.substr(0, space);
    const std::string_view value =
        space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
    auto fail = [&](std::string message) {
      bad.where.line = line_no;
      bad.message = std::move(message);
      errors.report(bad);
    };
    Rule r;
    r.line = line_no;
    r.note = std::string(note);
    if (value.empty() || value.find_first_of(" \t") != std::string_view::npos) {
      fail(fmt::format("expected '{} VALUE' with one value", kind));
      continue;
    }
    if (kind == "address") {
      std::uint32_t a = 0;
      const auto* end = value.data() + value.size();
      if (value.size() != 6 || std::from_chars(value.data(), end, a, 16).ptr != end) {
        fail(fmt::format("'{}' is not a 24-bit address (6 hex digits)", value));
        continue;
      }
      r.kind = RuleKind::kAddress;
      r.value = fmt::format("{:06x}", a);
    } else if (kind == "registration") {
      if (!valid_token(value, 10)) {
        fail(fmt::format("'{}' is not a registration", value));
        continue;
      }
      r.kind = RuleKind::kRegistration;
      r.value = upper(value);
    } else if (kind == "callsign") {
      if (!valid_token(value, 8)) {
        fail(fmt::format("'{}' is not a callsign prefix (letters and digits, 8 at most)", value));
        continue;
      }
      r.kind = RuleKind::kCallsign;
      r.value = upper(value);
    } else if (kind == "type") {
      if (!valid_token(value, 4)) {
        fail(fmt::format("'{}' is not an ICAO type designator (4 characters at most)", value));
        continue;
      }
      r.kind = RuleKind::kType;
      r.value = upper(value);
    } else {
      fail(fmt::format("unknown kind '{}' (address, registration, callsign or type)", kind));
      continue;
    }
    w.rules_.push_back(std::move(r));
  }
  return w;
}

std::optional<Watchlist> Watchlist::load(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot open the watchlist", path);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  // Every bad line, not only the first: fixing a list one line a run is slow.
  CountingReporter errors(CountingReporter::kKeepAll);
  auto w = parse(text.str(), errors, path);
  if (errors.count() > 0) {
    error.clear();
    for (const auto& e : errors.kept()) {
      if (!error.empty()) error += '\n';
      error += e.to_string();
    }
    return std::nullopt;
  }
  return w;
}

bool matches(const Rule& r, const AircraftFacts& a) {
  switch (r.kind) {
    case RuleKind::kAddress:
      return r.value == fmt::format("{:06x}", a.icao);
    case RuleKind::kRegistration: {
      const std::string reg = upper(a.registration);
      if (r.value == reg) return true;
      const auto n = registry::n_number_to_icao(r.value);
      return n && *n == a.icao && reg.empty();
    }
    case RuleKind::kCallsign:
      return std::any_of(a.callsigns.begin(), a.callsigns.end(),
                         [&](const std::string& c) { return upper(c).starts_with(r.value); });
    case RuleKind::kType:
      return r.value == upper(a.type);
  }
  return false;
}

const Rule* Watchlist::match(const AircraftFacts& a) const {
  for (const auto& r : rules_)
    if (matches(r, a)) return &r;
  return nullptr;
}

std::string describe_match(const Rule& rule, const AircraftFacts& a) {
  std::string what;
  if (rule.kind == RuleKind::kCallsign) {
    for (const auto& c : a.callsigns)
      if (upper(c).starts_with(rule.value)) {
        what = fmt::format("callsign prefix {} ({})", rule.value, c);
        break;
      }
  } else if (rule.kind == RuleKind::kRegistration && upper(a.registration) != rule.value) {
    what = fmt::format("registration {} (its assigned address)", rule.value);
  } else {
    what = fmt::format("{} {}", rule_kind_name(rule.kind), rule.value);
  }
  return fmt::format("{}, watchlist line {}", what, rule.line);
}

}  // namespace skywitness::watchlist

#include "skywitness/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace skywitness {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::uint32_t> parse_icao(std::string_view s) {
  std::uint32_t a = 0;
  const char* end = s.data() + s.size();
  if (s.size() != 6 || std::from_chars(s.data(), end, a, 16).ptr != end) return std::nullopt;
  return a;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  std::string out = std::to_string(n);
  out += ' ';
  if (n == 1)
    out += one;
  else if (!many.empty())
    out += many;
  else if (one.ends_with("craft"))
    out += one;
  else
    (out += one) += 's';
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the table at a time: option names and codes are short.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool split_csv(std::string_view line, char sep, char quote, std::vector<std::string>& out) {
  out.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == quote && i + 1 < line.size() && line[i + 1] == quote) {
        field += quote;
        ++i;
      } else if (c == quote) {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == quote && quote != 0 && trim(field).empty()) {
      field.clear();
      quoted = true;
    } else if (c == sep) {
      out.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) return false;
  out.push_back(std::move(field));
  return true;
}

Lines::Lines(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
}

bool Lines::next(std::string_view& line) {
  if (at_ >= text_.size()) return false;
  auto end = text_.find('\n', at_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(at_, end - at_);
  at_ = end + 1;
  ++number_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

}  // namespace skywitness

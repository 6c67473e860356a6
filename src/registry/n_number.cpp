#include "skywitness/registry/n_number.hpp"

#include <array>
#include <cctype>

namespace skywitness::registry {
namespace {

// The 24 letters used (I and O are not, being too like 1 and 0).
constexpr std::string_view kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr std::uint32_t kNumLetters = 24;

// Letter suffixes after a digit string of `digits` digits: two letters fit
// when at least two characters are left of the five, one when one is left.
constexpr std::uint32_t suffixes(int digits) {
  if (digits >= 5) return 0;
  if (digits == 4) return kNumLetters;
  return kNumLetters * (1 + kNumLetters);  // "A", "AA".."AZ", "B", ...
}

// How many N-numbers begin with a given digit string of `digits` digits,
// itself included.
constexpr std::uint32_t subtree(int digits) {
  return digits >= 5 ? 1 : 1 + suffixes(digits) + 10 * subtree(digits + 1);
}

static_assert(kFirstNAddress + 9 * subtree(1) - 1 == kLastNAddress);

int letter_index(char c) {
  const auto at = kLetters.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::optional<std::uint32_t> n_number_to_icao(std::string_view reg) {
  if (!reg.empty() && (reg.front() == 'N' || reg.front() == 'n')) reg.remove_prefix(1);
  if (reg.empty() || reg.size() > 5 || reg.front() < '1' || reg.front() > '9') return std::nullopt;
  std::uint32_t offset = static_cast<std::uint32_t>(reg.front() - '1') * subtree(1);
  int digits = 1;
  std::size_t i = 1;
  for (; i < reg.size() && std::isdigit(static_cast<unsigned char>(reg[i])); ++i) {
    // Past this string itself and its letter suffixes, then past the lower digits.
    offset += 1 + suffixes(digits) + static_cast<std::uint32_t>(reg[i] - '0') * subtree(digits + 1);
    ++digits;
  }
  const std::size_t letters = reg.size() - i;
  if (letters > 2 || (letters == 2 && digits > 3) || (letters == 1 && digits > 4))
    return std::nullopt;
  if (letters >= 1) {
    const int a = letter_index(reg[i]);
    if (a < 0) return std::nullopt;
    offset += 1 + static_cast<std::uint32_t>(a) * (digits == 4 ? 1 : 1 + kNumLetters);
    if (letters == 2) {
      const int b = letter_index(reg[i + 1]);
      if (b < 0) return std::nullopt;
      offset += 1 + static_cast<std::uint32_t>(b);
    }
  }
  return kFirstNAddress + offset;
}

std::optional<std::string> icao_to_n_number(std::uint32_t icao) {
  if (icao < kFirstNAddress || icao > kLastNAddress) return std::nullopt;
  std::uint32_t offset = icao - kFirstNAddress;
  std::string out = "N";
  out += static_cast<char>('1' + offset / subtree(1));
  offset %= subtree(1);
  int digits = 1;
  for (;;) {
    if (offset == 0) return out;
    offset -= 1;
    const std::uint32_t s = suffixes(digits);
    if (offset < s) {
      if (digits == 4) {
        out += kLetters[offset];
      } else {
        out += kLetters[offset / (1 + kNumLetters)];
        const std::uint32_t second = offset % (1 + kNumLetters);
        if (second > 0) out += kLetters[second - 1];
      }
      return out;
    }
    offset -= s;
    const std::uint32_t child = subtree(digits + 1);
    out += static_cast<char>('0' + offset / child);
    offset %= child;
    ++digits;
  }
}

}  // namespace skywitness::registry

// US civil registrations (N-numbers) and their Mode S addresses. The FAA
// assigns the 915,399 addresses A00001-ADF7C7 to the N-numbers in order:
// N1, N1A, N1AA, N1AB, ..., N1AZ, N1B, ..., N1ZZ, N10, N10A, ..., N99999.
// An N-number is "N", a digit 1-9, up to four more digits, and up to two
// letters at the end (no I or O), five characters at most after the N.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace skywitness::registry {

inline constexpr std::uint32_t kFirstNAddress = 0xA00001;
inline constexpr std::uint32_t kLastNAddress = 0xADF7C7;

// "N123AB" (case-insensitive, with or without the N) -> its address;
// empty when it is not a well-formed N-number.
std::optional<std::uint32_t> n_number_to_icao(std::string_view registration);

// Address -> "N123AB"; empty outside A00001-ADF7C7.
std::optional<std::string> icao_to_n_number(std::uint32_t icao);

}  // namespace skywitness::registry

// Issue 17, "Gaps: direct tests": the small pieces that other tests only
// reach through whole pipelines, each held to values worked out by hand (or
// from first principles in the test itself): track simplification, text and
// time helpers, the address map, the record writers, escaping, the SVG
// charts and timelines, month arithmetic, operator prefixes, the table
// loaders on bad files, and the built-in scenarios.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/address_map.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/flights/simplify.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/geo/countries.hpp"
#include "skywitness/output/writer.hpp"
#include "skywitness/registry/address_blocks.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/report/document.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/report/timeline.hpp"
#include "skywitness/sim/scenario.hpp"
#include "test_util.hpp"

#ifndef SKYWITNESS_TEST_DATA
#error "SKYWITNESS_TEST_DATA must name tests/data"
#endif

namespace skywitness {
namespace {

using test::TempDir;

namespace fs = std::filesystem;

// Epoch seconds of a few dates, counted by hand from 1970-01-01: whole years
// of 365 days plus one per leap year, then the month lengths. 2024-01-01 is
// 54 * 365 + 13 leap days (1972..2020) = 19723 days.
constexpr double kDay = 86400;
constexpr double k2024Jan01 = 19723 * kDay;              // 1704067200
constexpr double k2024Mar01 = (19723 + 31 + 29) * kDay;  // 1709251200
constexpr double k2024Mar30 = k2024Mar01 + 29 * kDay;    // 1711756800
constexpr double k2024Apr01 = k2024Mar01 + 31 * kDay;    // 1711929600

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// ---------------------------------------------------------------------------
// flights::simplify

// A mean Earth radius of 6371 km gives 111.195 km to a degree of arc.
constexpr double kMetresPerDegree = 6'371'000.0 * std::numbers::pi / 180.0;

Position at(double lat, double lon, bool on_ground = false) {
  Position p;
  p.lat = lat;
  p.lon = lon;
  p.on_ground = on_ground;
  return p;
}

std::vector<std::size_t> indices(std::initializer_list<std::size_t> i) {
  return std::vector<std::size_t>(i);
}

TEST(GapsSimplify, ShortTracksKeepEveryPosition) {
  EXPECT_TRUE(flights::simplify({}, 100).empty());
  const std::vector<Position> one{at(10, 20)};
  EXPECT_EQ(flights::simplify(one, 100), indices({0}));
  const std::vector<Position> two{at(10, 20), at(10, 20)};
  EXPECT_EQ(flights::simplify(two, 100), indices({0, 1}));
}

TEST(GapsSimplify, AStraightLineCollapsesToItsEnds) {
  // Along the equator, along a meridian at 50 N, and diagonally.
  std::vector<Position> east, north, diagonal;
  for (int i = 0; i < 10; ++i) {
    east.push_back(at(0, 0.01 * i));
    north.push_back(at(50 + 0.01 * i, 8));
    diagonal.push_back(at(0.01 * i, 0.01 * i));
  }
  EXPECT_EQ(flights::simplify(east, 1), indices({0, 9}));
  EXPECT_EQ(flights::simplify(north, 1), indices({0, 9}));
  EXPECT_EQ(flights::simplify(diagonal, 1), indices({0, 9}));
}

TEST(GapsSimplify, AStraightLineAcrossTheAntimeridianCollapsesToItsEnds) {
  // 179.98 E to 179.98 W: 0.04 degrees of longitude, not 359.96.
  const std::vector<Position> track{at(0, 179.98), at(0, 179.99), at(0, 180.0), at(0, -179.99),
                                    at(0, -179.98)};
  EXPECT_EQ(flights::simplify(track, 1), indices({0, 4}));
}

TEST(GapsSimplify, ASpikeIsKeptExactlyWhenItIsBeyondTheTolerance) {
  // A peak 0.002 degrees north of the equator: 222.39 m off the line of
  // the ends. The points half way up either side lie on the lines to the
  // peak, so once the peak is kept they go.
  const std::vector<Position> track{at(0, 0), at(0.001, 0.01), at(0.002, 0.02), at(0.001, 0.03),
                                    at(0, 0.04)};
  ASSERT_NEAR(0.002 * kMetresPerDegree, 222.39, 0.01);
  EXPECT_EQ(flights::simplify(track, 222), indices({0, 2, 4}));
  EXPECT_EQ(flights::simplify(track, 223), indices({0, 4}));
}

TEST(GapsSimplify, EastWestOffsetsShrinkWithTheCosineOfTheLatitude) {
  // Flying north at 60 N, a point 0.004 degrees of longitude off the line
  // is 0.004 * cos(60 deg) = 0.002 degrees of arc away: 222.3 m, not 444.8.
  const std::vector<Position> track{at(60, 10), at(60.01, 10.004), at(60.02, 10)};
  EXPECT_EQ(flights::simplify(track, 222), indices({0, 1, 2}));
  EXPECT_EQ(flights::simplify(track, 223), indices({0, 2}));
}

TEST(GapsSimplify, AZigZagBeyondTheToleranceIsKeptWhole) {
  // Vertices 0.01 degrees apart in longitude, alternately on the equator
  // and 0.01 degrees (1112 m) north of it. Any chord that skips a vertex
  // passes at least about 500 m from it, so with 100 m every vertex stays.
  std::vector<Position> track;
  for (int i = 0; i < 9; ++i) track.push_back(at(i % 2 ? 0.01 : 0, 0.01 * i));
  std::vector<std::size_t> all(track.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  EXPECT_EQ(flights::simplify(track, 100), all);
  // Within the tolerance the same zig-zag is a straight line.
  EXPECT_EQ(flights::simplify(track, 1200), indices({0, 8}));
}

TEST(GapsSimplify, TakeoffAndLandingPositionsAreKeptOnAStraightLine) {
  // Ground 0-2, air 3-6, ground 7-9, all on one line: the first position
  // of each new state is where the leg begins or ends.
  std::vector<Position> track;
  for (int i = 0; i < 10; ++i) track.push_back(at(0, 0.01 * i, i < 3 || i > 6));
  EXPECT_EQ(flights::simplify(track, 100), indices({0, 3, 7, 9}));
}

// Distance in metres from p to the segment a-b on an equirectangular plane at
// the segment's mean latitude (good to a fraction of a percent over a few km).
double segment_distance_m(const Position& p, const Position& a, const Position& b) {
  const double k = std::cos((a.lat + b.lat) / 2 * std::numbers::pi / 180);
  const double bx = (b.lon - a.lon) * k, by = b.lat - a.lat;
  const double px = (p.lon - a.lon) * k, py = p.lat - a.lat;
  const double len2 = bx * bx + by * by;
  const double u = len2 > 0 ? std::clamp((px * bx + py * by) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(px - u * bx, py - u * by) * kMetresPerDegree;
}

TEST(GapsSimplify, EveryDroppedPositionIsWithinTheToleranceOfTheKeptLine) {
  // A wandering track at 45 N: a slow climb north-east with two wiggles.
  std::vector<Position> track;
  for (int i = 0; i < 600; ++i)
    track.push_back(at(45 + 0.0002 * i + 0.01 * std::sin(i * 0.02) + 0.001 * std::sin(i * 0.11),
                       -100 + 0.0004 * i + 0.005 * std::cos(i * 0.03)));
  std::size_t previous = track.size() + 1;
  for (const double tolerance : {30.0, 100.0, 500.0, 2000.0}) {
    const auto keep = flights::simplify(track, tolerance);
    ASSERT_GE(keep.size(), 2u);
    EXPECT_EQ(keep.front(), 0u);
    EXPECT_EQ(keep.back(), track.size() - 1);
    EXPECT_TRUE(std::is_sorted(keep.begin(), keep.end()));
    EXPECT_EQ(std::adjacent_find(keep.begin(), keep.end()), keep.end()) << "duplicate index";
    // It does drop something, and more as the tolerance grows.
    EXPECT_LT(keep.size(), track.size()) << tolerance;
    EXPECT_LE(keep.size(), previous) << tolerance;
    previous = keep.size();
    double worst = 0;
    for (std::size_t s = 0; s + 1 < keep.size(); ++s)
      for (std::size_t j = keep[s] + 1; j < keep[s + 1]; ++j)
        worst = std::max(worst, segment_distance_m(track[j], track[keep[s]], track[keep[s + 1]]));
    EXPECT_LE(worst, tolerance * 1.005) << tolerance;
  }
}

// ---------------------------------------------------------------------------
// core/text

TEST(GapsText, TrimRemovesSpacesTabsAndLineEndsAtBothEndsOnly) {
  EXPECT_EQ(trim(" \t a  b \r\n"), "a  b");
  EXPECT_EQ(trim("ab"), "ab");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(GapsText, UpperChangesLettersOnly) {
  EXPECT_EQ(upper("gxa12-b n807sk"), "GXA12-B N807SK");
  EXPECT_EQ(upper(""), "");
}

TEST(GapsText, SplitCsvHandlesEmptyFieldsQuotesAndDoubledQuotes) {
  std::vector<std::string> f;
  ASSERT_TRUE(split_csv("a,b,,c,", ',', '"', f));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b", "", "c", ""}));
  ASSERT_TRUE(split_csv("\"Mesa, AZ\",KIWA", ',', '"', f));
  EXPECT_EQ(f, (std::vector<std::string>{"Mesa, AZ", "KIWA"}));
  ASSERT_TRUE(split_csv("\"say \"\"hi\"\"\",1", ',', '"', f));
  EXPECT_EQ(f, (std::vector<std::string>{"say \"hi\"", "1"}));
  ASSERT_TRUE(split_csv("x;\"y;z\"", ';', '"', f));
  EXPECT_EQ(f, (std::vector<std::string>{"x", "y;z"}));
  // Without a quote character quotes are ordinary text.
  ASSERT_TRUE(split_csv("\"a\",b", ',', 0, f));
  EXPECT_EQ(f, (std::vector<std::string>{"\"a\"", "b"}));
  // An empty line is one empty field.
  ASSERT_TRUE(split_csv("", ',', '"', f));
  EXPECT_EQ(f, (std::vector<std::string>{""}));
}

TEST(GapsText, SplitCsvRejectsAQuotedFieldThatDoesNotEnd) {
  std::vector<std::string> f;
  EXPECT_FALSE(split_csv("a,\"b,c", ',', '"', f));
  EXPECT_FALSE(split_csv("\"", ',', '"', f));
}

TEST(GapsText, LinesNumbersFromOneAndDropsLineEndsAndTheByteOrderMark) {
  Lines lines(
      "\xEF\xBB\xBF"
      "first\r\nsecond\n\nlast");
  std::string_view line;
  std::vector<std::pair<std::uint64_t, std::string>> got;
  while (lines.next(line)) got.emplace_back(lines.number(), std::string(line));
  EXPECT_EQ(got, (std::vector<std::pair<std::uint64_t, std::string>>{
                     {1, "first"}, {2, "second"}, {3, ""}, {4, "last"}}));
  // A final newline does not make an extra empty line; no text, no lines.
  Lines ended("a\n");
  int n = 0;
  while (ended.next(line)) ++n;
  EXPECT_EQ(n, 1);
  Lines empty("");
  EXPECT_FALSE(empty.next(line));
}

// ---------------------------------------------------------------------------
// core/time

TEST(GapsTime, DaysFromCivilCountsFromTheEpoch) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  // 30 years of 365 days, 7 leap days (1972..1996), January, 29 days of February.
  EXPECT_EQ(days_from_civil(2000, 3, 1), 30 * 365 + 7 + 31 + 29);
  EXPECT_EQ(days_from_civil(2024, 1, 1), 19723);
  EXPECT_EQ(days_from_civil(2024, 2, 29) + 1, days_from_civil(2024, 3, 1));
  EXPECT_EQ(days_from_civil(2023, 2, 28) + 1, days_from_civil(2023, 3, 1));
}

TEST(GapsTime, Iso8601WithAndWithoutZoneLetterAndFraction) {
  const double expect = k2024Mar30 + 14 * 3600 + 5 * 60;  // 1711807500
  EXPECT_EQ(parse_iso8601("2024-03-30T14:05:00Z"), expect);
  EXPECT_EQ(parse_iso8601("2024-03-30T14:05:00"), expect);
  EXPECT_EQ(parse_iso8601("2024-03-30 14:05:00"), expect);
  EXPECT_EQ(parse_iso8601("2024-03-30T14:05:00.250Z"), expect + 0.25);
  EXPECT_EQ(parse_iso8601("2024-03-30T14:05:59.5"), expect + 59.5);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0.0);
}

TEST(GapsTime, ADateAloneIsMidnight) {
  EXPECT_EQ(parse_iso8601("2024-03-30"), k2024Mar30);
  EXPECT_EQ(parse_iso8601("2024-01-01"), k2024Jan01);
}

TEST(GapsTime, LeapDaysAreAcceptedOnlyInLeapYears) {
  EXPECT_EQ(parse_iso8601("2024-02-29"), k2024Mar01 - kDay);
  EXPECT_EQ(parse_iso8601("2000-02-29"), (30 * 365 + 7 + 31 + 28) * kDay);  // 400-year rule
  EXPECT_FALSE(parse_iso8601("2023-02-29"));
  EXPECT_FALSE(parse_iso8601("1900-02-29"));  // 100-year rule
  EXPECT_FALSE(parse_iso8601("2100-02-29T00:00:00Z"));
}

TEST(GapsTime, DaysBeyondTheEndOfTheMonthAreRejected) {
  EXPECT_FALSE(parse_iso8601("2024-02-30"));
  EXPECT_FALSE(parse_iso8601("2024-04-31T10:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-06-31"));
  EXPECT_FALSE(parse_iso8601("2024-11-31"));
  EXPECT_FALSE(parse_iso8601("2024-01-32"));
  EXPECT_FALSE(parse_iso8601("2024-03-00"));
  EXPECT_FALSE(parse_iso8601("2024-00-10"));
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
  // The last day of each 30-day month is fine.
  for (const char* d : {"2024-04-30", "2024-06-30", "2024-09-30", "2024-11-30", "2024-12-31"})
    EXPECT_TRUE(parse_iso8601(d)) << d;
}

TEST(GapsTime, BadTimesOfDayAreRejected) {
  EXPECT_FALSE(parse_iso8601("2024-03-30T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T24:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:60:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:61Z"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05Z"));  // seconds are required
  EXPECT_FALSE(parse_iso8601("2024-03-30T1:05:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:nan"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:1e1"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:5.50"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:00."));
}

TEST(GapsTime, TrailingJunkAndOffsetsAreRejectedNotMisread) {
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:00Zjunk"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:00 junk"));
  EXPECT_FALSE(parse_iso8601("2024-03-30junk"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T"));
  EXPECT_FALSE(parse_iso8601("2024-03-30ZZ"));
  // Offsets are not supported (everything is UTC): refused, not taken as UTC.
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:00+01:00"));
  EXPECT_FALSE(parse_iso8601("2024-03-30T14:05:00-05:00"));
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("Z"));
  EXPECT_FALSE(parse_iso8601("2024/03-30"));
  EXPECT_FALSE(parse_iso8601("24-03-30"));
}

TEST(GapsTime, DateAndTimeFieldsTakeSlashesOrDashes) {
  // 2016-03-14: 46 years, 11 leap days (1972..2012), January and a leap February.
  const double midnight = (46 * 365 + 11 + 31 + 29 + 13) * kDay;
  EXPECT_EQ(parse_date_time("2016/03/14", "23:00:00.250"), midnight + 23 * 3600 + 0.25);
  EXPECT_EQ(parse_date_time("2016-03-14", "00:00:00"), midnight);
  EXPECT_FALSE(parse_date_time("2016/03-14", "00:00:00"));
  EXPECT_FALSE(parse_date_time("2016/03/14", "00:00"));
  EXPECT_FALSE(parse_date_time("2016/02/30", "00:00:00"));
}

TEST(GapsTime, FormatIso8601WritesMillisecondsAndRoundTrips) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(k2024Mar30 + 14 * 3600 + 5 * 60 + 0.25), "2024-03-30T14:05:00.250Z");
  EXPECT_EQ(format_iso8601(-0.5), "1969-12-31T23:59:59.500Z");
  EXPECT_EQ(format_iso8601(k2024Mar01 - kDay), "2024-02-29T00:00:00.000Z");
  for (const double t : {0.0, 951782400.125, 1711807500.0, 4102444799.999}) {
    const auto back = parse_iso8601(format_iso8601(t));
    ASSERT_TRUE(back) << t;
    EXPECT_NEAR(*back, t, 1e-6) << format_iso8601(t);
  }
}

// ---------------------------------------------------------------------------
// AddressMap

TEST(GapsAddressMap, InsertFindsAndReportsWhetherTheKeyWasNew) {
  AddressMap<int> map;
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.find(0xa8f007), nullptr);
  auto [v, fresh] = map.insert(0xa8f007);
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(fresh);
  EXPECT_EQ(*v, 0);  // default-constructed
  *v = 42;
  auto [again, fresh_again] = map.insert(0xa8f007);
  EXPECT_FALSE(fresh_again);
  EXPECT_EQ(again, v);
  EXPECT_EQ(*again, 42);
  ASSERT_NE(map.find(0xa8f007), nullptr);
  EXPECT_EQ(*map.find(0xa8f007), 42);
  EXPECT_EQ(map.size(), 1u);
}

TEST(GapsAddressMap, KeyZeroAndFlagBitsAboveTheAddressAreDistinctKeys) {
  // Slots store key + 1 so that 0 can mark an empty one; key 0 must still work.
  AddressMap<int> map;
  *map.insert(0).first = 1;
  *map.insert(0xffffff).first = 2;
  *map.insert(0x1000000 | 0xffffff).first = 3;  // a non-ICAO flag above the address
  ASSERT_NE(map.find(0), nullptr);
  EXPECT_EQ(*map.find(0), 1);
  EXPECT_EQ(*map.find(0xffffff), 2);
  EXPECT_EQ(*map.find(0x1ffffff), 3);
  EXPECT_EQ(map.find(1), nullptr);
  EXPECT_EQ(map.size(), 3u);
}

TEST(GapsAddressMap, ManyKeysSurviveGrowth) {
  AddressMap<std::string> map;
  constexpr std::uint32_t kN = 20000;
  for (std::uint32_t i = 0; i < kN; ++i) {
    const std::uint32_t key = i * 769 + 0x400000;  // spread over several blocks
    auto [v, fresh] = map.insert(key);
    ASSERT_TRUE(fresh) << i;
    *v = std::to_string(key);
  }
  EXPECT_EQ(map.size(), kN);
  for (std::uint32_t i = 0; i < kN; ++i) {
    const std::uint32_t key = i * 769 + 0x400000;
    const auto* v = map.find(key);
    ASSERT_NE(v, nullptr) << i;
    EXPECT_EQ(*v, std::to_string(key));
    EXPECT_EQ(map.find(key + 1), nullptr);  // never inserted: 769 apart
  }
}

TEST(GapsAddressMap, EraseIfRemovesExactlyTheMatchingEntries) {
  AddressMap<int> map;
  for (int i = 0; i < 1000; ++i) *map.insert(static_cast<std::uint32_t>(i)).first = i * 3;
  map.erase_if([](std::uint32_t key, const int& v) {
    EXPECT_EQ(v, static_cast<int>(key) * 3);
    return key % 2 == 0;
  });
  EXPECT_EQ(map.size(), 500u);
  for (int i = 0; i < 1000; ++i) {
    const auto* v = map.find(static_cast<std::uint32_t>(i));
    if (i % 2 == 0) {
      EXPECT_EQ(v, nullptr) << i;
    } else {
      ASSERT_NE(v, nullptr) << i;
      EXPECT_EQ(*v, i * 3);
    }
  }
  // An erased key comes back new, without its old value.
  auto [v, fresh] = map.insert(10);
  EXPECT_TRUE(fresh);
  EXPECT_EQ(*v, 0);
  // Erasing everything leaves a working, empty map.
  map.erase_if([](std::uint32_t, const int&) { return true; });
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.find(11), nullptr);
  EXPECT_TRUE(map.insert(11).second);
  EXPECT_EQ(map.size(), 1u);
}

TEST(GapsAddressMap, KeysThatCollideInTheHashAreAllKept) {
  // The map hashes by Fibonacci multiplication (key * 0x9E3779B1, top bits).
  // These keys all have the top 12 bits of that product set, so they share
  // the last slot in every table of up to 4096 slots: each lookup probes
  // past the others and wraps around to the first slot. 48 of them also
  // force the table to grow (64 to 128 slots) while they collide.
  std::vector<std::uint32_t> keys;
  for (std::uint32_t k = 0; k < (1u << 24) && keys.size() < 48; ++k)
    if (((k * 0x9E3779B1u) >> 20) == 0xfffu) keys.push_back(k);
  ASSERT_EQ(keys.size(), 48u);
  AddressMap<std::uint32_t> map;
  for (const auto k : keys) {
    auto [v, fresh] = map.insert(k);
    ASSERT_TRUE(fresh) << k;
    *v = ~k;
  }
  EXPECT_EQ(map.size(), keys.size());
  for (const auto k : keys) {
    ASSERT_NE(map.find(k), nullptr) << k;
    EXPECT_EQ(*map.find(k), ~k);
    EXPECT_FALSE(map.insert(k).second);
  }
  // Remove every third one, from the middle of the probe chain too.
  std::set<std::uint32_t> gone;
  for (std::size_t i = 0; i < keys.size(); i += 3) gone.insert(keys[i]);
  map.erase_if([&](std::uint32_t k, const std::uint32_t&) { return gone.contains(k); });
  EXPECT_EQ(map.size(), keys.size() - gone.size());
  for (const auto k : keys) {
    if (gone.contains(k)) {
      EXPECT_EQ(map.find(k), nullptr) << k;
    } else {
      ASSERT_NE(map.find(k), nullptr) << k;
      EXPECT_EQ(*map.find(k), ~k);
    }
  }
}

// ---------------------------------------------------------------------------
// Record writers (docs/decode-output.md)

// An airborne identification-and-position record as a decoder might leave it.
Message sample_message() {
  Message m;
  m.frame.t = 1711807500.25;
  m.frame.len = 14;
  const std::uint8_t raw[14] = {0x8d, 0xa8, 0xf0, 0x07, 0x58, 0xc3, 0x82,
                                0xd6, 0x90, 0xc8, 0xac, 0x28, 0x63, 0xa7};
  std::copy(std::begin(raw), std::end(raw), m.frame.bytes.begin());
  m.source = Source::kModeS;
  m.address_source = AddressSource::kAnnounced;
  m.df = 17;
  m.icao = 0xa8f007;
  m.tc = 11;
  std::snprintf(m.callsign.data(), m.callsign.size(), "GXA1234");
  m.category = 0xA3;
  m.alt_baro = 37000;
  m.on_ground = false;
  m.squawk = 0x7500;
  m.emergency = 5;
  m.gs = 451.3;
  m.track = 123.456;
  m.lat = 30.123456789;
  m.lon = -97.5;
  m.position_method = PositionMethod::kGlobal;
  for (const auto f : {Field::kTime, Field::kDf, Field::kIcao, Field::kTc, Field::kCallsign,
                       Field::kCategory, Field::kAltBaro, Field::kOnGround, Field::kSquawk,
                       Field::kEmergency, Field::kGs, Field::kTrack, Field::kLat, Field::kLon})
    m.set(f);
  return m;
}

std::string json_of(const Message& m) {
  fmt::memory_buffer b;
  output::format_json(m, b);
  return fmt::to_string(b);
}

// What a writer writes to a file, read back after it is gone.
std::string written(output::RecordFormat format, const std::vector<Message>& messages) {
  std::FILE* f = std::tmpfile();
  if (!f) return "tmpfile failed";
  {
    auto w = output::make_writer(format, f);
    for (const auto& m : messages) w->write(m);
  }  // the destructor flushes
  std::string out;
  std::rewind(f);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fclose(f);
  return out;
}

TEST(GapsWriters, JsonHoldsEveryFieldOfTheMessageWithItsDocumentedFormat) {
  const auto text = json_of(sample_message());
  const auto j = nlohmann::json::parse(text);
  const std::set<std::string> keys{"t",      "src",       "df",       "icao",     "icao_confirmed",
                                   "tc",     "callsign",  "category", "alt_baro", "on_ground",
                                   "squawk", "emergency", "gs",       "track",    "lat",
                                   "lon",    "pos",       "raw"};
  std::set<std::string> got;
  for (const auto& [k, v] : j.items()) got.insert(k);
  EXPECT_EQ(got, keys);
  EXPECT_EQ(j["src"], "modes");
  EXPECT_EQ(j["df"], 17);
  EXPECT_EQ(j["icao"], "a8f007");
  EXPECT_EQ(j["icao_confirmed"], true);
  EXPECT_EQ(j["tc"], 11);
  EXPECT_EQ(j["callsign"], "GXA1234");
  EXPECT_EQ(j["category"], "A3");
  EXPECT_EQ(j["alt_baro"], 37000);
  EXPECT_EQ(j["on_ground"], false);
  EXPECT_EQ(j["squawk"], "7500");
  EXPECT_EQ(j["emergency"], "unlawful");  // DO-260B emergency state 5
  EXPECT_EQ(j["pos"], "global");
  EXPECT_EQ(j["raw"], "8da8f00758c382d690c8ac2863a7");
  // Decimals as documented: t 3, gs 1, track 2, lat/lon 6.
  EXPECT_NE(text.find("\"t\":1711807500.250,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"gs\":451.3,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"track\":123.46,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"lat\":30.123457,\"lon\":-97.500000,"), std::string::npos) << text;
}

TEST(GapsWriters, JsonOfAMinimalRecordIsExactlyItsFewFields) {
  Message m;
  m.frame.len = 7;
  const std::uint8_t raw[7] = {0x5d, 0xa8, 0xf0, 0x07, 0x12, 0x34, 0x56};
  std::copy(std::begin(raw), std::end(raw), m.frame.bytes.begin());
  m.df = 11;
  m.icao = 0xa8f007;
  m.address_source = AddressSource::kRecovered;  // never seen announced
  m.set(Field::kDf);
  m.set(Field::kIcao);
  EXPECT_EQ(json_of(m),
            "{\"src\":\"modes\",\"df\":11,\"icao\":\"a8f007\",\"icao_confirmed\":false,"
            "\"raw\":\"5da8f007123456\"}");
}

TEST(GapsWriters, JsonEscapesQuotesAndBackslashesAndDropsControlCharacters) {
  Message m = sample_message();
  std::snprintf(m.callsign.data(), m.callsign.size(),
                "A\"B\\C\x01"
                "D");
  const auto text = json_of(m);
  EXPECT_NE(text.find(R"("callsign":"A\"B\\CD")"), std::string::npos) << text;
  EXPECT_EQ(nlohmann::json::parse(text)["callsign"], "A\"B\\CD");
}

TEST(GapsWriters, JsonLinesWritesOneObjectPerLine) {
  auto second = sample_message();
  second.icao = 0x406b90;
  const auto text = written(output::RecordFormat::kJsonl, {sample_message(), second});
  ASSERT_EQ(count_of(text, "\n"), 2u);
  EXPECT_EQ(text.back(), '\n');
  const auto first_line = text.substr(0, text.find('\n'));
  EXPECT_EQ(first_line, json_of(sample_message()));
  EXPECT_EQ(nlohmann::json::parse(text.substr(first_line.size() + 1))["icao"], "406b90");
}

const char* const kCsvHeader =
    "t,clock,src,df,icao,icao_confirmed,tc,callsign,category,alt_baro,alt_geom,on_ground,squawk,"
    "gs,track,heading,vrate,baro_rate,geom_rate,ias,tas,mach,lat,lon,pos,bds,raw";

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  EXPECT_TRUE(split_csv(line, ',', 0, f));
  return f;
}

TEST(GapsWriters, CsvHasTheDocumentedColumnsAndEmptyCellsForAbsentFields) {
  const auto text = written(output::RecordFormat::kCsv, {sample_message()});
  Lines lines(text);
  std::string_view header, row, extra;
  ASSERT_TRUE(lines.next(header));
  ASSERT_TRUE(lines.next(row));
  EXPECT_FALSE(lines.next(extra));
  EXPECT_EQ(header, kCsvHeader);
  const auto names = split(std::string(header));
  const auto cells = split(std::string(row));
  ASSERT_EQ(cells.size(), names.size());
  std::map<std::string, std::string> r;
  for (std::size_t i = 0; i < names.size(); ++i) r[names[i]] = cells[i];
  const std::map<std::string, std::string> expect{{"t", "1711807500.250"},
                                                  {"clock", ""},
                                                  {"src", "modes"},
                                                  {"df", "17"},
                                                  {"icao", "a8f007"},
                                                  {"icao_confirmed", "true"},
                                                  {"tc", "11"},
                                                  {"callsign", "GXA1234"},
                                                  {"category", "A3"},
                                                  {"alt_baro", "37000"},
                                                  {"alt_geom", ""},
                                                  {"on_ground", "false"},
                                                  {"squawk", "7500"},
                                                  {"gs", "451.3"},
                                                  {"track", "123.46"},
                                                  {"heading", ""},
                                                  {"vrate", ""},
                                                  {"baro_rate", ""},
                                                  {"geom_rate", ""},
                                                  {"ias", ""},
                                                  {"tas", ""},
                                                  {"mach", ""},
                                                  {"lat", "30.123457"},
                                                  {"lon", "-97.500000"},
                                                  {"pos", "global"},
                                                  {"bds", ""},
                                                  {"raw", "8da8f00758c382d690c8ac2863a7"}};
  EXPECT_EQ(r, expect);
}

TEST(GapsWriters, CsvKeepsItsColumnsWhenACallsignHoldsCommasOrQuotes) {
  Message m = sample_message();
  std::snprintf(m.callsign.data(), m.callsign.size(), "A,B\"C");
  const auto text = written(output::RecordFormat::kCsv, {m});
  const auto row = text.substr(text.find('\n') + 1);
  const auto cells = split(row.substr(0, row.size() - 1));
  ASSERT_EQ(cells.size(), split(kCsvHeader).size());
  EXPECT_EQ(cells[7], "ABC");
}

TEST(GapsWriters, RecordFormatNamesAreParsedAndNoneWritesNothing) {
  output::RecordFormat f = output::RecordFormat::kNone;
  ASSERT_TRUE(output::parse_record_format("csv", f));
  EXPECT_EQ(f, output::RecordFormat::kCsv);
  ASSERT_TRUE(output::parse_record_format("json", f));
  EXPECT_EQ(f, output::RecordFormat::kJsonl);
  ASSERT_TRUE(output::parse_record_format("none", f));
  EXPECT_EQ(f, output::RecordFormat::kNone);
  EXPECT_FALSE(output::parse_record_format("xml", f));
  EXPECT_EQ(f, output::RecordFormat::kNone);  // unchanged
  EXPECT_EQ(output::make_writer(output::RecordFormat::kNone, stdout), nullptr);
}

TEST(GapsWriters, EmergencyNamesFollowTheEightStates) {
  const char* const names[] = {"none",  "general",  "lifeguard", "minfuel",
                               "nordo", "unlawful", "downed",    "reserved"};
  for (std::uint8_t i = 0; i < 8; ++i) EXPECT_STREQ(output::emergency_name(i), names[i]);
}

// ---------------------------------------------------------------------------
// xml_escape

TEST(GapsXmlEscape, EscapesTheFiveSpecialCharactersItDocuments) {
  // & < > " are escaped; ' is left as it is (every attribute is double-quoted).
  EXPECT_EQ(report::xml_escape("<&\"'>"), "&lt;&amp;&quot;'&gt;");
  EXPECT_EQ(report::xml_escape("&amp;"), "&amp;amp;");  // not treated as already escaped
  EXPECT_EQ(report::xml_escape("plain text"), "plain text");
  EXPECT_EQ(report::xml_escape(""), "");
  EXPECT_EQ(report::xml_escape("Côte d'Ivoire"), "Côte d'Ivoire");  // UTF-8 passes through
}

// ---------------------------------------------------------------------------
// SVG charts and timelines

struct Bar {
  double x, y, width, height;
  std::string title;
};

// The bars of svg_months: rects with a title inside.
std::vector<Bar> bars_of(const std::string& svg) {
  static const std::regex kBar(
      R"re(<rect x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"[^>]*><title>([^<]*)</title></rect>)re");
  std::vector<Bar> out;
  for (std::sregex_iterator it(svg.begin(), svg.end(), kBar), end; it != end; ++it)
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                   std::stod((*it)[4]), (*it)[5]});
  return out;
}

report::MonthCount month(const std::string& m, int flights,
                         std::optional<std::uint64_t> encounters = {}) {
  report::MonthCount c;
  c.month = m;
  c.flights = flights;
  c.encounters = encounters;
  return c;
}

TEST(GapsSvg, MonthsChartHasOneBarPerMonthWithItsLabel) {
  const std::vector<report::MonthCount> months{month("2024-01", 2), month("2024-02", 0),
                                               month("2024-03", 4), month("2024-04", 1)};
  const auto svg = report::svg_months("Flights", months);
  const auto bars = bars_of(svg);
  ASSERT_EQ(bars.size(), months.size());
  EXPECT_EQ(bars[0].title, "2024-01: 2 flights");
  EXPECT_EQ(bars[1].title, "2024-02: 0 flights");
  EXPECT_EQ(bars[2].title, "2024-03: 4 flights");
  EXPECT_EQ(bars[3].title, "2024-04: 1 flight");
  // Heights in proportion to the flights, on one base line, left to right.
  EXPECT_EQ(bars[1].height, 0);
  EXPECT_NEAR(bars[2].height, 2 * bars[0].height, 0.11);
  EXPECT_NEAR(bars[2].height, 4 * bars[3].height, 0.21);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    EXPECT_NEAR(bars[i].y + bars[i].height, bars[0].y + bars[0].height, 0.11) << i;
    EXPECT_NEAR(bars[i].width, bars[0].width, 1e-9);
    if (i) EXPECT_GT(bars[i].x, bars[i - 1].x);
  }
  // Few months: every one is labelled under its bar.
  for (const auto& m : months) EXPECT_EQ(count_of(svg, ">" + m.month + "</text>"), 1u) << m.month;
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);  // no encounters, no line
}

TEST(GapsSvg, MonthsChartOfManyMonthsLabelsOnlySomeButDrawsEveryBar) {
  std::vector<report::MonthCount> months;
  for (int i = 0; i < 36; ++i) months.push_back(month(report::add_months("2022-01", i), i % 5));
  const auto svg = report::svg_months("Three years", months);
  EXPECT_EQ(bars_of(svg).size(), 36u);
  std::size_t labels = 0;
  for (const auto& m : months) labels += count_of(svg, ">" + m.month + "</text>");
  EXPECT_GE(labels, 2u);
  EXPECT_LT(labels, 36u);
  EXPECT_EQ(count_of(svg, ">2022-01</text>"), 1u);
}

TEST(GapsSvg, AMonthWithoutEncounterDataIsLeftOutOfTheLineButZeroIsOnTheAxis) {
  const std::vector<report::MonthCount> months{month("2024-01", 1, 5), month("2024-02", 1),
                                               month("2024-03", 1, 0)};
  const auto svg = report::svg_months("Flights", months);
  static const std::regex kLine(R"re(<polyline points="([^"]*)")re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, kLine)) << svg;
  std::vector<std::pair<double, double>> points;
  std::istringstream in(m[1].str());
  for (std::string p; in >> p;)
    points.emplace_back(std::stod(p.substr(0, p.find(','))), std::stod(p.substr(p.find(',') + 1)));
  ASSERT_EQ(points.size(), 2u);  // January and March; February has no data
  const auto bars = bars_of(svg);
  ASSERT_EQ(bars.size(), 3u);
  const double base = bars[0].y + bars[0].height;
  // The points sit over the middle of their months' bars.
  EXPECT_NEAR(points[0].first, bars[0].x + bars[0].width / 2, 0.11);
  EXPECT_NEAR(points[1].first, bars[2].x + bars[2].width / 2, 0.11);
  EXPECT_LT(points[0].second, base);          // 5 encounters: above the axis
  EXPECT_NEAR(points[1].second, base, 0.11);  // 0 encounters: on it
  EXPECT_NE(svg.find("border encounters"), std::string::npos);
}

TEST(GapsSvg, TitlesAndLabelsAreEscaped) {
  const auto months = report::svg_months("Flights to <b>\"A&B\"</b>", {month("2024-01", 1)});
  EXPECT_NE(months.find("<title>Flights to &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</title>"),
            std::string::npos);
  EXPECT_NE(months.find("aria-label=\"Flights to &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;\""),
            std::string::npos);
  EXPECT_EQ(months.find("<b>"), std::string::npos);
  report::Row row;
  row.key = "XX";
  row.label = "<Land & \"Sea\">";
  row.month.legs = 3;
  row.baseline_legs = 1.5;
  const auto bars = report::svg_bars("By <country>", {row}, 10);
  EXPECT_NE(bars.find(">XX &lt;Land &amp; &quot;Sea&quot;&gt;</text>"), std::string::npos) << bars;
  EXPECT_NE(bars.find("<title>By &lt;country&gt;</title>"), std::string::npos);
  EXPECT_EQ(bars.find("<Land"), std::string::npos);
}

TEST(GapsSvg, BarsChartDrawsAtMostMaxRowsAndLabelsEach) {
  std::vector<report::Row> rows;
  for (int i = 0; i < 5; ++i) {
    report::Row r;
    r.key = r.label = "K" + std::to_string(i);
    r.month.legs = 5 - i;
    rows.push_back(r);
  }
  const auto svg = report::svg_bars("Top", rows, 3);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(count_of(svg, ">K" + std::to_string(i) + "</text>"), i < 3 ? 1u : 0u) << i;
  // Two bars (this month, baseline) per row drawn.
  EXPECT_EQ(count_of(svg, "height=\"11\" fill=\"#b22222\""), 3u);
  EXPECT_EQ(count_of(svg, "height=\"7\" fill=\"#bbb\""), 3u);
}

// Removal legs of one aircraft, to GT at the given times.
struct Removals {
  report::AircraftHistory aircraft;
  roles::Itinerary itinerary;
  roles::RoledLeg leg;
  std::vector<report::RemovalLeg> legs;
  Removals(std::initializer_list<double> times, const std::string& country = "GT") {
    aircraft.icao = 0xa8f001;
    aircraft.seats = 180;
    aircraft.who.record.registration = "N801SK";
    itinerary.base = "KIWA";
    for (const double t : times) {
      report::RemovalLeg r;
      r.aircraft = &aircraft;
      r.itinerary = &itinerary;
      r.leg = &leg;
      r.country = country;
      r.destination = "MGGT";
      r.time = t;
      legs.push_back(r);
    }
  }
};

TEST(GapsTimeline, EveryMonthFromTheFirstFlightToTheEndOfTheDataHasABar) {
  // Flights on 15 January and 10 April 2024, data to 5 June: six months,
  // two with a flight and four with none.
  const Removals r({k2024Jan01 + 14 * kDay, k2024Apr01 + 9 * kDay});
  const auto t =
      report::build_timeline(r.legs, "GT", test::covered_until(k2024Apr01 + (30 + 31 + 4) * kDay));
  std::vector<std::string> names;
  std::vector<int> flights;
  for (const auto& m : t.months) {
    names.push_back(m.month);
    flights.push_back(m.flights);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05",
                                             "2024-06"}));
  EXPECT_EQ(flights, (std::vector<int>{1, 0, 0, 1, 0, 0}));
  EXPECT_EQ(t.seats, 360);
  EXPECT_EQ(bars_of(report::svg_months("GT", t.months)).size(), 6u);
}

TEST(GapsTimeline, MonthsWithoutEncounterDataDifferFromMonthsWithNone) {
  const Removals r({k2024Jan01 + 14 * kDay});
  const auto t = report::build_timeline(r.legs, "GT", test::covered_until(k2024Mar01 + 10 * kDay),
                                        {{"2024-01", 7}, {"2024-03", 0}});
  ASSERT_EQ(t.months.size(), 3u);
  EXPECT_EQ(t.months[0].encounters, std::optional<std::uint64_t>(7));
  EXPECT_FALSE(t.months[1].encounters.has_value());
  EXPECT_EQ(t.months[2].encounters, std::optional<std::uint64_t>(0));
  // In the CSV: empty for no data, 0 for none.
  const auto csv = report::timeline_csv(t);
  // The last column is the month's flight data coverage (the data end 10
  // days into March).
  EXPECT_NE(csv.find("\nGT,2024-01,1,180,0,0,7,full,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nGT,2024-02,0,0,0,0,,full,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nGT,2024-03,0,0,0,0,0,partial,"), std::string::npos) << csv;
  // In the JSON: null against 0.
  const auto j = report::timeline_json(t, geo::CountryNames{});
  ASSERT_EQ(j["months"].size(), 3u);
  EXPECT_TRUE(j["months"][1]["encounters"].is_null());
  EXPECT_EQ(j["months"][2]["encounters"], 0);
  // The text table leaves out the month with neither flights nor data, not the one with 0.
  const auto text = report::timeline_text(t, geo::CountryNames{});
  EXPECT_NE(text.find("\n2024-01 "), std::string::npos) << text;
  EXPECT_EQ(text.find("\n2024-02 "), std::string::npos) << text;
  EXPECT_NE(text.find("\n2024-03 "), std::string::npos) << text;
}

TEST(GapsTimeline, CountryAndAircraftNamesAreEscapedInTheHtml) {
  TempDir dir{"gaps"};
  std::string error;
  const auto names = geo::CountryNames::load(
      dir.write("countries.csv", "country,name\nXX,\"Land of <b>& \"\"Sea\"\"</b>\"\n"), error);
  ASSERT_TRUE(names) << error;
  ASSERT_EQ(names->name("XX"), "Land of <b>& \"Sea\"</b>");
  Removals r({k2024Jan01 + 14 * kDay}, "XX");
  r.aircraft.who.record.registration = "N<1>&";
  const auto t = report::build_timeline(r.legs, "XX", test::covered_until(k2024Jan01 + 20 * kDay));
  const auto html = report::to_html(report::timeline_document(t, *names), "Timeline <XX>");
  EXPECT_NE(html.find("Land of &lt;b&gt;&amp; &quot;Sea&quot;&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("N&lt;1&gt;&amp;"), std::string::npos);
  EXPECT_NE(html.find("Timeline &lt;XX&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("N<1>"), std::string::npos);
  EXPECT_EQ(html.find("<XX>"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Month arithmetic

TEST(GapsMonths, MonthRangeIsTheWholeMonthInEpochSeconds) {
  EXPECT_EQ(report::month_range("2024-03"), std::pair(k2024Mar01, k2024Apr01));
  // December ends at the next year's start.
  EXPECT_EQ(report::month_range("2023-12"), std::pair(k2024Jan01 - 31 * kDay, k2024Jan01));
  EXPECT_EQ(report::month_range("2024-01"), std::pair(k2024Jan01, k2024Jan01 + 31 * kDay));
  // February: 29 days in a leap year, 28 otherwise.
  const auto feb24 = report::month_range("2024-02");
  ASSERT_TRUE(feb24);
  EXPECT_EQ(feb24->second - feb24->first, 29 * kDay);
  const auto feb23 = report::month_range("2023-02");
  ASSERT_TRUE(feb23);
  EXPECT_EQ(feb23->second - feb23->first, 28 * kDay);
}

TEST(GapsMonths, MonthRangeRejectsBadMonths) {
  for (const char* bad : {"2024-13", "2024-00", "2024-1", "2024-001", "2024/03", "24-03",
                          "2024-03-01", "", "abcd-ef", "2024-3a", "2024--1", "2024-+1"})
    EXPECT_FALSE(report::month_range(bad)) << bad;
}

TEST(GapsMonths, AddMonthsCrossesYearBoundariesBothWays) {
  EXPECT_EQ(report::add_months("2024-03", 0), "2024-03");
  EXPECT_EQ(report::add_months("2024-03", 1), "2024-04");
  EXPECT_EQ(report::add_months("2024-11", 1), "2024-12");
  EXPECT_EQ(report::add_months("2024-12", 1), "2025-01");
  EXPECT_EQ(report::add_months("2024-03", 12), "2025-03");
  EXPECT_EQ(report::add_months("2024-03", 22), "2026-01");
  EXPECT_EQ(report::add_months("2024-01", -1), "2023-12");
  EXPECT_EQ(report::add_months("2024-12", -12), "2023-12");
  EXPECT_EQ(report::add_months("2024-03", -3), "2023-12");
  EXPECT_EQ(report::add_months("2024-03", -15), "2022-12");
  EXPECT_EQ(report::add_months("2024-03", -27), "2021-12");
  EXPECT_EQ(report::add_months("2024-12", -11), "2024-01");
}

TEST(GapsMonths, MonthOfPutsEachEdgeInItsMonth) {
  EXPECT_EQ(report::month_of(k2024Mar01), "2024-03");
  EXPECT_EQ(report::month_of(k2024Mar01 - 0.5), "2024-02");
  EXPECT_EQ(report::month_of(k2024Jan01), "2024-01");
  EXPECT_EQ(report::month_of(k2024Jan01 - 1), "2023-12");
  EXPECT_EQ(report::month_of(0), "1970-01");
  // Over four years, each month's range starts where the one before ends,
  // and both its ends are in it.
  std::string m = "2022-01";
  for (int i = 0; i < 48; ++i, m = report::add_months(m, 1)) {
    const auto r = report::month_range(m);
    ASSERT_TRUE(r) << m;
    EXPECT_EQ(report::month_of(r->first), m);
    EXPECT_EQ(report::month_of(r->second - 1), m);
    EXPECT_EQ(report::month_range(report::add_months(m, 1))->first, r->second) << m;
    const double days = (r->second - r->first) / kDay;
    EXPECT_TRUE(days >= 28 && days <= 31) << m;
  }
  EXPECT_EQ(m, "2026-01");
}

// ---------------------------------------------------------------------------
// operator_prefix

TEST(GapsOperatorPrefix, ThreeLettersThenADigitGiveTheOperator) {
  EXPECT_EQ(report::operator_prefix("GXA1234"), "GXA");
  EXPECT_EQ(report::operator_prefix("GXA1"), "GXA");
  EXPECT_EQ(report::operator_prefix("SWQ4021 "), "SWQ");
  EXPECT_EQ(report::operator_prefix("N807SK"), "");   // a registration
  EXPECT_EQ(report::operator_prefix("GXA"), "");      // no flight number
  EXPECT_EQ(report::operator_prefix("GXAB12"), "");   // four letters
  EXPECT_EQ(report::operator_prefix("GX12345"), "");  // two letters
  EXPECT_EQ(report::operator_prefix("1234567"), "");
  EXPECT_EQ(report::operator_prefix("G1A1234"), "");
  EXPECT_EQ(report::operator_prefix("GXA 123"), "");
  EXPECT_EQ(report::operator_prefix(""), "");
  EXPECT_EQ(report::operator_prefix("gxa1234"), "GXA");  // designators are capitals
}

TEST(GapsMonths, AMonthThatIsNotOneHasNoMonthAfterIt) {
  EXPECT_EQ(report::add_months("2024-13", 1), "");
  EXPECT_EQ(report::add_months("2024", 1), "");
  EXPECT_EQ(report::add_months("", -1), "");
}

// ---------------------------------------------------------------------------
// Table loaders on bad files

const char* const kAirportsHeader = "ident,size,lat,lon,elevation_ft,country,iata,scheduled,name\n";
const char* const kMesa = "KIWA,L,33.307800,-111.654999,1384,US,AZA,1,\"Phoenix-Mesa Gateway\"\n";

TEST(GapsTableLoaders, AirportsLoadTheirFieldsAndAQuotedNameWithACommaInIt) {
  TempDir dir{"gaps"};
  std::string error;
  const auto a = geo::Airports::load(
      dir.write("a.csv", std::string(kAirportsHeader) + kMesa +
                             "MGGT,M,14.5833,-90.5275,4952,GT,GUA,0,\"La Aurora, Guatemala\"\n"),
      error);
  ASSERT_TRUE(a) << error;
  ASSERT_EQ(a->all().size(), 2u);
  const auto* k = a->find("KIWA");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->large);
  EXPECT_DOUBLE_EQ(k->pos.lat, 33.3078);
  EXPECT_DOUBLE_EQ(k->pos.lon, -111.654999);
  EXPECT_EQ(k->elevation_ft, 1384);
  EXPECT_EQ(k->country, "US");
  EXPECT_EQ(k->iata, "AZA");
  EXPECT_TRUE(k->scheduled);
  EXPECT_EQ(k->name, "Phoenix-Mesa Gateway");
  const auto* g = a->find("MGGT");
  ASSERT_NE(g, nullptr);
  EXPECT_FALSE(g->large);
  EXPECT_FALSE(g->scheduled);
  EXPECT_EQ(g->name, "La Aurora, Guatemala");
  EXPECT_EQ(a->find("KXXX"), nullptr);
}

TEST(GapsTableLoaders, AirportsReportAMissingFileByName) {
  std::string error;
  EXPECT_FALSE(geo::Airports::load("/nonexistent/skywitness/airports.csv", error));
  EXPECT_NE(error.find("/nonexistent/skywitness/airports.csv"), std::string::npos) << error;
}

TEST(GapsTableLoaders, AirportsReportAShortRowOrABadNumberWithFileAndLine) {
  TempDir dir{"gaps"};
  const std::pair<const char*, const char*> bad[] = {
      {"short row", "MGGT,M,14.5833,-90.5275\n"},
      {"bad latitude", "MGGT,M,14.58x,-90.5275,4952,GT,GUA,0,La Aurora\n"},
      {"bad elevation", "MGGT,M,14.5833,-90.5275,high,GT,GUA,0,La Aurora\n"},
      {"latitude beyond 90", "MGGT,M,94.5833,-90.5275,4952,GT,GUA,0,La Aurora\n"},
      {"longitude beyond 180", "MGGT,M,14.5833,-190.5275,4952,GT,GUA,0,La Aurora\n"},
      {"not a number", "MGGT,M,nan,-90.5275,4952,GT,GUA,0,La Aurora\n"},
  };
  for (const auto& [what, row] : bad) {
    const auto path = dir.write("a.csv", std::string(kAirportsHeader) + kMesa + row);
    std::string error;
    EXPECT_FALSE(geo::Airports::load(path, error)) << what;
    EXPECT_NE(error.find(path + ":3:"), std::string::npos) << what << ": " << error;
  }
}

TEST(GapsTableLoaders, TablesSavedWithCrLfOrABlankLastLineLoadAsWithout) {
  TempDir dir{"gaps"};
  std::string error;
  const auto a = geo::Airports::load(
      dir.write("a.csv",
                "ident,size,lat,lon,elevation_ft,country,iata,scheduled,name\r\n"
                "KIWA,L,33.3078,-111.655,1384,US,AZA,1,\"Phoenix-Mesa Gateway\"\r\n\r\n"),
      error);
  ASSERT_TRUE(a) << error;
  ASSERT_NE(a->find("KIWA"), nullptr);
  EXPECT_EQ(a->find("KIWA")->name, "Phoenix-Mesa Gateway");
  const auto c = geo::CountryNames::load(
      dir.write("c.csv", "country,name\r\nCN,China\r\nGT,\"Guatemala\"\r\n\n"), error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->name("CN"), "China");
  EXPECT_EQ(c->name("GT"), "Guatemala");
  const auto s = registry::SeatTable::load(
      dir.write("s.csv", "type,seats,min,max,name\r\nGLF5,14,12,19,Gulfstream V\r\n\r\n"), error);
  ASSERT_TRUE(s) << error;
  ASSERT_NE(s->find("glf5"), nullptr);
  EXPECT_EQ(s->find("GLF5")->name, "Gulfstream V");
  const auto b = registry::AddressBlocks::load(
      dir.write("b.csv", "start,end,country,name\r\n780000,7bffff,CN,\"China\"\r\n\r\n"), error);
  ASSERT_TRUE(b) << error;
  ASSERT_NE(b->find(0x780000), nullptr);
  EXPECT_EQ(b->find(0x780000)->name, "China");
}

TEST(GapsTableLoaders, CountryNamesReportBadRowsWithFileAndLine) {
  TempDir dir{"gaps"};
  std::string error;
  EXPECT_FALSE(geo::CountryNames::load("/nonexistent/skywitness/countries.csv", error));
  EXPECT_NE(error.find("/nonexistent/skywitness/countries.csv"), std::string::npos) << error;
  for (const char* row : {"GT\n", "GTM,Guatemala\n", "GT,Guatemala,extra\n", "GT,\"Guatemala\n"}) {
    const auto path = dir.write("c.csv", std::string("country,name\nCN,China\n") + row);
    EXPECT_FALSE(geo::CountryNames::load(path, error)) << row;
    EXPECT_NE(error.find(path + ":3:"), std::string::npos) << row << error;
  }
  const auto c = geo::CountryNames::load(dir.write("c.csv", "country,name\nCN,China\n"), error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->name("CN"), "China");
  EXPECT_EQ(c->name("ZZ"), "ZZ");  // unknown: the code itself
}

TEST(GapsTableLoaders, SeatTablesReportBadRowsWithFileAndLine) {
  TempDir dir{"gaps"};
  std::string error;
  EXPECT_FALSE(registry::SeatTable::load("/nonexistent/skywitness/seats.csv", error));
  EXPECT_NE(error.find("/nonexistent/skywitness/seats.csv"), std::string::npos) << error;
  for (const char* row :
       {"B738,189,160\n", "B738,18x,160,189,Boeing 737-800\n", "B738,189,190,200,Boeing 737-800\n",
        "B738,-1,0,5,Boeing 737-800\n", "B738,1189,160,1200,Boeing 737-800\n",
        ",189,160,189,no type\n", "GLF5,15,12,19,again\n"}) {
    const auto path = dir.write(
        "s.csv", std::string("type,seats,min,max,name\n") + "GLF5,14,12,19,Gulfstream V\n" + row);
    EXPECT_FALSE(registry::SeatTable::load(path, error)) << row;
    EXPECT_NE(error.find(path + ":3:"), std::string::npos) << row << error;
  }
  const auto s = registry::SeatTable::load(
      dir.write("s.csv", "type,seats,min,max,name\nB738,189,160,189,Boeing 737-800, winglets\n"),
      error);
  ASSERT_TRUE(s) << error;
  ASSERT_NE(s->find("b738"), nullptr);
  EXPECT_EQ(s->find("B738")->seats, 189);
  EXPECT_EQ(s->find("B738")->min, 160);
  EXPECT_EQ(s->find("B738")->max, 189);
  EXPECT_EQ(s->find("B738")->name, "Boeing 737-800, winglets");
  EXPECT_EQ(s->find("A320"), nullptr);
}

TEST(GapsTableLoaders, AddressBlocksReportBadRowsWithFileAndLine) {
  TempDir dir{"gaps"};
  std::string error;
  EXPECT_FALSE(registry::AddressBlocks::load("/nonexistent/skywitness/blocks.csv", error));
  EXPECT_NE(error.find("/nonexistent/skywitness/blocks.csv"), std::string::npos) << error;
  for (const char* row :
       {"7c0000,7fffff\n", "7c000g,7fffff,AU,\"Australia\"\n", "7c0000,7fff,AU,\"Australia\"\n",
        "7fffff,7c0000,AU,\"Australia\"\n", "7c0000,7fffff,AUS,\"Australia\"\n", "nonsense\n"}) {
    const auto path = dir.write(
        "b.csv", std::string("start,end,country,name\n780000,7bffff,CN,\"China\"\n") + row);
    EXPECT_FALSE(registry::AddressBlocks::load(path, error)) << row;
    EXPECT_NE(error.find(path + ":3:"), std::string::npos) << row << error;
  }
  // A good table: the narrowest block wins, and outside every block is nothing.
  const auto b = registry::AddressBlocks::load(
      dir.write("b.csv",
                "start,end,country,name\n700000,7fffff,,\"Asia reserve, region\"\n"
                "780000,7bffff,CN,\"China\"\n"),
      error);
  ASSERT_TRUE(b) << error;
  EXPECT_EQ(b->country(0x780000), "CN");
  EXPECT_EQ(b->country(0x7bffff), "CN");
  EXPECT_EQ(b->country(0x7c0000), "");
  ASSERT_NE(b->find(0x7c0000), nullptr);
  EXPECT_EQ(b->find(0x7c0000)->name, "Asia reserve, region");
  EXPECT_EQ(b->find(0x6fffff), nullptr);
  EXPECT_EQ(b->find(0x800000), nullptr);
}

// ---------------------------------------------------------------------------
// Built-in scenarios

const std::string kScenarioDir = std::string(SKYWITNESS_TEST_DATA) + "/../../data/scenarios";

TEST(GapsScenarios, TheBuiltInListIsTheFilesInDataScenarios) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kScenarioDir))
    if (e.is_regular_file() && e.path().extension() == ".json")
      files.push_back(e.path().stem().string());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(sim::builtin_scenarios(), files);
  EXPECT_NE(std::find(files.begin(), files.end(), "seed-2024-03"), files.end());  // the demo's
  std::string error;
  EXPECT_FALSE(sim::load_scenario("no-such-scenario", error));
  EXPECT_NE(error.find("seed-2024-03"), std::string::npos) << error;  // it lists the built-ins
}

TEST(GapsScenarios, EveryBuiltInLoadsAndRefersOnlyToKnownAirportsAndAircraft) {
  std::string error;
  const auto airports = geo::Airports::load_bundled(error);
  ASSERT_TRUE(airports) << error;
  const auto seats = registry::SeatTable::load_bundled(error);
  ASSERT_TRUE(seats) << error;
  const auto names = sim::builtin_scenarios();
  ASSERT_FALSE(names.empty());
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const auto s = sim::load_scenario(name, error);
    ASSERT_TRUE(s) << error;
    EXPECT_GT(s->end, s->start);
    if (s->raw_window) {
      EXPECT_GT(s->raw_window->second, s->raw_window->first);
      EXPECT_GE(s->raw_window->first, s->start);
      EXPECT_LE(s->raw_window->second, s->end);
    }
    if (s->background.flights_per_day > 0) EXPECT_GT(s->background.to, s->background.from);
    std::set<std::string> aircraft;
    std::set<std::uint32_t> addresses;
    for (const auto& a : s->aircraft) {
      EXPECT_TRUE(addresses.insert(a.icao).second) << fmt::format("{:06x} twice", a.icao);
      aircraft.insert(fmt::format("{:06x}", a.icao));
      if (!a.registration.empty()) aircraft.insert(a.registration);
      EXPECT_NE(seats->find(a.type), nullptr) << a.type << " has no seat estimate";
    }
    auto known_airport = [&](const std::string& code) {
      EXPECT_NE(airports->find(code), nullptr) << code << " is not in the airport table";
    };
    for (const auto& it : s->itineraries) {
      EXPECT_TRUE(aircraft.contains(it.aircraft)) << it.aircraft;
      EXPECT_GE(it.depart, s->start) << it.label;
      EXPECT_LT(it.depart, s->end) << it.label;
      EXPECT_GE(it.airports.size(), 2u);
      for (const auto& code : it.airports) known_airport(code);
      for (const double g : it.ground_minutes) EXPECT_GT(g, 0) << it.label;
    }
    for (const auto& sc : s->schedules) {
      EXPECT_GT(sc.to, sc.from);
      EXPECT_GE(sc.from, s->start);
      EXPECT_LE(sc.to, s->end);
      EXPECT_FALSE(sc.patterns.empty());
      for (const auto& a : sc.aircraft) EXPECT_TRUE(aircraft.contains(a)) << a;
      for (const auto& p : sc.patterns) {
        EXPECT_GE(p.size(), 2u);
        for (const auto& code : p) known_airport(code);
      }
    }
    for (const auto& c : s->imperfections.address_changes) {
      EXPECT_TRUE(aircraft.contains(c.aircraft)) << c.aircraft;
      EXPECT_GE(c.at, s->start);
      EXPECT_LE(c.at, s->end);
    }
  }
}

}  // namespace
}  // namespace skywitness

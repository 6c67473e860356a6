#include <cmath>

#include "skywitness/modes/encode.hpp"
#include "skywitness/tracking/tracker.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace enc = modes::encode;

Message decoded(Frame f, double t) {
  f.t = t;
  Message m;
  EXPECT_EQ(modes::decode(f, m), modes::DecodeStatus::kOk);
  return m;
}

TEST(Tracker, GlobalPairThenLocalUpdates) {
  tracking::Tracker tr;
  auto a = decoded(enc::airborne_position(0x406B90, 51.1, 7.2, 36000, false), 0.0);
  tr.update(a);
  EXPECT_FALSE(a.has_field(Field::kLat));  // one message alone gives no position
  auto b = decoded(enc::airborne_position(0x406B90, 51.101, 7.199, 36000, true), 0.5);
  tr.update(b);
  ASSERT_TRUE(b.has_field(Field::kLat));
  EXPECT_EQ(b.position_method, PositionMethod::kGlobal);
  EXPECT_NEAR(b.lat, 51.101, 1e-4);
  EXPECT_NEAR(b.lon, 7.199, 1e-4);
  EXPECT_EQ(tr.stats().positions_global, 1u);
}

TEST(Tracker, PairsTooFarApartInTimeAreNotCombined) {
  tracking::Tracker tr;
  auto a = decoded(enc::airborne_position(0x406B90, 51.1, 7.2, 36000, false), 0.0);
  tr.update(a);
  auto b = decoded(enc::airborne_position(0x406B90, 51.2, 7.0, 36000, true), 30.0);
  tr.update(b);
  EXPECT_FALSE(b.has_field(Field::kLat));
}

TEST(Tracker, ImplausibleJumpIsRejectedAndCounted) {
  tracking::Tracker tr;
  auto a = decoded(enc::airborne_position(0x406B90, 51.1, 7.2, 36000, false), 0.0);
  auto b = decoded(enc::airborne_position(0x406B90, 51.1, 7.2, 36000, true), 0.5);
  tr.update(a);
  tr.update(b);
  ASSERT_TRUE(b.has_field(Field::kLat));
  // One second later, 3 degrees away: no aircraft flies that fast.
  auto c = decoded(enc::airborne_position(0x406B90, 54.1, 7.2, 36000, false), 1.0);
  auto d = decoded(enc::airborne_position(0x406B90, 54.1, 7.2, 36000, true), 1.5);
  tr.update(c);
  tr.update(d);
  EXPECT_FALSE(d.has_field(Field::kLat));
  EXPECT_GE(tr.stats().rejected_speed, 1u);
}

TEST(Tracker, RecoveredAddressIsConfirmedOnlyAfterAnExtendedSquitter) {
  tracking::Tracker tr;
  auto before = decoded(enc::altitude_reply(0x4CA123, 30000), 0.0);
  tr.update(before);
  EXPECT_EQ(before.address_source, AddressSource::kRecovered);
  auto es = decoded(enc::identification(0x4CA123, "RYR1"), 1.0);
  tr.update(es);
  auto after = decoded(enc::altitude_reply(0x4CA123, 30000), 2.0);
  tr.update(after);
  EXPECT_EQ(after.address_source, AddressSource::kConfirmed);
  auto other = decoded(enc::altitude_reply(0x4CA124, 30000), 2.0);
  tr.update(other);
  EXPECT_EQ(other.address_source, AddressSource::kRecovered);
  EXPECT_EQ(tr.stats().addresses_confirmed, 1u);
  EXPECT_EQ(tr.stats().addresses_unconfirmed, 2u);
}

TEST(Tracker, SurfacePositionNeedsAReference) {
  tracking::Tracker bare;
  auto a = decoded(enc::surface_position(0x406B90, 33.46, -111.73, 10, 90, false), 0.0);
  auto b = decoded(enc::surface_position(0x406B90, 33.46, -111.73, 10, 90, true), 1.0);
  bare.update(a);
  bare.update(b);
  EXPECT_FALSE(b.has_field(Field::kLat));
  EXPECT_EQ(bare.stats().surface_no_reference, 1u);

  tracking::Tracker with_rx({.receiver = modes::cpr::LatLon{33.4, -111.9}});
  a = decoded(enc::surface_position(0x406B90, 33.46, -111.73, 10, 90, false), 0.0);
  b = decoded(enc::surface_position(0x406B90, 33.46, -111.73, 10, 90, true), 1.0);
  with_rx.update(a);
  with_rx.update(b);
  ASSERT_TRUE(b.has_field(Field::kLat));
  EXPECT_NEAR(b.lat, 33.46, 1e-4);
  EXPECT_NEAR(b.lon, -111.73, 1e-4);
}

TEST(Tracker, ReceiverRangeRejectsFarPositions) {
  tracking::Tracker tr({.receiver = modes::cpr::LatLon{51.0, 7.0}, .max_range_nm = 100});
  auto a = decoded(enc::airborne_position(0x406B90, 55.0, 7.0, 36000, false), 0.0);
  auto b = decoded(enc::airborne_position(0x406B90, 55.0, 7.0, 36000, true), 0.5);
  tr.update(a);
  tr.update(b);
  EXPECT_FALSE(b.has_field(Field::kLat));
  EXPECT_GE(tr.stats().rejected_range, 1u);
}

TEST(Tracker, MemoryIsBoundedByAircraftInTheAirNotByMessages) {
  tracking::Tracker tr;
  // 100 aircraft at a time, each replaced every ten minutes, over ten hours.
  for (int minute = 0; minute < 600; ++minute) {
    for (int k = 0; k < 100; ++k) {
      const auto icao = static_cast<std::uint32_t>(0x100000 + (minute / 10) * 100 + k);
      auto m = decoded(enc::identification(icao, "TEST"), minute * 60.0 + k * 0.1);
      tr.update(m);
    }
  }
  EXPECT_EQ(tr.stats().aircraft_seen, 6000u);
  // At the end (minute 599) the last three groups of 100 were heard at most 21
  // minutes ago and are held; the group before them went quiet 30 minutes and
  // a few seconds ago, and is gone or not depending on when the last sweep
  // ran (once a minute); the older ones went quiet 40 minutes ago or more.
  EXPECT_GE(tr.aircraft_count(), 300u);
  EXPECT_LE(tr.aircraft_count(), 400u);
  EXPECT_LE(tr.stats().aircraft_peak, 500u);
}

TEST(Tracker, ForgetsAnAircraftAfterThirtyMinutesOfSilence) {
  tracking::Tracker tr;
  const auto heard = [&](std::uint32_t icao, double t) {
    auto m = decoded(enc::identification(icao, "TEST"), t);
    tr.update(m);
  };
  const auto address_source = [&](std::uint32_t icao, double t) {
    auto m = decoded(enc::altitude_reply(icao, 30000), t);
    tr.update(m);
    return m.address_source;
  };
  heard(0x100001, 0);
  heard(0x100002, 2 * 60.0);
  heard(0x100003, 31 * 60.0);  // 0x100001 last heard 31 minutes ago, 0x100002 29
  EXPECT_EQ(tr.aircraft_count(), 2u);
  // A parity-derived address is confirmed only by an aircraft the tracker holds.
  EXPECT_EQ(address_source(0x100002, 31 * 60.0 + 1), AddressSource::kConfirmed);
  EXPECT_EQ(address_source(0x100003, 31 * 60.0 + 1), AddressSource::kConfirmed);
  EXPECT_EQ(address_source(0x100001, 31 * 60.0 + 1), AddressSource::kRecovered);
}

}  // namespace
}  // namespace skywitness

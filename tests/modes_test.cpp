// Decoder tests against published vectors (pyModeS test suite, "The 1090 MHz
// Riddle", ICAO Doc 9871) and, where no public vector exists, frames built
// bit by bit from the field layout in DO-260B with a parity computed here.
#include <cmath>
#include <string>

#include "skywitness/modes/crc.hpp"
#include "skywitness/modes/encode.hpp"
#include "skywitness/modes/fields.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using modes::DecodeStatus;
using test::decode_hex;
using test::frame_from_hex;

TEST(Crc, CleanExtendedSquitterHasZeroSyndrome) {
  const Frame f = frame_from_hex("8D406B902015A678D4D220AA4BDA");
  EXPECT_EQ(modes::syndrome(f.bytes.data(), 14), 0u);
}

TEST(Crc, OneFlippedBitIsLocatedAndCorrected) {
  Frame f = frame_from_hex("8D406B902015A678D4D220AA4BDA");
  for (int bit : {5, 40, 87, 111}) {
    Frame g = f;
    g.bytes[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    EXPECT_EQ(modes::single_bit_error(modes::syndrome(g.bytes.data(), 14), 14), bit);
    Message m;
    EXPECT_EQ(modes::decode(g, m), DecodeStatus::kBadCrc);
    EXPECT_EQ(modes::decode(g, m, {.fix_single_bit = true}), DecodeStatus::kOk);
    EXPECT_EQ(m.corrected_bits, 1);
    EXPECT_STREQ(m.callsign.data(), "EZY85MH");
  }
}

TEST(Crc, FlipsInTheDownlinkFormatAreNeverCorrected) {
  Frame f = frame_from_hex("8D406B902015A678D4D220AA4BDA");
  f.bytes[0] ^= 0x08;  // bit 4, inside DF
  EXPECT_EQ(modes::single_bit_error(modes::syndrome(f.bytes.data(), 14), 14), -1);
}

TEST(Df17, IdentificationGivesCallsignAndCategory) {
  auto m = decode_hex("8D406B902015A678D4D220AA4BDA");
  EXPECT_EQ(m.df, 17);
  EXPECT_EQ(m.icao, 0x406B90u);
  EXPECT_EQ(m.tc, 4);
  EXPECT_STREQ(m.callsign.data(), "EZY85MH");
  EXPECT_EQ(m.category, 0xA0);
  auto k = decode_hex("8D4840D6202CC371C32CE0576098");
  EXPECT_EQ(k.icao, 0x4840D6u);
  EXPECT_STREQ(k.callsign.data(), "KLM1023");
}

TEST(Df17, AirbornePositionCarriesAltitudeAndCpr) {
  auto m = decode_hex("8D40621D58C382D690C8AC2863A7");
  EXPECT_EQ(m.tc, 11);
  EXPECT_EQ(m.alt_baro, 38000);
  EXPECT_TRUE(m.has_field(Field::kCpr));
  EXPECT_FALSE(m.cpr_odd);
  EXPECT_EQ(decode_hex("8D40058B58C901375147EFD09357").alt_baro, 39000);
}

TEST(Df17, VelocityOverGround) {
  auto m = decode_hex("8D485020994409940838175B284F");
  EXPECT_EQ(m.tc, 19);
  EXPECT_EQ(m.subtype, 1);
  EXPECT_NEAR(m.gs, 159.20, 0.01);
  EXPECT_NEAR(m.track, 182.88, 0.01);
  EXPECT_EQ(m.vrate, -832);
  EXPECT_TRUE(m.vrate_geometric);  // vertical rate source bit 0: GNSS
}

TEST(Df17, Airspeed) {
  auto m = decode_hex("8DA05F219B06B6AF189400CBC33F");
  EXPECT_EQ(m.subtype, 3);
  EXPECT_EQ(m.tas, 375);
  EXPECT_FALSE(m.has_field(Field::kIas));
  EXPECT_NEAR(m.heading, 243.98, 0.01);
  EXPECT_EQ(m.vrate, -2304);
}

TEST(Df17, SurfaceMovementAndTrack) {
  auto m = decode_hex("8C4841753A9A153237AEF0F275BE");
  EXPECT_TRUE(m.on_ground);
  EXPECT_NEAR(m.gs, 17.0, 1e-9);
  EXPECT_NEAR(m.track, 92.8125, 1e-9);  // "The 1090 MHz Riddle": track code 33
}

TEST(Df17, TargetStateAndStatusVersion2) {
  auto m = decode_hex("8DA05629EA21485CBF3F8CADAEEB");
  EXPECT_EQ(m.tc, 29);
  EXPECT_EQ(m.nav_alt_mcp, 16992);
  EXPECT_FALSE(m.has_field(Field::kNavAltFms));
  EXPECT_NEAR(m.nav_qnh, 1012.8, 1e-9);
  EXPECT_NEAR(m.nav_heading, 66.8, 0.1);
  ASSERT_TRUE(m.has_field(Field::kNavModes));
  EXPECT_TRUE(m.nav_modes & kNavAutopilot);
  EXPECT_TRUE(m.nav_modes & kNavTcas);
  EXPECT_FALSE(m.nav_modes & kNavApproach);
}

// ME fields by their 1-based bit numbers in DO-260B, for frames built here.
struct MeBuilder {
  std::uint64_t me = 0;
  MeBuilder& put(unsigned first, unsigned last, std::uint64_t v) {
    me |= (v & ((std::uint64_t{1} << (last - first + 1)) - 1)) << (56 - last);
    return *this;
  }
  Frame frame(std::uint32_t icao) const {
    Frame f;
    f.len = 14;
    f.bytes[0] = 0x8D;
    f.bytes[1] = static_cast<std::uint8_t>(icao >> 16);
    f.bytes[2] = static_cast<std::uint8_t>(icao >> 8);
    f.bytes[3] = static_cast<std::uint8_t>(icao);
    for (int i = 0; i < 7; ++i) f.bytes[4 + i] = static_cast<std::uint8_t>(me >> (48 - 8 * i));
    modes::encode::set_parity(f);
    return f;
  }
};

// Builds a DF17 frame with the given 56-bit ME (as 14 hex digits).
Frame es_frame(std::uint32_t icao, const std::string& me_hex) {
  Frame f = frame_from_hex("8D000000" + me_hex + "000000");
  f.bytes[1] = static_cast<std::uint8_t>(icao >> 16);
  f.bytes[2] = static_cast<std::uint8_t>(icao >> 8);
  f.bytes[3] = static_cast<std::uint8_t>(icao);
  modes::encode::set_parity(f);
  return f;
}

TEST(Df17, EmergencyStatusWithSquawk) {
  // TC 28, subtype 1, emergency 1 (general), Mode A 7700 in ME bits 12-24.
  MeBuilder b;
  b.put(1, 5, 28).put(6, 8, 1).put(9, 11, 1).put(12, 24, modes::encode_id13(0x7700));
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0xABCDEF), m), DecodeStatus::kOk);
  EXPECT_EQ(m.tc, 28);
  EXPECT_EQ(m.emergency, 1);
  EXPECT_EQ(m.squawk, 0x7700);
}

TEST(Df17, OperationalStatusVersion2Airborne) {
  // TC 31 subtype 0; version 2 (bits 41-43), NIC-A 1 (44), NACp 9 (45-48),
  // GVA 2 (49-50), SIL 3 (51-52), NICbaro 1 (53).
  MeBuilder b;
  b.put(1, 5, 31).put(41, 43, 2).put(44, 44, 1).put(45, 48, 9).put(49, 50, 2).put(51, 52, 3).put(
      53, 53, 1);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0x400123), m), DecodeStatus::kOk);
  EXPECT_EQ(m.version, 2);
  EXPECT_EQ(m.nic_a, 1);
  EXPECT_EQ(m.nacp, 9);
  EXPECT_EQ(m.gva, 2);
  EXPECT_EQ(m.sil, 3);
  EXPECT_EQ(m.nic_baro, 1);
}

TEST(Df17, OperationalStatusVersion0HasNoAccuracyFields) {
  Message m;
  ASSERT_EQ(modes::decode(es_frame(0x400123, "F8000000000000"), m), DecodeStatus::kOk);
  EXPECT_EQ(m.version, 0);
  EXPECT_FALSE(m.has_field(Field::kNacp));
}

TEST(Df17, GnssHeightPositionGoesToGeometricAltitude) {
  // TC 20 with the 12-bit altitude field in 25 ft (Q) coding for 10,000 ft.
  MeBuilder b;
  b.put(1, 5, 20).put(9, 20, modes::encode_ac12_q(10000)).put(41, 56, 0x1234);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0x400123), m), DecodeStatus::kOk);
  EXPECT_EQ(m.alt_geom, 10000);
  EXPECT_FALSE(m.has_field(Field::kAltBaro));
}

TEST(Df18, TisbWithImfIsNotAnIcaoAddress) {
  Frame f = es_frame(0x123456, "58C382D690C8AC");  // airborne position
  f.bytes[0] = (18 << 3) | 2;                      // DF18, CF 2 (fine TIS-B)
  f.bytes[4] |= 0x01;                              // ME bit 8: IMF
  modes::encode::set_parity(f);
  Message m;
  ASSERT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  EXPECT_EQ(m.df, 18);
  EXPECT_TRUE(m.tisb);
  EXPECT_TRUE(m.non_icao);
  EXPECT_FALSE(m.has_field(Field::kCa));
}

TEST(Df18, AdsrIsMarked) {
  Frame f = es_frame(0x123456, "58C382D690C8AC");
  f.bytes[0] = (18 << 3) | 6;
  modes::encode::set_parity(f);
  Message m;
  ASSERT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  EXPECT_TRUE(m.adsr);
  EXPECT_FALSE(m.non_icao);
  EXPECT_EQ(m.alt_baro, 38000);
}

TEST(Df11, AllCallReply) {
  auto m = decode_hex("5D484FDEA248F5");
  EXPECT_EQ(m.df, 11);
  EXPECT_EQ(m.icao, 0x484FDEu);
  EXPECT_EQ(m.ca, 5);
  EXPECT_EQ(m.address_source, AddressSource::kAnnounced);
}

TEST(Df11, InterrogatorCodeInParityIsAccepted) {
  Frame f = modes::encode::all_call(0x3C6586);
  f.bytes[6] ^= 0x0D;  // II = 13 overlaid on the parity
  Message m;
  EXPECT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  f.bytes[4] ^= 0x80;  // and a real error
  EXPECT_EQ(modes::decode(f, m), DecodeStatus::kBadCrc);
}

TEST(Df20, AltitudeAndRecoveredAddress) {
  auto m = decode_hex("A02014B400000000000000F9D514");
  EXPECT_EQ(m.df, 20);
  EXPECT_EQ(m.alt_baro, 32300);
  EXPECT_EQ(m.address_source, AddressSource::kRecovered);
}

TEST(Df21, IdentityCode) {
  auto m = decode_hex("A800292DFFBBA9383FFCEB903D01");
  EXPECT_EQ(m.df, 21);
  EXPECT_EQ(m.squawk, 0x1346);
}

TEST(AddressRecovery, PublishedCommBReplies) {
  EXPECT_EQ(decode_hex("A0001839CA3800315800007448D9").icao, 0x400940u);
  EXPECT_EQ(decode_hex("A000139381951536E024D4CCF6B5").icao, 0x3C4DD2u);
  EXPECT_EQ(decode_hex("A000029CFFBAA11E2004727281F1").icao, 0x4243D0u);
}

TEST(Df0, ShortAirAirSurveillance) {
  Frame f;
  f.len = 7;
  f.bytes[0] = 0x00 | 0x04;  // DF0, VS = 1 (on the ground)
  const std::uint32_t ac13 = modes::ac12_to_ac13(modes::encode_ac12_q(2500));
  f.bytes[2] = static_cast<std::uint8_t>(ac13 >> 8);
  f.bytes[3] = static_cast<std::uint8_t>(ac13);
  modes::encode::set_parity(f, 0xA1B2C3);
  Message m;
  ASSERT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  EXPECT_EQ(m.df, 0);
  EXPECT_EQ(m.icao, 0xA1B2C3u);
  EXPECT_EQ(m.alt_baro, 2500);
  EXPECT_TRUE(m.on_ground);
}

TEST(Df16, LongAirAirSurveillance) {
  Frame f;
  f.len = 14;
  f.bytes[0] = 16 << 3;
  const std::uint32_t ac13 = modes::ac12_to_ac13(modes::encode_ac12_q(37000));
  f.bytes[2] = static_cast<std::uint8_t>(ac13 >> 8);
  f.bytes[3] = static_cast<std::uint8_t>(ac13);
  modes::encode::set_parity(f, 0x4CA123);
  Message m;
  ASSERT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  EXPECT_EQ(m.df, 16);
  EXPECT_EQ(m.icao, 0x4CA123u);
  EXPECT_EQ(m.alt_baro, 37000);
  EXPECT_FALSE(m.on_ground);
}

TEST(Df4And5, FlightStatusSetsGroundState) {
  Frame f = modes::encode::altitude_reply(0x406B90, 1200);
  f.bytes[0] |= 1;  // FS = 1: on the ground
  modes::encode::set_parity(f, 0x406B90);
  Message m;
  ASSERT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  EXPECT_EQ(m.fs, 1);
  EXPECT_TRUE(m.on_ground);
  EXPECT_EQ(m.alt_baro, 1200);
  ASSERT_EQ(modes::decode(modes::encode::identity_reply(0x406B90, 0x7500), m), DecodeStatus::kOk);
  EXPECT_EQ(m.df, 5);
  EXPECT_EQ(m.squawk, 0x7500);
  EXPECT_EQ(m.icao, 0x406B90u);
}

TEST(Df24, CommDIsCountedNotDecoded) {
  Frame f;
  f.len = 14;
  f.bytes[0] = 0xC0;
  modes::encode::set_parity(f, 0x123456);
  auto m = Message{};
  EXPECT_EQ(modes::decode(f, m), DecodeStatus::kOk);
  EXPECT_EQ(m.df, 24);
}

TEST(Decode, LengthThatDoesNotFitTheFormatIsRejected) {
  Frame f = frame_from_hex("8D406B902015A678D4D220AA4BDA");
  f.len = 7;
  Message m;
  EXPECT_EQ(modes::decode(f, m), DecodeStatus::kBadLength);
  EXPECT_EQ(modes::decode(frame_from_hex("48000000000000"), m), DecodeStatus::kUnknownDf);  // DF9
}

TEST(CommB, IdentificationBds20) {
  auto m = decode_hex("A000083E202CC371C31DE0AA1CCF");
  EXPECT_EQ(m.bds, 0x20);
  EXPECT_FALSE(m.bds_ambiguous);
  EXPECT_STREQ(m.callsign.data(), "KLM1017");
}

TEST(CommB, SelectedVerticalIntentionBds40) {
  auto m = decode_hex("A000029C85E42F313000007047D3");
  EXPECT_EQ(m.bds, 0x40);
  EXPECT_EQ(m.nav_alt_mcp, 3008);
  EXPECT_EQ(m.nav_alt_fms, 3008);
  EXPECT_NEAR(m.nav_qnh, 1020.0, 1e-6);
}

TEST(CommB, TrackAndTurnBds50) {
  auto m = decode_hex("A000139381951536E024D4CCF6B5");
  ASSERT_EQ(m.bds, 0x50) << "candidates " << int(m.bds_candidates);
  EXPECT_NEAR(m.roll, 2.1, 0.01);
  EXPECT_NEAR(m.track, 114.258, 0.001);
  EXPECT_NEAR(m.gs, 438, 1e-9);
  EXPECT_NEAR(m.track_rate, 0.125, 1e-9);
  EXPECT_EQ(m.tas, 424);
}

// Issue 10, section 4: BDS 6,0 carries a barometric altitude rate (status
// bit 35, sign 36, value 37-45) and an inertial vertical velocity (status 46,
// sign 47, value 48-56), 32 ft/min a step; only the inertial one was kept.
TEST(CommB, HeadingAndSpeedBds60) {
  // pyModeS tests/test_bds_inference.py: hdg60 42.715, ias60 252, mach60
  // 0.42, vr60baro -1920, vr60ins -1920.
  auto m = decode_hex("A00004128F39F91A7E27C46ADC21");
  ASSERT_EQ(m.bds, 0x60) << "candidates " << int(m.bds_candidates);
  EXPECT_DOUBLE_EQ(m.heading, 42.71484375);
  EXPECT_EQ(m.ias, 252);
  EXPECT_DOUBLE_EQ(m.mach, 0.42);
  ASSERT_TRUE(m.has_field(Field::kBaroRate));
  ASSERT_TRUE(m.has_field(Field::kGeomRate));
  EXPECT_EQ(m.baro_rate, -1920);
  EXPECT_EQ(m.geom_rate, -1920);
  EXPECT_FALSE(m.has_field(Field::kVrate));  // `vrate` is ADS-B's and SBS's
}

TEST(CommB, HeadingAndSpeedBds60BaroAndInertialRatesDiffer) {
  // "The 1090 Megahertz Riddle", BDS 6,0: heading 110.391, IAS 259 kt, Mach
  // 0.7, barometric -2144 ft/min, inertial -2016 ft/min.
  auto m = decode_hex("A80004AAA74A072BFDEFC1D5CB4F");
  ASSERT_EQ(m.bds, 0x60) << "candidates " << int(m.bds_candidates);
  EXPECT_DOUBLE_EQ(m.heading, 110.390625);
  EXPECT_EQ(m.ias, 259);
  EXPECT_DOUBLE_EQ(m.mach, 0.7);
  EXPECT_EQ(m.baro_rate, -2144);
  EXPECT_EQ(m.geom_rate, -2016);
}

// An MB field written bit by bit (bits numbered 1-56 as in ICAO Doc 9871).
struct MbBits {
  std::uint8_t mb[7] = {};
  MbBits& put(unsigned first, unsigned last, std::uint32_t value) {
    for (unsigned b = last + 1; b-- > first; value >>= 1)
      if (value & 1) mb[(b - 1) / 8] |= static_cast<std::uint8_t>(0x80 >> ((b - 1) % 8));
    return *this;
  }
};

TEST(CommB, HeadingAndSpeedBds60RatesOfOppositeSignsAndOneMissing) {
  // Heading 90, IAS 250 kt, Mach 0.448 (agreeing at 10,000 ft), climbing
  // 1,024 ft/min by the air data, descending 640 ft/min by the inertial
  // reference; then the same with no inertial rate and -1,216 ft/min baro.
  MbBits both;
  both.put(1, 1, 1).put(3, 12, 512);                         // heading status, 512 x 90/512
  both.put(13, 13, 1).put(14, 23, 250);                      // IAS
  both.put(24, 24, 1).put(25, 34, 112);                      // Mach 112 x 2.048/512
  both.put(35, 35, 1).put(37, 45, 32);                       // baro +32 x 32
  both.put(46, 46, 1).put(47, 47, 1).put(48, 56, 512 - 20);  // inertial -20 x 32
  Message m;
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 10000, both.mb), m),
            DecodeStatus::kOk);
  ASSERT_EQ(m.bds, 0x60) << "candidates " << int(m.bds_candidates);
  EXPECT_DOUBLE_EQ(m.heading, 90.0);
  EXPECT_EQ(m.ias, 250);
  EXPECT_DOUBLE_EQ(m.mach, 0.448);
  EXPECT_EQ(m.baro_rate, 1024);
  EXPECT_EQ(m.geom_rate, -640);

  MbBits baro_only;
  baro_only.put(1, 1, 1).put(3, 12, 512).put(13, 13, 1).put(14, 23, 250);
  baro_only.put(24, 24, 1).put(25, 34, 112);
  baro_only.put(35, 35, 1).put(36, 36, 1).put(37, 45, 512 - 38);  // -38 x 32
  Message b;
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 10000, baro_only.mb), b),
            DecodeStatus::kOk);
  ASSERT_EQ(b.bds, 0x60) << "candidates " << int(b.bds_candidates);
  EXPECT_EQ(b.baro_rate, -1216);
  EXPECT_FALSE(b.has_field(Field::kGeomRate));
  EXPECT_FALSE(b.has_field(Field::kVrate));
}

// pyModeS tests/test_bds_infer.py (TestInferFastPath): the published replies
// for the registers with a format number in their first byte.
TEST(CommB, DataLinkCapabilityBds10) {
  const auto m = test::decode_hex("A800178D10010080F50000D5893C");
  ASSERT_TRUE(m.has_field(Field::kBds));
  EXPECT_EQ(m.bds, 0x10);
  EXPECT_FALSE(m.bds_ambiguous);
}

TEST(CommB, CommonUsageCapabilityBds17) {
  // MB FA81C1 00000000: the capability bits of registers 0,5 to 0,9, 2,0,
  // 4,0, 5,0, 5,1, 5,2 and 6,0 (ICAO Doc 9871, Table A-2-23), nothing after.
  const auto m = test::decode_hex("A0000638FA81C10000000081A92F");
  ASSERT_TRUE(m.has_field(Field::kBds));
  EXPECT_EQ(m.bds, 0x17);
  EXPECT_FALSE(m.bds_ambiguous);
  // Without the 2,0 bit (bit 7) it is not a 1,7 reply: 2,0 is always
  // supported by an aircraft that reports its capabilities.
  MbBits no20;
  no20.put(1, 6, 0x3E).put(9, 9, 1).put(16, 16, 1);
  Message x;
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 30000, no20.mb), x),
            DecodeStatus::kOk);
  EXPECT_FALSE(x.has_field(Field::kBds) && x.bds == 0x17);
}

TEST(CommB, AcasResolutionAdvisoryBds30) {
  // pyModeS's synthetic 3,0 MB, 0x30800000000000: format 0x30, the
  // "RA issued" bit set, nothing else.
  const std::uint8_t mb[7] = {0x30, 0x80, 0, 0, 0, 0, 0};
  Message m;
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 30000, mb), m), DecodeStatus::kOk);
  ASSERT_TRUE(m.has_field(Field::kBds));
  EXPECT_EQ(m.bds, 0x30);
  // Threat type 3 is not assigned: not a 3,0 reply.
  MbBits bad;
  bad.put(1, 8, 0x30).put(29, 30, 3);
  Message b;
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 30000, bad.mb), b),
            DecodeStatus::kOk);
  EXPECT_FALSE(b.has_field(Field::kBds) && b.bds == 0x30);
}

TEST(CommB, EmptyReplyHasNoRegister) {
  Message m;
  const std::uint8_t mb[7] = {};
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 30000, mb), m), DecodeStatus::kOk);
  EXPECT_FALSE(m.has_field(Field::kBds));
}

TEST(CommB, TwoRegistersThatFitAreAmbiguous) {
  // MB with only the first status bit and a small value after it: it satisfies
  // the rules of 4,0 (MCP altitude), 5,0 (roll) and 6,0 (heading) alike.
  const std::uint8_t mb[7] = {0x80, 0x40, 0, 0, 0, 0, 0};
  Message m;
  ASSERT_EQ(modes::decode(modes::encode::commb_reply(0x3C4DD2, 30000, mb), m), DecodeStatus::kOk);
  ASSERT_TRUE(m.has_field(Field::kBds));
  EXPECT_TRUE(m.bds_ambiguous);
  EXPECT_FALSE(m.has_field(Field::kRoll));
  EXPECT_FALSE(m.has_field(Field::kHeading));
}

// Independent Gillham encoder from the Mode C definition: 500 ft steps in a
// reflected Gray code over D2 D4 A1 A2 A4 B1 B2 B4, 100 ft steps in the
// five-state code C1 C2 C4 (reflected when the 500 ft count is odd).
std::uint16_t gillham_digits(int alt_ft) {
  const int v = alt_ft / 100 + 12;  // 0 at -1200 ft
  const int fh = v / 5;
  int oh = v % 5 + 1;
  if (fh & 1) oh = 6 - oh;
  static constexpr unsigned kC[6] = {0, 0b001, 0b011, 0b010, 0b110, 0b100};  // C1 C2 C4
  const unsigned g = static_cast<unsigned>(fh ^ (fh >> 1));
  auto bit = [&](int pos) { return (g >> pos) & 1U; };  // pos 7 = D2 ... 0 = B4
  const unsigned c1 = (kC[oh] >> 2) & 1, c2 = (kC[oh] >> 1) & 1, c4 = kC[oh] & 1;
  const unsigned D = bit(7) << 1 | bit(6) << 2;
  const unsigned A = bit(5) | bit(4) << 1 | bit(3) << 2;
  const unsigned B = bit(2) | bit(1) << 1 | bit(0) << 2;
  const unsigned C = c1 | c2 << 1 | c4 << 2;
  return static_cast<std::uint16_t>(A << 12 | B << 8 | C << 4 | D);
}

TEST(Gillham, AnchorsOfTheModeCTable) {
  // The 100 ft code reads C1 C2 C4 as a Gray number: C4 alone is the lowest
  // altitude, -1,200 ft, as readsb and dump1090 decode it.
  EXPECT_EQ(modes::gillham_to_feet(0x0040), -1200);
  EXPECT_EQ(modes::gillham_to_feet(0x0060), -1100);         // C2 C4
  EXPECT_EQ(modes::gillham_to_feet(0x0010), -800);          // C1 alone: fifth step
  EXPECT_EQ(modes::gillham_to_feet(0x0000), std::nullopt);  // no C bit: illegal
  EXPECT_EQ(modes::gillham_to_feet(0x0011), std::nullopt);  // D1 set: not altitude
}

TEST(Gillham, EveryHundredFeetRoundTrips) {
  for (int alt = -1200; alt <= 126700; alt += 100) {
    const auto digits = gillham_digits(alt);
    ASSERT_EQ(modes::gillham_to_feet(digits), alt) << std::hex << digits;
  }
}

TEST(Altitude, Ac13GillhamPathUsesTheSameTable) {
  // AC13 for 3,000 ft in Gillham coding, built from the digits.
  const std::uint16_t d = gillham_digits(3000);
  const unsigned A = d >> 12 & 7, B = d >> 8 & 7, C = d >> 4 & 7, D = d & 7;
  auto b = [](unsigned digit, unsigned w) { return (digit & w) ? 1U : 0U; };
  // C1 A1 C2 A2 C4 A4 M B1 Q B2 D2 B4 D4
  const std::uint32_t ac13 = b(C, 1) << 12 | b(A, 1) << 11 | b(C, 2) << 10 | b(A, 2) << 9 |
                             b(C, 4) << 8 | b(A, 4) << 7 | b(B, 1) << 5 | b(B, 2) << 3 |
                             b(D, 2) << 2 | b(B, 4) << 1 | b(D, 4);
  auto alt = modes::decode_ac13(ac13);
  ASSERT_TRUE(alt);
  EXPECT_EQ(alt->feet, 3000);
}

TEST(Squawk, Id13RoundTripsForAllCodes) {
  for (unsigned a = 0; a < 8; ++a)
    for (unsigned b = 0; b < 8; ++b)
      for (unsigned c = 0; c < 8; ++c)
        for (unsigned d = 0; d < 8; ++d) {
          const auto sq = static_cast<std::uint16_t>(a << 12 | b << 8 | c << 4 | d);
          ASSERT_EQ(modes::decode_id13(modes::encode_id13(sq)), sq);
        }
}

TEST(ModeAC, ReplyDecodesToItsCode) {
  Frame f;
  f.len = 2;
  const std::uint32_t id = modes::encode_id13(0x1200);
  f.bytes[0] = static_cast<std::uint8_t>(id >> 8);
  f.bytes[1] = static_cast<std::uint8_t>(id);
  Message m;
  EXPECT_EQ(modes::decode(f, m), DecodeStatus::kModeAC);
  EXPECT_EQ(m.squawk, 0x1200);
}

TEST(Encoder, EveryEncodedKindDecodesBack) {
  Message m;
  ASSERT_EQ(modes::decode(modes::encode::identification(0xA1B2C3, "GXA123", 0xA3), m),
            DecodeStatus::kOk);
  EXPECT_STREQ(m.callsign.data(), "GXA123");
  EXPECT_EQ(m.category, 0xA3);
  ASSERT_EQ(modes::decode(modes::encode::velocity(0xA1B2C3, 450, 271.5, -1280, true), m),
            DecodeStatus::kOk);
  EXPECT_NEAR(m.gs, 450, 1.0);
  EXPECT_NEAR(m.track, 271.5, 0.2);
  EXPECT_EQ(m.vrate, -1280);
  EXPECT_TRUE(m.vrate_geometric);
  ASSERT_EQ(
      modes::decode(modes::encode::airborne_position(0xA1B2C3, 33.46, -111.73, 35000, true), m),
      DecodeStatus::kOk);
  EXPECT_EQ(m.alt_baro, 35000);
  ASSERT_EQ(
      modes::decode(modes::encode::surface_position(0xA1B2C3, 33.46, -111.73, 12.5, 90, false), m),
      DecodeStatus::kOk);
  EXPECT_NEAR(m.gs, 12.5, 0.5);
  EXPECT_NEAR(m.track, 90, 2.9);
  ASSERT_EQ(modes::decode(modes::encode::all_call(0xA1B2C3), m), DecodeStatus::kOk);
  EXPECT_EQ(m.icao, 0xA1B2C3u);
}

}  // namespace
}  // namespace skywitness

namespace skywitness {
namespace {

TEST(Track, FastArctangentAgreesWithTheLibraryEverywhere) {
  double worst = 0;
  for (int vx = -1100; vx <= 1100; vx += 7)
    for (int vy = -1100; vy <= 1100; vy += 5) {
      if (vx == 0 && vy == 0) continue;
      double ref = std::atan2(vx, vy) * 180.0 / M_PI;
      if (ref < 0) ref += 360.0;
      double d = std::fabs(modes::track_degrees(vx, vy) - ref);
      d = std::min(d, 360.0 - d);
      worst = std::max(worst, d);
    }
  EXPECT_LT(worst, 0.001);
  EXPECT_DOUBLE_EQ(modes::track_degrees(0, 1), 0.0);
  EXPECT_DOUBLE_EQ(modes::track_degrees(1, 0), 90.0);
  EXPECT_DOUBLE_EQ(modes::track_degrees(0, -1), 180.0);
  EXPECT_DOUBLE_EQ(modes::track_degrees(-1, 0), 270.0);
}

}  // namespace
}  // namespace skywitness

namespace skywitness {
namespace {

TEST(Df17, SupersonicGroundSpeedIsFourTimesTheField) {
  // Subtype 2: 400 kt east, 200 kt south, climbing 640 ft/min (barometric).
  MeBuilder b;
  b.put(1, 5, 19)
      .put(6, 8, 2)
      .put(15, 24, 101)
      .put(25, 25, 1)
      .put(26, 35, 51)
      .put(36, 36, 1)
      .put(38, 46, 11);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0xADF7C8), m), modes::DecodeStatus::kOk);
  EXPECT_EQ(m.subtype, 2);
  EXPECT_NEAR(m.gs, std::sqrt(400.0 * 400 + 200 * 200), 1e-9);
  EXPECT_NEAR(m.track, 116.565, 0.01);
  EXPECT_EQ(m.vrate, 640);
  EXPECT_FALSE(m.vrate_geometric);
}

TEST(Df17, SupersonicAirspeedAndHeading) {
  // Subtype 4: heading 90 degrees, TAS 1,200 kt, GNSS-baro difference -50 ft.
  MeBuilder b;
  b.put(1, 5, 19).put(6, 8, 4).put(14, 14, 1).put(15, 24, 256).put(25, 25, 1).put(26, 35, 301);
  b.put(49, 49, 1).put(50, 56, 3);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0xADF7C8), m), modes::DecodeStatus::kOk);
  EXPECT_EQ(m.subtype, 4);
  EXPECT_NEAR(m.heading, 90.0, 1e-9);
  EXPECT_EQ(m.tas, 1200);
  EXPECT_EQ(m.geom_delta, -50);
  EXPECT_FALSE(m.has_field(Field::kVrate));  // vertical rate field left at 0: unknown
}

TEST(Df17, IndicatedAirspeedSubtype3) {
  MeBuilder b;
  b.put(1, 5, 19)
      .put(6, 8, 3)
      .put(25, 25, 0)
      .put(26, 35, 251)
      .put(36, 36, 0)
      .put(37, 37, 1)
      .put(38, 46, 21);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0x3C6586), m), modes::DecodeStatus::kOk);
  EXPECT_EQ(m.ias, 250);
  EXPECT_FALSE(m.has_field(Field::kTas));
  EXPECT_FALSE(m.has_field(Field::kHeading));  // heading status bit clear
  EXPECT_EQ(m.vrate, -1280);
  EXPECT_TRUE(m.vrate_geometric);
}

TEST(Df17, TargetStateVersion1) {
  // Subtype 0: MCP source (1), target altitude 17,000 ft, heading 270 from a
  // horizontal source, NACp 10, NICbaro 1, SIL 2, emergency 0.
  MeBuilder b;
  b.put(1, 5, 29)
      .put(6, 7, 0)
      .put(8, 9, 1)
      .put(16, 25, (17000 + 1000) / 100)
      .put(26, 27, 1)
      .put(28, 36, 270);
  b.put(40, 43, 10).put(44, 44, 1).put(45, 46, 2);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0x400001), m), modes::DecodeStatus::kOk);
  EXPECT_EQ(m.subtype, 0);
  EXPECT_EQ(m.nav_alt_mcp, 17000);
  EXPECT_NEAR(m.nav_heading, 270, 1e-9);
  EXPECT_EQ(m.nacp, 10);
  EXPECT_EQ(m.nic_baro, 1);
  EXPECT_EQ(m.sil, 2);
  EXPECT_EQ(m.emergency, 0);
}

TEST(Df17, OperationalStatusVersion1Surface) {
  // Subtype 1 (surface), version 1: NIC-A 0, NACp 8, SIL 1; no GVA or NICbaro.
  MeBuilder b;
  b.put(1, 5, 31).put(6, 8, 1).put(41, 43, 1).put(45, 48, 8).put(51, 52, 1);
  Message m;
  ASSERT_EQ(modes::decode(b.frame(0x400001), m), modes::DecodeStatus::kOk);
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.nacp, 8);
  EXPECT_EQ(m.sil, 1);
  EXPECT_FALSE(m.has_field(Field::kGva));
  EXPECT_FALSE(m.has_field(Field::kNicBaro));
}

TEST(Df17, AircraftIdentificationCategoriesByTypeCode) {
  // TC 1..4 select category sets D..A; the CA bits give the number.
  for (unsigned tc = 1; tc <= 4; ++tc) {
    MeBuilder b;
    b.put(1, 5, tc).put(6, 8, 7);
    for (unsigned i = 0; i < 8; ++i) b.put(9 + 6 * i, 14 + 6 * i, 32);  // spaces
    Message m;
    ASSERT_EQ(modes::decode(b.frame(0x400001), m), modes::DecodeStatus::kOk);
    EXPECT_EQ(m.category, ((0xE - tc) << 4) | 7);
    EXPECT_STREQ(m.callsign.data(), "");
  }
}

}  // namespace
}  // namespace skywitness

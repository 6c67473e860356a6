#include <cstring>
#include <string>

#include "skywitness/framing/formats.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using framing::ErrorKind;
using test::CollectingSink;

CollectingSink run(framing::Format fmt, const std::string& input, std::size_t chunk = 0) {
  CollectingSink sink;
  auto framer = framing::make_framer(fmt);
  const auto* p = reinterpret_cast<const std::uint8_t*>(input.data());
  if (chunk == 0) chunk = input.size();
  for (std::size_t i = 0; i < input.size(); i += chunk)
    framer->feed(p + i, std::min(chunk, input.size() - i), sink);
  framer->finish(sink);
  return sink;
}

TEST(Avr, PlainAndTimestampedFrames) {
  auto s = run(framing::Format::kAvr,
               "*8D406B902015A678D4D220AA4BDA;\n@0000012345678D4840D6202CC371C32CE0576098;\r\n*"
               "5D484FDEA248F5;\n");
  ASSERT_EQ(s.frames.size(), 3u);
  EXPECT_TRUE(s.errors.empty());
  EXPECT_EQ(s.frames[0].len, 14);
  EXPECT_EQ(s.frames[0].line, 1u);
  EXPECT_EQ(s.frames[1].ticks, 0x000001234567ULL);
  EXPECT_EQ(s.frames[1].bytes[0], 0x8D);
  EXPECT_EQ(s.frames[2].len, 7);
  EXPECT_EQ(s.frames[2].offset, 31u + 44u);
}

TEST(Avr, FramesSplitAcrossChunksAreReassembled) {
  const std::string in = "*8D406B902015A678D4D220AA4BDA;\n*8D4840D6202CC371C32CE0576098;\n";
  for (std::size_t chunk = 1; chunk < in.size(); ++chunk) {
    auto s = run(framing::Format::kAvr, in, chunk);
    ASSERT_EQ(s.frames.size(), 2u) << chunk;
    EXPECT_EQ(s.frames[1].bytes[1], 0x48);
  }
}

TEST(Avr, BadLinesAreReportedWithTheirLineAndSkipped) {
  const std::string in =
      "*8D406B902015A678D4D220AA4BDA;\n"
      "*8D406B902015A678D4D220AA4BD;\n"   // odd digit count
      "*8D406B90Z015A678D4D220AA4BDA;\n"  // non-hex
      "hello\n"
      "*8D406B90;\n"  // 8 digits: no frame length
      "\n"
      "*8D4840D6202CC371C32CE0576098;\n"
      "@12;\n";
  auto s = run(framing::Format::kAvr, in);
  ASSERT_EQ(s.frames.size(), 2u);
  ASSERT_EQ(s.errors.size(), 5u);
  EXPECT_EQ(s.errors[0].kind, ErrorKind::kBadFrameLength);
  EXPECT_EQ(s.errors[0].line, 2u);
  EXPECT_EQ(s.errors[1].kind, ErrorKind::kBadHex);
  EXPECT_EQ(s.errors[1].line, 3u);
  EXPECT_EQ(s.errors[1].offset, 31u + 30u + 1u + 8u);  // the 'Z' itself
  EXPECT_EQ(s.errors[2].kind, ErrorKind::kNotAFrame);
  EXPECT_EQ(s.errors[3].kind, ErrorKind::kBadFrameLength);
  EXPECT_EQ(s.errors[4].kind, ErrorKind::kBadTimestamp);
  EXPECT_EQ(s.errors[4].line, 8u);
}

TEST(Avr, OverlongLineIsReportedOnceAndTheNextLineStillParses) {
  std::string in = "*" + std::string(5000, 'A') + ";\n*8D406B902015A678D4D220AA4BDA;\n";
  for (std::size_t chunk : {std::size_t{0}, std::size_t{100}}) {
    auto s = run(framing::Format::kAvr, in, chunk);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0].kind, ErrorKind::kLineTooLong);
    EXPECT_EQ(s.errors[0].line, 1u);
    ASSERT_EQ(s.frames.size(), 1u);
    EXPECT_EQ(s.frames[0].line, 2u);
    EXPECT_EQ(s.frames[0].offset, 5003u);
  }
}

std::string beast(char type, std::uint64_t ts, std::uint8_t sig, const std::string& hex) {
  std::string raw;
  for (int i = 5; i >= 0; --i) raw.push_back(static_cast<char>((ts >> (8 * i)) & 0xFF));
  raw.push_back(static_cast<char>(sig));
  auto f = test::frame_from_hex(hex);
  raw.append(reinterpret_cast<const char*>(f.bytes.data()), f.len);
  std::string out = "\x1a";
  out.push_back(type);
  for (char c : raw) {
    out.push_back(c);
    if (c == '\x1a') out.push_back(c);  // escape
  }
  return out;
}

TEST(Beast, FramesWithEscapedBytesTimestampsAndSignal) {
  // The timestamp holds 0x1a bytes that must be escaped on the wire.
  const std::string in = beast('3', 0x1a1a00000001ULL, 0x1a, "8D406B902015A678D4D220AA4BDA") +
                         beast('2', 12000000, 255, "5D484FDEA248F5") + beast('1', 5, 100, "0808");
  for (std::size_t chunk = 1; chunk <= in.size(); chunk += 3) {
    auto s = run(framing::Format::kBeast, in, chunk);
    ASSERT_TRUE(s.errors.empty()) << chunk;
    ASSERT_EQ(s.frames.size(), 3u);
    EXPECT_EQ(s.frames[0].ticks, 0x1a1a00000001ULL);
    EXPECT_EQ(s.frames[0].len, 14);
    EXPECT_NEAR(s.frames[0].rssi, 20 * std::log10(0x1a / 255.0), 1e-4);
    EXPECT_EQ(s.frames[1].len, 7);
    EXPECT_NEAR(s.frames[1].rssi, 0.0, 1e-6);
    EXPECT_EQ(s.frames[2].len, 2);
    EXPECT_EQ(s.frames[1].offset, s.frames[0].offset + 2 + 6 + 1 + 14 + 3);
  }
}

TEST(Beast, MlatFramesAreMarkedAndKeepAlivesDropped) {
  const std::string in = beast('1', 0, 0, "0000") +
                         beast('3', 0xFF004D4C4154ULL, 10, "8D406B902015A678D4D220AA4BDA") +
                         beast('4', 1, 0, "0000000000000000000000000000");
  auto s = run(framing::Format::kBeast, in);
  ASSERT_EQ(s.frames.size(), 1u);
  EXPECT_TRUE(s.frames[0].mlat);
  EXPECT_EQ(s.frames[0].ticks, 0u);
  EXPECT_TRUE(s.errors.empty());
}

TEST(Beast, BrokenEscapeGarbageUnknownTypeAndTruncationAreReported) {
  std::string good = beast('3', 7, 1, "8D406B902015A678D4D220AA4BDA");
  std::string cut = good.substr(0, 12);  // a frame cut short by a new one
  std::string in = "xyz" + cut + good + "\x1a" + "9" + good + good.substr(0, 10);
  auto s = run(framing::Format::kBeast, in);
  ASSERT_EQ(s.frames.size(), 2u);
  ASSERT_EQ(s.errors.size(), 4u);
  EXPECT_EQ(s.errors[0].kind, ErrorKind::kNotAFrame);
  EXPECT_EQ(s.errors[0].offset, 0u);
  EXPECT_EQ(s.errors[1].kind, ErrorKind::kBadEscape);
  EXPECT_EQ(s.errors[1].offset, 3u);
  EXPECT_EQ(s.errors[2].kind, ErrorKind::kBadBeastType);
  EXPECT_EQ(s.errors[2].offset, 3 + cut.size() + good.size());
  EXPECT_EQ(s.errors[3].kind, ErrorKind::kTruncated);
}

TEST(Sbs, FieldsOfEachTransmissionType) {
  const std::string in =
      "MSG,1,1,1,406B90,1,2016/03/14,23:00:02.333,2016/03/14,23:00:02.333,EZY85MH ,,,,,,,,,,,0\n"
      "MSG,3,1,1,406B90,1,2016/03/14,23:00:03.333,2016/03/"
      "14,23:00:03.333,,36000,,,51.145660,7.244296,,,0,,0,0\n"
      "MSG,4,1,1,406B90,1,2016/03/14,23:00:04.000,2016/03/14,23:00:04.000,,,494,285,,,-64,,,,,0\n"
      "MSG,6,1,1,~4CA123,1,2016/03/14,23:00:05.000,2016/03/14,23:00:05.000,,,,,,,,7700,1,1,0,-1\n"
      "SEL,,,,,,,,,\n";
  auto s = run(framing::Format::kSbs, in);
  ASSERT_TRUE(s.errors.empty());
  ASSERT_EQ(s.messages.size(), 4u);
  EXPECT_STREQ(s.messages[0].callsign.data(), "EZY85MH");
  EXPECT_NEAR(s.messages[0].frame.t, 1457996402.333, 1e-6);
  EXPECT_EQ(s.messages[1].alt_baro, 36000);
  EXPECT_NEAR(s.messages[1].lat, 51.14566, 1e-9);
  EXPECT_EQ(s.messages[2].vrate, -64);
  EXPECT_NEAR(s.messages[2].gs, 494, 1e-9);
  EXPECT_EQ(s.messages[3].squawk, 0x7700);
  EXPECT_TRUE(s.messages[3].non_icao);
  EXPECT_TRUE(s.messages[3].on_ground);
  EXPECT_EQ(s.messages[3].icao, 0x4CA123u);
}

TEST(Sbs, BadLinesAreReportedWithTheirLine) {
  const std::string in =
      "MSG,3,1,1,406B90,1,2016/03/14,23:00:03.333,2016/03/"
      "14,23:00:03.333,,36000,,,91.5,7.2,,,0,,0,0\n"
      "MSG,3,1,1,40ZZ90,1,2016/03/14,23:00:03.333\n"
      "MSG,3,1,1,406B90,1,2016/03/14,23:00:03.333,2016/03/14,23:00:03.333,,36000\n"
      "MSG,9,1,1,406B90,1,2016/03/14,23:00:03.333,2016/03/14,23:00:03.333,,\n"
      "MSG,3,1,1,406B90,1,2016/13/14,23:00:03.333,2016/03/14,23:00:03.333,,\n"
      "BOGUS\n";
  auto s = run(framing::Format::kSbs, in);
  EXPECT_EQ(s.messages.size(), 1u);  // line 3: altitude only, fine
  ASSERT_EQ(s.errors.size(), 5u);
  EXPECT_EQ(s.errors[0].line, 1u);
  EXPECT_EQ(s.errors[0].kind, ErrorKind::kBadField);
  EXPECT_EQ(s.errors[1].line, 2u);
  EXPECT_EQ(s.errors[2].line, 4u);
  EXPECT_EQ(s.errors[3].kind, ErrorKind::kBadTimestamp);
  EXPECT_EQ(s.errors[4].kind, ErrorKind::kNotAFrame);
}

TEST(HexAndCsv, PlainHexAndTimestampedCsv) {
  auto h = run(framing::Format::kHex, "8D406B902015A678D4D220AA4BDA\n5D484FDEA248F5\n");
  ASSERT_EQ(h.frames.size(), 2u);
  auto c = run(framing::Format::kCsv,
               "timestamp,msg\n1446332400.5,8D40058B58C901375147EFD09357\nabc,8D\n");
  ASSERT_EQ(c.frames.size(), 1u);
  EXPECT_NEAR(c.frames[0].t, 1446332400.5, 1e-9);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 3u);
}

TEST(Detect, RecognisesEachFormatFromItsFirstBytes) {
  framing::Format f{};
  auto detect = [&](const std::string& s) {
    return framing::detect_format(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), f);
  };
  ASSERT_TRUE(detect(beast('3', 1, 1, "8D406B902015A678D4D220AA4BDA")));
  EXPECT_EQ(f, framing::Format::kBeast);
  ASSERT_TRUE(detect("*8D406B902015A678D4D220AA4BDA;\n"));
  EXPECT_EQ(f, framing::Format::kAvr);
  ASSERT_TRUE(detect("\n@0000012345678D406B902015A678D4D220AA4BDA;\n"));
  EXPECT_EQ(f, framing::Format::kAvr);
  ASSERT_TRUE(detect("MSG,3,1,1,406B90,1,2016/03/14,23:00:03.333\n"));
  EXPECT_EQ(f, framing::Format::kSbs);
  ASSERT_TRUE(detect("1446332400.5,8D40058B58C901375147EFD09357\n"));
  EXPECT_EQ(f, framing::Format::kCsv);
  ASSERT_TRUE(detect("8D406B902015A678D4D220AA4BDA\n"));
  EXPECT_EQ(f, framing::Format::kHex);
  EXPECT_FALSE(detect("hello world\n"));
}

}  // namespace
}  // namespace skywitness

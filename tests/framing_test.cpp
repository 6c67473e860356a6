#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "skywitness/framing/formats.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using framing::Fault;
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
  EXPECT_EQ(s.errors[0].fault, Fault::kBadFrameLength);
  EXPECT_EQ(s.errors[0].line, 2u);
  EXPECT_EQ(s.errors[1].fault, Fault::kBadHex);
  EXPECT_EQ(s.errors[1].line, 3u);
  EXPECT_EQ(s.errors[1].offset, 31u + 30u + 1u + 8u);  // the 'Z' itself
  EXPECT_EQ(s.errors[2].fault, Fault::kNotAFrame);
  EXPECT_EQ(s.errors[3].fault, Fault::kBadFrameLength);
  EXPECT_EQ(s.errors[4].fault, Fault::kBadTimestamp);
  EXPECT_EQ(s.errors[4].line, 8u);
}

TEST(Avr, OverlongLineIsReportedOnceAndTheNextLineStillParses) {
  std::string in = "*" + std::string(5000, 'A') + ";\n*8D406B902015A678D4D220AA4BDA;\n";
  for (std::size_t chunk : {std::size_t{0}, std::size_t{100}}) {
    auto s = run(framing::Format::kAvr, in, chunk);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0].fault, Fault::kLineTooLong);
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
  EXPECT_EQ(s.errors[0].fault, Fault::kNotAFrame);
  EXPECT_EQ(s.errors[0].offset, 0u);
  EXPECT_EQ(s.errors[1].fault, Fault::kBadEscape);
  EXPECT_EQ(s.errors[1].offset, 3u);
  EXPECT_EQ(s.errors[2].fault, Fault::kBadBeastType);
  EXPECT_EQ(s.errors[2].offset, 3 + cut.size() + good.size());
  EXPECT_EQ(s.errors[3].fault, Fault::kTruncated);
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
  EXPECT_EQ(s.errors[0].fault, Fault::kBadField);
  EXPECT_EQ(s.errors[1].line, 2u);
  EXPECT_EQ(s.errors[2].line, 4u);
  EXPECT_EQ(s.errors[3].fault, Fault::kBadTimestamp);
  EXPECT_EQ(s.errors[4].fault, Fault::kNotAFrame);
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

// Issue 10, section 4: frame logs as jet1090, rs1090 and the pyModeS examples
// write them ("1717664319.147975,8c3461ce399e40586b4ee4932241") were taken for
// hex lines, and logs with a header line for nothing at all.
bool detect(std::string_view s, framing::Format& f) {
  return framing::detect_format(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), f);
}

TEST(Detect, TimestampHexLogsWithFractionalSecondsAreCsv) {
  for (const char* in : {
           "1717664319.147975,8c3461ce399e40586b4ee4932241\n",  // jet1090
           "1717664319.147975,5d3461ce399e40\n",                // a short frame
           "1717664319,8c3461ce399e40586b4ee4932241\n",         // integer seconds
           "1717664319.147975, 8C3461CE399E40586B4EE4932241\r\n",
           "timestamp,rawmsg\n1717664319.147975,8c3461ce399e40586b4ee4932241\n",
           "time,msg\n\n1717664319.5,5d3461ce399e40\n",
       }) {
    framing::Format f = framing::Format::kAvr;
    ASSERT_TRUE(detect(in, f)) << in;
    EXPECT_EQ(f, framing::Format::kCsv) << in;
  }
}

TEST(Detect, OtherCsvThatStartsWithATimeIsNoFrameLog) {
  framing::Format f{};
  // OpenSky state vectors: a time, then a 6-digit address, no frame.
  EXPECT_FALSE(detect("time,icao24,lat,lon\n1711929600,a8f007,29.5,-98.4\n", f));
  EXPECT_FALSE(detect("1711929600,a8f007,29.5,-98.4\n1711929610,a8f007,29.6,-98.4\n", f));
  EXPECT_FALSE(detect("timestamp,rawmsg\nhello,world\n", f));
}

TEST(Detect, LogCutInsideItsFirstLineIsToldByItsSecond) {
  framing::Format f{};
  ASSERT_TRUE(detect("4ee4932241\n1717664319.5,8c3461ce399e40586b4ee4932241\n", f));
  EXPECT_EQ(f, framing::Format::kCsv);
  ASSERT_TRUE(detect("5.147975,8c3461ce\n1717664319.5,5d3461ce399e40\n", f));
  EXPECT_EQ(f, framing::Format::kCsv);
  ASSERT_TRUE(detect("4D220AA4BDA\n8D406B902015A678D4D220AA4BDA\n", f));
  EXPECT_EQ(f, framing::Format::kHex);
  EXPECT_FALSE(detect("4D220AA4BDA\nhello\n", f));
  // The cut line is reported, the rest read.
  const auto s =
      run(framing::Format::kDetect, "4ee4932241\n1717664319.5,8c3461ce399e40586b4ee4932241\n", 4);
  ASSERT_EQ(s.frames.size(), 1u);
  EXPECT_DOUBLE_EQ(s.frames[0].t, 1717664319.5);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].line, 1u);
}

TEST(Detect, FirstBytesThatEndBeforeTheFirstLineAreLeftToTheFramer) {
  // A plain file's first read holds only the 4 bytes sniffed for compression.
  framing::Format f{};
  for (std::string_view in : {std::string_view("1717"), std::string_view("time"),
                              std::string_view("8D40"), std::string_view("timestamp,rawmsg\n"),
                              std::string_view("MS"), std::string_view("\x00\x12", 2)}) {
    f = framing::Format::kAvr;
    ASSERT_TRUE(detect(in, f)) << in;
    EXPECT_EQ(f, framing::Format::kDetect) << in;
  }
  // What the first bytes alone settle.
  ASSERT_TRUE(detect("*8D4", f));
  EXPECT_EQ(f, framing::Format::kAvr);
  ASSERT_TRUE(detect("@000", f));
  EXPECT_EQ(f, framing::Format::kAvr);
  ASSERT_TRUE(detect("MSG,", f));
  EXPECT_EQ(f, framing::Format::kSbs);
  ASSERT_TRUE(detect(std::string_view("\x1a"
                                      "3\x00\x00",
                                      4),
                     f));
  EXPECT_EQ(f, framing::Format::kBeast);
  // At kDetectBytes without an answer there is none.
  EXPECT_FALSE(detect(std::string(framing::kDetectBytes, 'x'), f));
}

TEST(Detect, DetectingFramerReadsEveryFormatInChunksOfAnySize) {
  const std::string csv =
      "timestamp,rawmsg\n1717664319.147975,8c3461ce399e40586b4ee4932241\n"
      "1717664319.5,5D484FDEA248F5\nnot,a frame\n1717664320,8D40058B58C901375147EFD09357\n";
  const std::pair<framing::Format, std::string> inputs[] = {
      {framing::Format::kCsv, csv},
      {framing::Format::kCsv, csv.substr(17)},  // no header
      {framing::Format::kHex, "8D406B902015A678D4D220AA4BDA\n5D484FDEA248F5\nxyz\n"},
      {framing::Format::kAvr, "*8D406B902015A678D4D220AA4BDA;\n@0000012345678D406B90;\n"},
      {framing::Format::kSbs,
       "MSG,3,1,1,406B90,1,2016/03/14,23:00:03.333,2016/03/14,"
       "23:00:03.333,,38000,,,51.1,-0.2,,,0,0,0,0\n"},
      {framing::Format::kBeast, std::string("\x00\x0a\x13", 3) +
                                    beast('3', 1, 1, "8D406B902015A678D4D220AA4BDA") +
                                    beast('2', 2, 2, "5D484FDEA248F5")},
  };
  for (const auto& [format, in] : inputs) {
    const auto want = run(format, in);
    ASSERT_FALSE(want.frames.empty() && want.messages.empty()) << framing::format_name(format);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{4}, std::size_t{0}}) {
      const auto got = run(framing::Format::kDetect, in, chunk);
      SCOPED_TRACE(std::string(framing::format_name(format)) + " in chunks of " +
                   std::to_string(chunk));
      ASSERT_EQ(got.frames.size(), want.frames.size());
      for (std::size_t i = 0; i < got.frames.size(); ++i) {
        EXPECT_EQ(got.frames[i].bytes, want.frames[i].bytes);
        EXPECT_EQ(got.frames[i].len, want.frames[i].len);
        EXPECT_EQ(got.frames[i].line, want.frames[i].line);
        EXPECT_EQ(got.frames[i].offset, want.frames[i].offset);
        EXPECT_EQ(got.frames[i].ticks, want.frames[i].ticks);
        if (!std::isnan(want.frames[i].t)) EXPECT_EQ(got.frames[i].t, want.frames[i].t);
      }
      EXPECT_EQ(got.messages.size(), want.messages.size());
      ASSERT_EQ(got.errors.size(), want.errors.size());
      for (std::size_t i = 0; i < got.errors.size(); ++i) {
        EXPECT_EQ(got.errors[i].fault, want.errors[i].fault);
        EXPECT_EQ(got.errors[i].line, want.errors[i].line);
        EXPECT_EQ(got.errors[i].offset, want.errors[i].offset);
      }
    }
  }
}

TEST(Detect, InputInNoFormatIsOneUnknownFormatErrorAndNothingElse) {
  for (const char* in : {"garbage\nmore garbage\n", "timestamp,rawmsg\nhello,world\n", "ga"}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{4}, std::size_t{0}}) {
      const auto s = run(framing::Format::kDetect, in, chunk);
      EXPECT_TRUE(s.frames.empty()) << in;
      ASSERT_EQ(s.errors.size(), 1u) << in;
      EXPECT_EQ(s.errors[0].fault, Fault::kUnknownFormat);
      EXPECT_NE(s.errors[0].detail.find("--format"), std::string::npos);
    }
  }
  EXPECT_STREQ(framing::fault_name(Fault::kUnknownFormat), "unknown_format");
  // A header and no frames yet is a log, not an error.
  const auto header_only = run(framing::Format::kDetect, "timestamp,rawmsg\n", 4);
  EXPECT_TRUE(header_only.errors.empty());
  EXPECT_TRUE(header_only.frames.empty());
}

TEST(Csv, FractionalSecondsAndShortFramesAreReadExactly) {
  const auto s = run(framing::Format::kCsv,
                     "timestamp,rawmsg\n"
                     "1717664319.147975,8c3461ce399e40586b4ee4932241\n"
                     "1717664319.5,5da8f0ff2fc072\n"
                     "1717664320,8c3461ce399e40586b4ee4932241\n"
                     "1717664320.25,8c3461ce399e40586b4ee49322\n");
  ASSERT_EQ(s.frames.size(), 3u);
  EXPECT_DOUBLE_EQ(s.frames[0].t, 1717664319.147975);
  EXPECT_EQ(s.frames[0].len, 14);
  EXPECT_EQ(s.frames[0].bytes[0], 0x8c);
  EXPECT_EQ(s.frames[0].bytes[13], 0x41);
  EXPECT_EQ(s.frames[0].line, 2u);
  EXPECT_DOUBLE_EQ(s.frames[1].t, 1717664319.5);
  EXPECT_EQ(s.frames[1].len, 7);
  EXPECT_EQ(s.frames[1].bytes[6], 0x72);
  EXPECT_DOUBLE_EQ(s.frames[2].t, 1717664320.0);
  ASSERT_EQ(s.errors.size(), 1u);  // 26 hex digits
  EXPECT_EQ(s.errors[0].fault, Fault::kBadFrameLength);
  EXPECT_EQ(s.errors[0].line, 5u);
}

// The bug as users met it: a plain file, read through the pipeline, whose
// first read is the 4 bytes the compression sniffer looked at.
TEST(Detect, PlainJet1090LogsDecodeWithoutFormatWithAndWithoutHeader) {
  const std::string fixture = std::string(SKYWITNESS_TEST_DATA) + "/inputs/jet1090_mini.csv";
  std::ifstream in(fixture);
  const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(body.empty()) << fixture;
  const auto dir =
      std::filesystem::temp_directory_path() / ("skywitness-detect-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const std::string header : {"", "timestamp,rawmsg\n", "time,msg\n"}) {
    const auto path = (dir / "log.csv").string();
    std::ofstream(path) << header << body;
    pipeline::DecodePipeline job({}, nullptr);
    ASSERT_TRUE(job.run(path)) << header;
    const auto& st = job.stats();
    EXPECT_EQ(st.inputs_failed, 0u) << header;
    EXPECT_EQ(st.total_input_errors(), 0u) << header;
    EXPECT_EQ(st.frames, 1741u) << header;
    EXPECT_EQ(st.messages_ok, 1741u) << header;
    EXPECT_EQ(st.by_df[4], 118u) << header;
    EXPECT_EQ(st.by_df[5], 39u) << header;
    EXPECT_EQ(st.by_df[11], 292u) << header;
    EXPECT_EQ(st.by_df[17], 1292u) << header;
  }
  std::filesystem::remove_all(dir);
}

// A receiver feed arrives in pieces: begin_input, feed and finish_input give
// the records and counts of decoding the whole file, for AVR, Beast and SBS,
// with the format given and told from the first bytes, in pieces of 1 to
// 997 bytes.
struct Records : output::RecordWriter {
  std::vector<std::string> lines;
  void write(const Message& m) override {
    lines.push_back(fmt::format("{:06x} {} {} {:.6f} {:.6f} {}", m.icao, m.df, m.frame.len, m.lat,
                                m.lon, m.alt_baro));
  }
  void flush() override {}
};

TEST(DecodePipeline, AFeedInPiecesDecodesAsTheWholeFile) {
  for (const char* name : {"avr_406b90.txt", "beast_out_406b90.bin", "sbs_406b90.txt"}) {
    SCOPED_TRACE(name);
    const std::string path = std::string(SKYWITNESS_TEST_DATA) + "/readsb-406b90/" + name;
    Records whole;
    pipeline::DecodePipeline a({}, &whole);
    ASSERT_TRUE(a.run(path));
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{997}}) {
      Records fed;
      pipeline::DecodePipeline b({}, &fed);
      b.begin_input(name);
      for (std::size_t i = 0; i < bytes.size(); i += piece)
        b.feed(reinterpret_cast<const std::uint8_t*>(bytes.data()) + i,
               std::min(piece, bytes.size() - i));
      b.finish_input();
      EXPECT_EQ(fed.lines, whole.lines) << "pieces of " << piece;
      EXPECT_EQ(b.stats().frames, a.stats().frames);
      EXPECT_EQ(b.stats().messages_ok, a.stats().messages_ok);
      EXPECT_EQ(b.stats().total_input_errors(), 0u);
    }
    EXPECT_GT(whole.lines.size(), 0u);
  }
}

}  // namespace
}  // namespace skywitness

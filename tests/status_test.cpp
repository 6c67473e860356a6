// The error model (core/status.hpp, docs/errors.md): how locations read, and
// what the reporters count, keep and pass on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "skywitness/core/status.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/io/source.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

TEST(Location, ALineIsWrittenAsCompilersWriteIt) {
  EXPECT_EQ(to_string(Location("bad.avr", 12)), "bad.avr:12: ");
  // A line wins over the offset that text framers also give.
  EXPECT_EQ(to_string(Location("bad.avr", 12, 340)), "bad.avr:12: ");
  EXPECT_EQ(position_text(Location("bad.avr", 12, 340)), "line 12");
}

TEST(Location, ABinaryInputIsLocatedByByte) {
  EXPECT_EQ(to_string(Location("feed.beast", 0, 4096)), "feed.beast: byte 4096: ");
  // Byte 0 is a place too: the first byte of the input.
  EXPECT_EQ(to_string(Location("feed.beast", 0, 0)), "feed.beast: byte 0: ");
  EXPECT_EQ(position_text(Location("feed.beast", 0, 4096)), "byte 4096");
}

TEST(Location, DetailSaysWhatLinesAndBytesCannot) {
  EXPECT_EQ(to_string(Location("trace_full_a8f0ff.json", 0, std::nullopt, "point 3")),
            "trace_full_a8f0ff.json: point 3: ");
  EXPECT_EQ(position_text(Location("t.json", 0, std::nullopt, "point 3")), "point 3");
  EXPECT_EQ(to_string(Location("x.csv", 4, std::nullopt, "column 'lat'")),
            "x.csv:4: column 'lat': ");
  EXPECT_EQ(position_text(Location("x.csv", 4, std::nullopt, "column 'lat'")),
            "line 4, column 'lat'");
}

TEST(Location, AWholeFileIsItsNameAndNowhereIsNothing) {
  EXPECT_EQ(to_string(Location("x.csv")), "x.csv: ");
  EXPECT_EQ(position_text(Location("x.csv")), "");
  EXPECT_EQ(to_string(Location()), "");
  // Text parsed from memory has lines but no file.
  EXPECT_EQ(to_string(Location("", 7)), "line 7: ");
}

TEST(Location, AnArchiveMemberIsPartOfTheFileName) {
  const Location at("v2024.03.01.tar.*:traces/ff/trace_full_a8f0ff.json", 0, 128);
  EXPECT_EQ(to_string(at), "v2024.03.01.tar.*:traces/ff/trace_full_a8f0ff.json: byte 128: ");
}

TEST(Error, CodeComesBeforeTheMessage) {
  const Error e{ErrorKind::kBadInput, {"bad.avr", 3}, "bad_hex", "non-hex character in frame"};
  EXPECT_EQ(e.text(), "bad_hex: non-hex character in frame");
  EXPECT_EQ(e.to_string(), "bad.avr:3: bad_hex: non-hex character in frame");
  const Error plain{ErrorKind::kIo, {"x.csv"}, {}, "cannot open"};
  EXPECT_EQ(plain.text(), "cannot open");
  EXPECT_EQ(plain.to_string(), "x.csv: cannot open");
}

TEST(Error, EveryKindHasAName) {
  EXPECT_STREQ(error_kind_name(ErrorKind::kBadInput), "bad_input");
  EXPECT_STREQ(error_kind_name(ErrorKind::kIo), "io");
  EXPECT_STREQ(error_kind_name(ErrorKind::kFormat), "format");
  EXPECT_STREQ(error_kind_name(ErrorKind::kDatabase), "database");
  EXPECT_STREQ(error_kind_name(ErrorKind::kUsage), "usage");
  EXPECT_STREQ(error_kind_name(ErrorKind::kInternal), "internal");
}

TEST(Status, DefaultIsOkAndAFailureCarriesItsError) {
  const Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.to_string(), "ok");
  const auto bad =
      Status::failure(ErrorKind::kUsage, {"watch.txt", 2}, "'a8f00' is not an address");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(bad.error().where.line, 2u);
  EXPECT_EQ(bad.to_string(), "watch.txt:2: 'a8f00' is not an address");
  const auto copied = bad;
  EXPECT_EQ(copied.to_string(), bad.to_string());
}

TEST(Status, ReadAircraftFileSaysWhichLineIsBad) {
  test::TempDir dir{"status"};
  const auto bad = dir.write("watch.txt", "a8f007\n# a comment\na8f00\n");
  std::unordered_set<std::uint32_t> only;
  const auto st = ingest::read_aircraft_file(bad, only);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.to_string(), bad + ":3: 'a8f00' is not a 24-bit address (6 hex digits)");
  EXPECT_TRUE(ingest::read_aircraft_file(dir.write("ok.txt", "a8f007\n~abc123\n"), only).ok());
  EXPECT_EQ(only.size(), 2u);
  const auto missing = ingest::read_aircraft_file(dir.path + "/none.txt", only);
  EXPECT_EQ(missing.error().kind, ErrorKind::kIo);
  EXPECT_EQ(missing.to_string(), dir.path + "/none.txt: cannot open");
}

TEST(FunctionReporter, HandsEveryErrorToTheLambda) {
  std::vector<std::string> seen;
  FunctionReporter r([&](const Error& e) { seen.push_back(e.to_string()); });
  ErrorReporter& as_base = r;
  as_base.report({ErrorKind::kBadInput, {"a", 1}, {}, "one"});
  as_base.report({ErrorKind::kIo, {"b"}, {}, "two"});
  EXPECT_EQ(seen, (std::vector<std::string>{"a:1: one", "b: two"}));
  FunctionReporter empty(nullptr);  // drops them
  empty.report({ErrorKind::kBadInput, {}, {}, "dropped"});
}

TEST(CountingReporter, CountsEveryErrorButKeepsOnlyTheFirstOnes) {
  std::vector<std::string> passed;
  FunctionReporter next([&](const Error& e) { passed.push_back(e.message); });
  CountingReporter r(2, &next);
  for (int i = 0; i < 5; ++i)
    r.report(
        {i == 4 ? ErrorKind::kIo : ErrorKind::kBadInput, {"f", 1u + i}, {}, std::to_string(i)});
  EXPECT_EQ(r.count(), 5u);
  EXPECT_EQ(r.count(ErrorKind::kBadInput), 4u);
  EXPECT_EQ(r.count(ErrorKind::kIo), 1u);
  EXPECT_EQ(r.count(ErrorKind::kUsage), 0u);
  ASSERT_EQ(r.kept().size(), 2u);
  EXPECT_EQ(r.kept()[1].where.line, 2u);
  EXPECT_EQ(passed.size(), 5u);  // all passed on, not only the kept ones
  r.clear();
  EXPECT_EQ(r.count(), 0u);
  EXPECT_TRUE(r.kept().empty());
  r.report({ErrorKind::kBadInput, {}, {}, "again"});
  EXPECT_EQ(r.kept().size(), 1u);  // still keeps after a clear
}

TEST(CountingReporter, CountsOnlyByDefault) {
  CountingReporter r;
  r.report({ErrorKind::kBadInput, {}, {}, "x"});
  EXPECT_EQ(r.count(), 1u);
  EXPECT_TRUE(r.kept().empty());
}

TEST(FrameError, NamesItsFaultAndKind) {
  const auto e = framing::frame_error(framing::Fault::kBadHex, 3, 17, "non-hex character");
  EXPECT_EQ(e.kind, ErrorKind::kBadInput);
  EXPECT_EQ(e.code, "bad_hex");
  EXPECT_EQ(framing::parse_fault(e.code), framing::Fault::kBadHex);
  EXPECT_EQ(framing::parse_fault("bad_crc"), std::nullopt);  // a decoding failure, no fault
  const auto whole = framing::frame_error(framing::Fault::kUnknownFormat, 0, std::nullopt, "?");
  EXPECT_EQ(whole.kind, ErrorKind::kFormat);
  EXPECT_EQ(position_text(whole.where), "");
}

TEST(ParseWholeFile, AFileThatCannotBeReadIsAnIoErrorOfTheFile) {
  CountingReporter errors(1);
  const std::string path = "/nonexistent/skywitness/file.csv";
  EXPECT_FALSE(io::parse_whole_file(
      path, [](std::string_view) { return true; }, errors));
  ASSERT_EQ(errors.count(), 1u);
  EXPECT_EQ(errors.kept()[0].kind, ErrorKind::kIo);
  EXPECT_EQ(errors.kept()[0].where.file, path);
}

}  // namespace
}  // namespace skywitness

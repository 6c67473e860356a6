// US N-number <-> Mode S address conversion over the whole N-number space.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "skywitness/registry/address_blocks.hpp"
#include "skywitness/registry/aircraft_db.hpp"
#include "skywitness/registry/n_number.hpp"
#include "skywitness/registry/seats.hpp"

namespace skywitness::registry {
namespace {

TEST(NNumber, FixedPointsOfTheAllocation) {
  EXPECT_EQ(n_number_to_icao("N1"), 0xA00001u);
  EXPECT_EQ(n_number_to_icao("N1A"), 0xA00002u);
  EXPECT_EQ(n_number_to_icao("N1AA"), 0xA00003u);
  EXPECT_EQ(n_number_to_icao("N1AB"), 0xA00004u);
  EXPECT_EQ(n_number_to_icao("N1B"), 0xA0001Bu);  // after N1A and its 24 two-letter suffixes
  EXPECT_EQ(n_number_to_icao("N10"), 0xA0025Au);  // after N1's 600 letter suffixes
  EXPECT_EQ(n_number_to_icao("N99999"), 0xADF7C7u);
  // The real adsb.lol sample: address ac671b, registered N899DN in its trace file.
  EXPECT_EQ(n_number_to_icao("N899DN"), 0xAC671Bu);
  EXPECT_EQ(icao_to_n_number(0xAC671B), "N899DN");
  EXPECT_EQ(n_number_to_icao("n1a"), 0xA00002u);  // case does not matter
  EXPECT_EQ(n_number_to_icao("1A"), 0xA00002u);   // nor the N
  EXPECT_EQ(icao_to_n_number(0xA00001), "N1");
  EXPECT_EQ(icao_to_n_number(0xADF7C7), "N99999");
}

TEST(NNumber, MalformedRegistrationsAreRefused) {
  for (const char* bad : {"", "N", "N0", "N01", "N123456", "N1I", "N1O", "N12A3", "N1234AB",
                          "N12345A", "N1ABC", "NA1", "N1-A", "G-ABCD"})
    EXPECT_FALSE(n_number_to_icao(bad)) << bad;
  EXPECT_FALSE(icao_to_n_number(0xA00000));
  EXPECT_FALSE(icao_to_n_number(0xADF7C8));
  EXPECT_FALSE(icao_to_n_number(0x780000));
}

// Every address of the block gives a well-formed N-number that gives the
// address back.
TEST(NNumber, EveryAddressRoundTrips) {
  for (std::uint32_t a = kFirstNAddress; a <= kLastNAddress; ++a) {
    const auto n = icao_to_n_number(a);
    ASSERT_TRUE(n) << std::hex << a;
    ASSERT_LE(n->size(), 6u);
    ASSERT_EQ(n_number_to_icao(*n), a) << *n;
    std::size_t letters = 0;  // letters only at the end, at most two
    for (std::size_t i = 1; i < n->size(); ++i) {
      if (std::isalpha(static_cast<unsigned char>((*n)[i])))
        ++letters;
      else
        ASSERT_EQ(letters, 0u) << *n;
    }
    ASSERT_LE(letters, 2u) << *n;
  }
}

// Every well-formed N-number, written out independently of the converter,
// has its own address in the block, and together they fill it.
TEST(NNumber, EveryNNumberHasItsOwnAddress) {
  const std::string letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::vector<bool> used(kLastNAddress - kFirstNAddress + 1, false);
  std::size_t count = 0;
  auto take = [&](const std::string& n) {
    const auto a = n_number_to_icao(n);
    ASSERT_TRUE(a) << n;
    ASSERT_GE(*a, kFirstNAddress);
    ASSERT_LE(*a, kLastNAddress);
    ASSERT_FALSE(used[*a - kFirstNAddress]) << n;
    used[*a - kFirstNAddress] = true;
    ++count;
  };
  for (int first = 1; first <= 9; ++first) {
    for (int extra = 0; extra <= 4; ++extra) {
      int limit = 1;
      for (int k = 0; k < extra; ++k) limit *= 10;
      for (int rest = 0; rest < limit; ++rest) {
        std::string digits = "N" + std::to_string(first);
        const std::string tail = std::to_string(rest);
        if (extra > 0)
          digits += std::string(static_cast<std::size_t>(extra) - tail.size(), '0') + tail;
        take(digits);
        const std::size_t room = 6 - digits.size();
        for (std::size_t i = 0; room >= 1 && i < letters.size(); ++i) {
          take(digits + letters[i]);
          for (std::size_t j = 0; room >= 2 && j < letters.size(); ++j)
            take(digits + letters[i] + letters[j]);
        }
      }
    }
  }
  EXPECT_EQ(count, used.size());
}

}  // namespace
}  // namespace skywitness::registry

namespace skywitness::registry {
namespace {

const AddressBlocks& blocks() {
  static const AddressBlocks b = [] {
    std::string error;
    auto loaded = AddressBlocks::load_bundled(error);
    if (!loaded) ADD_FAILURE() << error;
    return loaded ? *loaded : AddressBlocks{};
  }();
  return b;
}

TEST(AddressBlocks, StatesOfKnownAddresses) {
  EXPECT_EQ(blocks().country(0xAC671B), "US");  // N899DN, the real adsb.lol sample
  EXPECT_EQ(blocks().country(0x406B90), "GB");  // the readsb sample, easyJet EZY85MH: a UK address
  EXPECT_EQ(blocks().country(0x780000), "CN");
  EXPECT_EQ(blocks().country(0x7BFFFF), "CN");
  EXPECT_EQ(blocks().country(0x0B4000), "GT");
  EXPECT_EQ(blocks().country(0x0BA000), "HN");
  EXPECT_EQ(blocks().country(0x0D0000), "MX");
  EXPECT_EQ(blocks().country(0x718000), "KR");
  EXPECT_EQ(blocks().country(0xC00000), "CA");
}

TEST(AddressBlocks, AStateBlockInsideItsRegionsReserveWins) {
  // Albania's block lies inside the EUR/NAT reserve 500000-5FFFFF.
  const auto* albania = blocks().find(0x501000);
  ASSERT_NE(albania, nullptr);
  EXPECT_EQ(albania->country, "AL");
  const auto* reserve = blocks().find(0x5FF000);
  ASSERT_NE(reserve, nullptr);
  EXPECT_EQ(reserve->country, "");
  EXPECT_NE(reserve->name.find("Unassigned"), std::string::npos);
  // The answer for every address equals a scan for the narrowest block.
  for (std::uint32_t a = 0; a <= 0xFFFFFF; a += 0x3F1) {
    const AddressBlock* want = nullptr;
    for (const auto& b : blocks().blocks())
      if (b.start <= a && a <= b.end && (!want || b.end - b.start < want->end - want->start))
        want = &b;
    ASSERT_EQ(blocks().find(a), want) << std::hex << a;
  }
}

TEST(AddressBlocks, TableIsCompleteAndWellFormed) {
  std::set<std::string> states;
  for (const auto& b : blocks().blocks()) {
    ASSERT_LE(b.start, b.end);
    if (!b.country.empty()) {
      EXPECT_EQ(b.country.size(), 2u);
      states.insert(b.country);
    }
  }
  EXPECT_EQ(blocks().blocks().size(), 200u);
  EXPECT_EQ(states.size(), 187u);  // one block per State
}

TEST(AddressBlocks, BadFilesAreRefusedWithTheirLine) {
  const std::string path = ::testing::TempDir() + "/blocks.csv";
  std::ofstream(path) << "start,end,country,name\n780000,7bffff,CN,\"China\"\n7c0000,zz,AU,x\n";
  std::string error;
  EXPECT_FALSE(AddressBlocks::load(path, error));
  EXPECT_NE(error.find("blocks.csv:3:"), std::string::npos) << error;
}

}  // namespace
}  // namespace skywitness::registry

namespace skywitness::registry {
namespace {

TEST(Seats, TheFleetOfTheStoryAndEverySimulatedType) {
  std::string error;
  const auto seats = SeatTable::load_bundled(error);
  ASSERT_TRUE(seats) << error;
  ASSERT_NE(seats->find("GLF5"), nullptr);
  EXPECT_EQ(seats->find("GLF5")->seats, 14);
  EXPECT_EQ(seats->find("a320")->seats, 180);  // designators are case-insensitive
  EXPECT_EQ(seats->find("A321")->seats, 183);
  EXPECT_EQ(seats->find("B738")->seats, 189);
  EXPECT_EQ(seats->find("XXXX"), nullptr);
  // Every type the simulator flies has an estimate, within its range.
  for (const char* t : {"A319", "A320", "A321", "B737", "B738", "B739", "MD83", "E145", "CRJ9",
                        "GLF5", "GLF4", "B763", "B77W", "A333"}) {
    const auto* e = seats->find(t);
    ASSERT_NE(e, nullptr) << t;
    EXPECT_LE(e->min, e->seats) << t;
    EXPECT_LE(e->seats, e->max) << t;
  }
}

TEST(Seats, BadFilesAreRefusedWithTheirLine) {
  const std::string path = ::testing::TempDir() + "/seats.csv";
  std::string error;
  std::ofstream(path)
      << "type,seats,min,max,name\nA320,180,150,186,Airbus A320\nB738,200,162,189,x\n";
  EXPECT_FALSE(SeatTable::load(path, error));
  EXPECT_NE(error.find("seats.csv:3:"), std::string::npos) << error;
  std::ofstream(path) << "type,seats,min,max,name\nA320,180,150,186,a\nA320,180,150,186,b\n";
  EXPECT_FALSE(SeatTable::load(path, error));
  EXPECT_NE(error.find("twice"), std::string::npos) << error;
}

}  // namespace
}  // namespace skywitness::registry

namespace skywitness::registry {
namespace {

struct Read {
  std::vector<AircraftRecord> records;
  std::vector<std::uint64_t> bad_lines;
  DbFormat format = DbFormat::kUnknown;
  bool ok = false;
};

Read read(const std::string& file) {
  Read r;
  FunctionReporter errors([&](const Error& e) { r.bad_lines.push_back(e.where.line); });
  AircraftDbReader reader([&](const AircraftRecord& a) { r.records.push_back(a); }, errors);
  r.ok = reader.read_file(std::string(SKYWITNESS_TEST_DATA) + "/registry/" + file);
  r.format = reader.format();
  return r;
}

TEST(AircraftDb, FaaMasterChecksTheAddressAgainstTheNNumber) {
  const auto r = read("MASTER.txt");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.format, DbFormat::kFaaMaster);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].icao, 0xAC671Bu);
  EXPECT_EQ(r.records[0].registration, "N899DN");
  EXPECT_EQ(r.records[0].owner, "DELTA AIR LINES INC");  // padding trimmed
  EXPECT_EQ(r.records[1].registration, "N1");
  // Line 5's address is not its N-number's; line 6 has a letter O.
  EXPECT_EQ(r.bad_lines, (std::vector<std::uint64_t>{5, 6}));
}

TEST(AircraftDb, Tar1090Csv) {
  const auto r = read("aircraft.csv");
  EXPECT_EQ(r.format, DbFormat::kTar1090);
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[1].icao, 0xA3E6DBu);
  EXPECT_EQ(r.records[1].type, "GLF5");
  EXPECT_EQ(r.records[1].description, "GULFSTREAM AEROSPACE G-V");
  EXPECT_EQ(r.records[1].operator_name, "EXAMPLE CHARTER");
  EXPECT_EQ(r.bad_lines, (std::vector<std::uint64_t>{4}));
}

TEST(AircraftDb, OpenskyCsvWithSingleQuotesAndCommasInsideThem) {
  const auto r = read("aircraftDatabase.csv");
  EXPECT_EQ(r.format, DbFormat::kOpensky);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].icao, 0xA8F007u);
  EXPECT_EQ(r.records[0].registration, "N807SK");
  EXPECT_EQ(r.records[0].type, "GLF5");
  EXPECT_EQ(r.records[0].operator_name, "Example Air, Charter Division");
  EXPECT_EQ(r.records[0].description, "Gulfstream Aerospace G-V");
  EXPECT_EQ(r.records[2].registration, "G-EZUI");
  EXPECT_EQ(r.bad_lines, (std::vector<std::uint64_t>{5, 6}));  // a 5-digit address; an open quote
}

TEST(AircraftDb, UnknownFormatIsRefused) {
  Read r;
  FunctionReporter errors([&](const Error& e) { r.bad_lines.push_back(e.where.line); });
  AircraftDbReader reader([&](const AircraftRecord& a) { r.records.push_back(a); }, errors);
  EXPECT_FALSE(reader.read_text("hello,world\n1,2\n", "x.csv"));
  EXPECT_TRUE(r.records.empty());
  EXPECT_EQ(r.bad_lines, (std::vector<std::uint64_t>{1}));
}

}  // namespace
}  // namespace skywitness::registry

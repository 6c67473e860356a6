#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/coverage.hpp"
#include "skywitness/core/frame.hpp"
#include "skywitness/core/message.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/geo/airport_index.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/modes/decode.hpp"
#include "skywitness/sim/simulator.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::test {

inline Frame frame_from_hex(std::string_view hex) {
  Frame f;
  auto val = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    f.bytes[i / 2] = static_cast<std::uint8_t>(val(hex[i]) << 4 | val(hex[i + 1]));
  f.len = static_cast<std::uint8_t>(hex.size() / 2);
  return f;
}

inline Message decode_hex(std::string_view hex,
                          modes::DecodeStatus expect = modes::DecodeStatus::kOk) {
  Message m;
  EXPECT_EQ(modes::decode(frame_from_hex(hex), m), expect) << hex;
  return m;
}

// The bundled airport table, loaded once for all tests.
inline const geo::Airports& bundled_airports() {
  static const geo::Airports airports = [] {
    std::string error;
    auto loaded = geo::Airports::load_bundled(error);
    if (!loaded) ADD_FAILURE() << error;
    return loaded ? *loaded : geo::Airports{};
  }();
  return airports;
}

// An index over it, built once.
inline const geo::AirportIndex& bundled_index() {
  static const geo::AirportIndex index(bundled_airports());
  return index;
}

// Collects what a framer hands over.
struct CollectingSink : framing::FrameSink {
  std::vector<Frame> frames;
  std::vector<Message> messages;
  struct Reported {
    framing::Fault fault;
    std::uint64_t line, offset;  // offset 0 when the error has none
    std::string detail;
    skywitness::Error error;  // as the framer reported it
  };
  std::vector<Reported> errors;
  Frame current;
  Frame& begin_frame() override { return current = Frame{}; }
  void end_frame() override { frames.push_back(current); }
  void on_message(const Message& m) override { messages.push_back(m); }
  void on_error(const skywitness::Error& e) override {
    const auto fault = framing::parse_fault(e.code);
    EXPECT_TRUE(fault) << "a framer reported an error without a fault: " << e.to_string();
    errors.push_back({fault.value_or(framing::Fault::kCount), e.where.line,
                      e.where.offset.value_or(0), e.message, e});
  }
};

// A fresh folder under the system's temporary folder, removed at the end of
// the test; `tag` names it ("skywitness-TAG-PID-N").
struct TempDir {
  explicit TempDir(const std::string& tag = "test") {
    static int n = 0;
    path = (std::filesystem::temp_directory_path() /
            ("skywitness-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++)))
               .string();
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Writes `text` to the file `name` in it; returns the file's path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = path + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string path;
};

// Data that covers every moment until `end`: for timelines built by hand,
// where no input says what it covers.
inline std::vector<TimeSpan> covered_until(double end) {
  return {{0, end}};
}

// A whole file's bytes; empty when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Runs SQL on a database file behind the store's back (to age or damage
// it); the result code, SQLITE_OK when it went through.
inline int sqlite_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path.c_str(), &db);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

// The first column of the first row of a query on a database file, as text.
inline std::string sqlite_value(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

// Opens (or creates) a store, failing the test with the reason when it cannot.
// The rows of each query, as text ("a|b|\n", "--" after each query): a
// database's content to compare with another's.
inline std::string sqlite_rows(const std::string& path,
                               std::initializer_list<const char*> queries) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  for (const char* sql : queries) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (s && sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* t = sqlite3_column_text(s, c);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(s);
    out += "--\n";
  }
  sqlite3_close(db);
  return out;
}

inline std::unique_ptr<store::Store> open_db(const std::string& path) {
  std::string error;
  auto db = store::Store::open(path, error);
  EXPECT_TRUE(db) << error;
  return db;
}

// Simulates a scenario (built-in, or a file) into `dir`, writing `formats`,
// with `background_per_day` background flights beside its watched aircraft;
// returns the plan, the ground truth.
inline sim::Plan simulate_scenario(const std::string& name, const std::string& dir,
                                   unsigned formats, double background_per_day) {
  sim::Plan plan;
  std::string error;
  auto sc = sim::load_scenario(name, error);
  EXPECT_TRUE(sc) << error;
  if (!sc) return plan;
  sc->background.flights_per_day = background_per_day;
  sim::SimOptions opt;
  opt.out_dir = dir;
  opt.formats = formats;
  sim::SimSummary sum;
  EXPECT_TRUE(sim::simulate(*sc, bundled_airports(), opt, sum, error, &plan)) << error;
  return plan;
}

// The same with the watched aircraft only (no background traffic).
inline sim::Plan simulate_watched(const std::string& name, const std::string& dir,
                                  unsigned formats) {
  return simulate_scenario(name, dir, formats, 0);
}

// A scenario's watched aircraft simulated (readsb traces) and ingested into
// a database in a temporary folder, removed with it.
struct IngestedScenario {
  std::string dir;
  sim::Plan plan;
  std::unique_ptr<store::Store> db;
  IngestedScenario() = default;
  IngestedScenario(const IngestedScenario&) = delete;
  IngestedScenario& operator=(const IngestedScenario&) = delete;
  ~IngestedScenario() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
};

// The same for a scenario given as a value (a built-in one changed by the test).
inline std::unique_ptr<IngestedScenario> simulate_and_ingest(sim::Scenario sc,
                                                             const std::string& tag,
                                                             std::uint64_t seed = 1) {
  auto out = std::make_unique<IngestedScenario>();
  out->dir = (std::filesystem::temp_directory_path() /
              ("skywitness-" + tag + "-" + std::to_string(::getpid()) + "-" + sc.name))
                 .string();
  std::string error;
  sc.background.flights_per_day = 0;
  sim::SimOptions opt;
  opt.out_dir = out->dir;
  opt.formats = sim::kOutTrace;
  opt.seed = seed;
  sim::SimSummary sum;
  EXPECT_TRUE(sim::simulate(sc, bundled_airports(), opt, sum, error, &out->plan)) << error;
  out->db = store::Store::open(out->dir + "/db.sqlite", error);
  EXPECT_TRUE(out->db) << error;
  if (out->db) ingest::ingest(*out->db, bundled_airports(), {out->dir + "/traces"}, "test", {});
  return out;
}

inline std::unique_ptr<IngestedScenario> simulate_and_ingest(const std::string& name,
                                                             const std::string& tag) {
  auto out = std::make_unique<IngestedScenario>();
  out->dir = (std::filesystem::temp_directory_path() /
              ("skywitness-" + tag + "-" + std::to_string(::getpid()) + "-" +
               std::filesystem::path(name).stem().string()))
                 .string();
  out->plan = simulate_watched(name, out->dir, sim::kOutTrace);
  std::string error;
  out->db = store::Store::open(out->dir + "/db.sqlite", error);
  EXPECT_TRUE(out->db) << error;
  if (out->db) ingest::ingest(*out->db, bundled_airports(), {out->dir + "/traces"}, "test", {});
  return out;
}

}  // namespace skywitness::test

// Issue 17, error paths of the store and of ingest: a damaged chunk, a write
// that fails inside a transaction, a database that is not skywitness's, one
// that refuses writes, and a disk that fills up. Each is a clear error that
// names the file (and the chunk, aircraft or input), never a crash, and the
// database is left consistent. The command-line side is in
// tests/cli/errors_cli_test.sh.
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "skywitness/ingest/ingest.hpp"
#include "skywitness/store/store.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using test::open_db;
using test::TempDir;

namespace fs = std::filesystem;

constexpr std::uint32_t k406b90 = 0x406b90;  // real sample, gzip trace, 1 leg
constexpr std::uint32_t kA8f0ff = 0xa8f0ff;  // tests/data/sim/mini.json, 1 leg
constexpr std::uint32_t kAc671b = 0xac671b;  // real adsb.lol sample, 4 legs

// Rows of a query on a connection of the test's own (as the sqlite3 shell
// would see the file), columns separated by '|', rows by '\n'.
std::string query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(
      sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
      SQLITE_OK);
  std::string out;
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db) << ": " << sql;
  int rc = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (!out.empty()) out += '\n';
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      const auto* t = sqlite3_column_text(s, c);
      if (c) out += '|';
      out += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
  }
  EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db) << ": " << sql;
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

std::string integrity(const std::string& db_path) {
  return query(db_path, "PRAGMA integrity_check");
}

// Everything ingest derives from positions: legs, stops and what is known of
// each aircraft (not the runs, errors or chunk ids).
std::string legs_dump(const std::string& db_path) {
  return query(db_path,
               "SELECT printf('%06x', icao), callsign, origin, origin_how, takeoff_time, "
               "destination, destination_how, landing_time, positions, track FROM legs ORDER BY "
               "icao, takeoff_time") +
         "\n--\n" +
         query(db_path, "SELECT icao, from_time, to_time FROM stops ORDER BY icao, from_time");
}

// The whole state of the positions: inputs, parts, chunks and aircraft.
std::string store_dump(const std::string& db_path) {
  return query(db_path,
               "SELECT path, kind, size, status, positions, errors FROM inputs ORDER BY path") +
         "\n--\n" +
         query(db_path,
               "SELECT i.path, c.part, c.icao, c.t0, c.t1, c.n, hex(c.data) FROM chunks c JOIN "
               "inputs i ON i.id = c.input ORDER BY 1, 2, 3, 4") +
         "\n--\n" +
         query(db_path,
               "SELECT icao, dirty, positions, rejected, first_seen, last_seen, registration, "
               "type FROM aircraft ORDER BY icao") +
         "\n--\n" + legs_dump(db_path);
}

std::string file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

ingest::IngestResult run_ingest(const std::string& db_path, const std::vector<std::string>& paths,
                                ingest::IngestOptions opt = {}) {
  auto db = open_db(db_path);
  if (!db) return {};
  return ingest::ingest(*db, test::bundled_airports(), paths, "test", opt);
}

// Sets a file's modification time later, as a rewritten input would have.
void touch_later(const std::string& path) {
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(10));
}

// Three trace files of three aircraft in one folder, read in this order:
// 406b90 and ac671b (real, gzip) around the simulated a8f0ff.
struct ThreeTraces {
  TempDir dir{"errors"};
  std::string traces = dir.path + "/traces";
  std::string a8f0ff = traces + "/trace_full_a8f0ff.json";
  ThreeTraces() {
    fs::create_directories(traces);
    const std::string data = SKYWITNESS_TEST_DATA;
    fs::copy_file(data + "/readsb-406b90/trace_full_406b90.json.gz",
                  traces + "/trace_full_406b90.json.gz");
    fs::copy_file(data + "/trace_full_ac671b.json.gz", traces + "/trace_full_ac671b.json.gz");
    test::simulate_watched(data + "/sim/mini.json", dir.path + "/sim", sim::kOutTrace);
    fs::copy_file(dir.path + "/sim/traces/2024/03/01/traces/ff/trace_full_a8f0ff.json", a8f0ff);
  }
};

// Makes every write of one aircraft's rows fail inside SQLite, as a full
// disk or a broken file would make that statement fail.
void fail_writes(const std::string& db_path, const char* table, std::uint32_t icao) {
  query(db_path, fmt::format("CREATE TRIGGER injected_{0} BEFORE INSERT ON {0} WHEN NEW.icao = {1} "
                             "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                             table, icao));
}

std::vector<Position> sample_positions(std::size_t n) {
  std::vector<Position> out(n);
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < n; ++i) {
    auto& p = out[i];
    p.icao = kA8f0ff;
    p.t = 1.7e9 + static_cast<double>(i) * 5;
    p.lat = 29 + u(rng);
    p.lon = -98 + u(rng);
    p.alt_baro = static_cast<std::int32_t>(u(rng) * 40000);
    p.gs = static_cast<float>(std::round(u(rng) * 5000) / 10);
    p.track = static_cast<float>(std::round(u(rng) * 36000) / 100);
    p.has = Position::kAlt;
    std::memcpy(p.callsign.data(), "GXA1411 ", 8);
  }
  return out;
}

// ---------------------------------------------------------------- chunks

// Without a checksum most flipped bits of the compressed data decoded,
// without an error, into other positions: one leg of the mini scenario
// became up to 44 legs and 39 unobserved stops.
TEST(DamagedChunk, EveryFlippedBitAndEveryCutIsRefusedOrChangesNothing) {
  const auto blob = store::encode_chunk(sample_positions(60));
  ASSERT_FALSE(blob.empty());
  std::vector<std::string> accepted;
  for (std::size_t i = 0; i < blob.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = blob;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      std::vector<Position> out;
      // A bit that no decoder reads (zstd has a few) may flip: the positions
      // are the same, which encoding them again shows.
      if (store::decode_chunk(bad, kA8f0ff, out) && store::encode_chunk(out) != blob)
        accepted.push_back(fmt::format("{}.{}", i, bit));
    }
  EXPECT_TRUE(accepted.empty()) << accepted.size() << " of " << blob.size() * 8
                                << " one-bit flips decoded into other positions, at byte.bit "
                                << fmt::format("{}", fmt::join(accepted, " "));
  for (std::size_t n = 0; n < blob.size(); ++n) {
    std::vector<Position> out;
    EXPECT_FALSE(store::decode_chunk(blob.substr(0, n), kA8f0ff, out)) << "cut at " << n;
  }
}

// Databases written before chunks had checksums stay readable.
TEST(DamagedChunk, AChunkWrittenWithoutAChecksumIsStillRead) {
  const auto in = sample_positions(50);
  const auto blob = store::encode_chunk(in);
  std::string raw(in.size() * 40, '\0');
  ASSERT_EQ(ZSTD_decompress(raw.data(), raw.size(), blob.data() + 8, blob.size() - 8), raw.size());
  std::string old(8 + ZSTD_compressBound(raw.size()), '\0');
  std::memcpy(old.data(), "SWC1", 4);
  std::memcpy(old.data() + 4, blob.data() + 4, 4);
  const auto z = ZSTD_compress(old.data() + 8, old.size() - 8, raw.data(), raw.size(), 1);
  ASSERT_FALSE(ZSTD_isError(z));
  old.resize(8 + z);
  std::vector<Position> from_old, from_new;
  ASSERT_TRUE(store::decode_chunk(old, kA8f0ff, from_old));
  ASSERT_TRUE(store::decode_chunk(blob, kA8f0ff, from_new));
  ASSERT_EQ(from_old.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(from_old[i].t, from_new[i].t);
    EXPECT_EQ(from_old[i].lat, from_new[i].lat);
    EXPECT_EQ(from_old[i].alt_baro, from_new[i].alt_baro);
  }
}

// A chunk damaged in the database (a bad sector, a careless UPDATE): the
// next ingest that rebuilds the aircraft stops with an error naming the
// database, the chunk, the aircraft and the input its positions came from,
// keeps the legs it had, and touching that input repairs the chunk.
TEST(DamagedChunk, ReingestNamesTheChunkItsAircraftAndInputAndKeepsTheLegs) {
  ThreeTraces in;
  const std::string db_path = in.dir.path + "/db.sqlite";
  const std::string copy = in.dir.path + "/copy/trace_full_a8f0ff.json";
  fs::create_directories(in.dir.path + "/copy");
  fs::copy_file(in.a8f0ff, copy);
  ASSERT_EQ(run_ingest(db_path, {in.a8f0ff}).fatal, "");
  const auto legs_before = legs_dump(db_path);
  ASSERT_EQ(query(db_path, "SELECT count(*) FROM legs"), "1");
  const auto chunk = query(db_path, "SELECT id FROM chunks");
  ASSERT_EQ(chunk, "1");

  {  // flip one byte in the middle of the chunk, as another program would
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT data FROM chunks WHERE id=1", -1, &s, nullptr);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    std::string data(static_cast<const char*>(sqlite3_column_blob(s, 0)),
                     static_cast<std::size_t>(sqlite3_column_bytes(s, 0)));
    sqlite3_finalize(s);
    data[data.size() / 2] = static_cast<char>(data[data.size() / 2] ^ 0x10);
    sqlite3_prepare_v2(db, "UPDATE chunks SET data=? WHERE id=1", -1, &s, nullptr);
    sqlite3_bind_blob(s, 1, data.data(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    sqlite3_close(db);
  }

  // The store's own reader says what is wrong and where.
  {
    auto db = open_db(db_path);
    try {
      db->positions(kA8f0ff);
      ADD_FAILURE() << "a damaged chunk was read";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()),
                fmt::format("{}: chunk 1 of aircraft a8f0ff is damaged (positions from {}); touch "
                            "that input and ingest it again to replace them",
                            fs::weakly_canonical(db_path).string(),
                            fs::absolute(in.a8f0ff).lexically_normal().string()));
    }
    EXPECT_EQ(db->legs({}).size(), 1u);  // readers of legs do not read chunks
  }

  // Another input of the same aircraft makes the next ingest rebuild it.
  const auto r = run_ingest(db_path, {copy});
  EXPECT_NE(r.fatal.find(fs::weakly_canonical(db_path).string() +
                         ": chunk 1 of aircraft a8f0ff is damaged (positions from " +
                         fs::absolute(in.a8f0ff).lexically_normal().string() + ")"),
            std::string::npos)
      << r.fatal;
  EXPECT_EQ(integrity(db_path), "ok");
  EXPECT_EQ(legs_dump(db_path), legs_before);
  EXPECT_EQ(query(db_path, "SELECT dirty FROM aircraft WHERE icao=11071743"), "1");
  EXPECT_EQ(query(db_path, "SELECT status FROM runs ORDER BY id"), "complete\nfailed");
  // The copy's positions were committed before the rebuild and stay.
  EXPECT_EQ(query(db_path, "SELECT status, positions FROM inputs WHERE path LIKE '%/copy/%'"),
            "complete|250");

  // The way out the message gives.
  touch_later(in.a8f0ff);
  const auto repaired = run_ingest(db_path, {in.a8f0ff, copy});
  EXPECT_EQ(repaired.fatal, "");
  EXPECT_EQ(repaired.counts.aircraft_rebuilt, 1u);
  EXPECT_EQ(query(db_path, "SELECT dirty FROM aircraft WHERE icao=11071743"), "0");
  EXPECT_EQ(legs_dump(db_path), legs_before);
  EXPECT_EQ(integrity(db_path), "ok");
}

// ---------------------------------------------------------------- rollback

// A write that fails while an input is read (here the first chunk of the
// second input) rolls back that input whole: no input row, no chunk, no
// registration from it. What was committed before stays, with the mark that
// its aircraft needs legs; the next run completes the database into the one
// an uninterrupted run gives.
TEST(IngestRollback, AFailedWriteUndoesTheInputBeingReadAndTheNextRunCompletesIt) {
  ThreeTraces in;
  const std::string reference = in.dir.path + "/reference.sqlite";
  ASSERT_EQ(run_ingest(reference, {in.traces}).fatal, "");
  ASSERT_EQ(query(reference, "SELECT count(*) FROM legs"), "6");

  const std::string db_path = in.dir.path + "/db.sqlite";
  open_db(db_path);
  fail_writes(db_path, "chunks", kA8f0ff);
  ingest::IngestOptions opt;
  opt.commit_positions = 1;  // a commit after every input
  const auto r = run_ingest(db_path, {in.traces}, opt);
  EXPECT_NE(r.fatal.find("injected failure"), std::string::npos) << r.fatal;
  EXPECT_NE(r.fatal.find(fs::weakly_canonical(db_path).string() + ": "), std::string::npos)
      << r.fatal;
  EXPECT_EQ(integrity(db_path), "ok");
  EXPECT_EQ(query(db_path, "SELECT status FROM runs"), "failed");
  // 406b90 stays, complete or partial as the last commit left it (a partial
  // input is read again).
  EXPECT_EQ(query(db_path, "SELECT substr(path, length(path) - 24) FROM inputs"),
            "trace_full_406b90.json.gz");
  EXPECT_EQ(query(db_path, "SELECT DISTINCT icao FROM chunks"), std::to_string(k406b90));
  EXPECT_EQ(query(db_path, "SELECT icao, dirty, registration FROM aircraft"),
            std::to_string(k406b90) + "|1|");
  EXPECT_EQ(query(db_path, "SELECT count(*) FROM legs"), "0");

  query(db_path, "DROP TRIGGER injected_chunks");
  const auto rerun = run_ingest(db_path, {in.traces}, opt);
  EXPECT_EQ(rerun.fatal, "");
  EXPECT_EQ(store_dump(db_path), store_dump(reference));
}

// A write that fails while legs are replaced leaves the old legs, and the
// aircraft still marked for a rebuild; the next run rebuilds them.
TEST(IngestRollback, AFailureWhileReplacingLegsKeepsTheOldLegsAndTheMark) {
  ThreeTraces in;
  const std::string db_path = in.dir.path + "/db.sqlite";
  ASSERT_EQ(run_ingest(db_path, {in.traces}).fatal, "");
  const auto before = legs_dump(db_path);
  ASSERT_EQ(query(db_path, "SELECT count(*) FROM legs"), "6");

  fail_writes(db_path, "legs", kAc671b);
  for (const auto& e : fs::directory_iterator(in.traces)) touch_later(e.path().string());
  const auto r = run_ingest(db_path, {in.traces});
  EXPECT_NE(r.fatal.find("injected failure"), std::string::npos) << r.fatal;
  EXPECT_EQ(integrity(db_path), "ok");
  EXPECT_EQ(legs_dump(db_path), before);
  EXPECT_EQ(query(db_path, "SELECT dirty FROM aircraft WHERE icao=" + std::to_string(kAc671b)),
            "1");
  EXPECT_EQ(query(db_path, "SELECT count(*) FROM inputs WHERE status='complete'"), "3");
  EXPECT_EQ(query(db_path, "SELECT status FROM runs ORDER BY id"), "complete\nfailed");

  query(db_path, "DROP TRIGGER injected_legs");
  const auto rerun = run_ingest(db_path, {in.traces});
  EXPECT_EQ(rerun.fatal, "");
  EXPECT_EQ(query(db_path, "SELECT count(*) FROM aircraft WHERE dirty"), "0");
  EXPECT_EQ(legs_dump(db_path), before);
}

// ---------------------------------------------------------------- --db files

// Opening a database switched it to WAL and added skywitness's tables, so
// `skywitness flights --db` given another program's database changed it.
TEST(ForeignDatabase, AnotherProgramsDatabaseIsRefusedAndLeftByteForByte) {
  TempDir dir{"errors"};
  const std::string path = dir.path + "/notes.db";
  query(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)");
  query(path, "INSERT INTO notes(body) VALUES ('hello')");
  const auto before = file_bytes(path);
  std::string error;
  EXPECT_FALSE(store::Store::open(path, error));
  EXPECT_EQ(error, path +
                       ": not a skywitness database (it holds another program's tables: notes); "
                       "give --db a new file or one that skywitness ingest wrote");
  EXPECT_EQ(file_bytes(path), before);
  EXPECT_FALSE(fs::exists(path + "-wal"));
  // One that merely has a schema version is not taken for a skywitness one either.
  query(path, "PRAGMA user_version=2");
  const auto versioned = file_bytes(path);
  EXPECT_FALSE(store::Store::open(path, error));
  EXPECT_NE(error.find("not a skywitness database"), std::string::npos) << error;
  EXPECT_EQ(file_bytes(path), versioned);
}

TEST(ForeignDatabase, RandomBytesAreRefusedAsNoDatabaseAndLeftAsTheyWere) {
  TempDir dir{"errors"};
  const std::string path = dir.path + "/random.db";
  std::string bytes(8192, '\0');
  std::mt19937 rng(17);
  for (auto& c : bytes) c = static_cast<char>(rng());
  write_file(path, bytes);
  std::string error;
  EXPECT_FALSE(store::Store::open(path, error));
  EXPECT_EQ(error, fs::weakly_canonical(path).string() + ": file is not a database");
  EXPECT_EQ(file_bytes(path), bytes);
  EXPECT_FALSE(fs::exists(path + "-wal"));
}

TEST(ForeignDatabase, AnEmptyFileBecomesANewDatabase) {
  TempDir dir{"errors"};
  const std::string path = dir.path + "/empty.db";
  write_file(path, "");
  auto db = open_db(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schema_version(), store::Store::latest_schema_version());
}

// Errors that end an operation name the database they happened in.
TEST(ReadOnlyDatabase, AWriteRefusedBySQLiteNamesTheDatabase) {
  TempDir dir{"errors"};
  const std::string path = dir.path + "/db.sqlite";
  open_db(path);
  std::string error;
  auto db = store::Store::open(path, error, store::Store::Access::kReadOnly);
  ASSERT_TRUE(db) << error;
  try {
    db->begin_run("test");
    ADD_FAILURE() << "a write went through";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              fs::weakly_canonical(path).string() + ": attempt to write a readonly database");
  }
}

// ---------------------------------------------------------------- a full disk

// `skywitness decode` JSON Lines of 30 aircraft, random enough not to
// compress: about 8 MB, and over 2 MB of chunks.
std::string big_input(const std::string& dir) {
  const std::string path = dir + "/big.jsonl";
  std::ofstream f(path);
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 60000; ++i)
    f << fmt::format(
        "{{\"icao\":\"{:06x}\",\"t\":{:.3f},\"lat\":{:.6f},\"lon\":{:.6f},\"alt_baro\":{},"
        "\"on_ground\":false,\"gs\":{},\"track\":{}}}\n",
        0xa00001 + i / 2000, 1709254800 + i * 0.5 + u(rng), 30 + u(rng) * 5, -97 + u(rng) * 5,
        10000 + static_cast<int>(u(rng) * 20000), 300 + static_cast<int>(u(rng) * 100),
        static_cast<int>(u(rng) * 360));
  return path;
}

// What a database holds after the run that failed on it: the mini
// scenario's leg from before, nothing of the input that did not fit.
void expect_consistent_after_a_failed_run(const std::string& db_path, const std::string& big) {
  EXPECT_EQ(integrity(db_path), "ok");
  EXPECT_EQ(query(db_path, "SELECT printf('%06x', icao), origin, destination FROM legs"),
            "a8f0ff|KSAT|KHRL");
  EXPECT_EQ(query(db_path, "SELECT count(*) FROM inputs WHERE path = '" + big + "'"), "0");
  EXPECT_EQ(query(db_path, "SELECT count(*) FROM chunks WHERE icao <> 11071743"), "0");
  EXPECT_EQ(query(db_path, "SELECT count(*) FROM aircraft WHERE dirty"), "0");
  const auto status = query(db_path, "SELECT status FROM runs ORDER BY id");
  // The failed run is marked failed, or stays running when even that did not fit.
  EXPECT_TRUE(status == "complete\nfailed" || status == "complete\nrunning") << status;
}

struct Tmpfs {
  std::string path;
  bool mounted = false;
  std::string why;
  Tmpfs(const std::string& at, const char* options) : path(at) {
    fs::create_directories(path);
    mounted = ::mount("tmpfs", path.c_str(), "tmpfs", 0, options) == 0;
    if (!mounted) why = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted) ::umount2(path.c_str(), MNT_DETACH);
  }
};

TEST(FullDisk, IngestOntoAFullFilesystemStopsWithTheErrorAndKeepsTheDatabaseConsistent) {
  ThreeTraces in;
  Tmpfs disk(in.dir.path + "/disk", "size=1m");
  if (!disk.mounted)
    GTEST_SKIP() << "cannot mount a 1 MB tmpfs here (" << disk.why
                 << "): that takes root with CAP_SYS_ADMIN; the RLIMIT_FSIZE test covers the "
                    "failing writes";
  const std::string db_path = disk.path + "/db.sqlite";
  ASSERT_EQ(run_ingest(db_path, {in.a8f0ff}).fatal, "");
  const auto big = big_input(in.dir.path);
  const auto r = run_ingest(db_path, {big});
  EXPECT_EQ(r.fatal, fs::weakly_canonical(db_path).string() + ": database or disk is full");
  expect_consistent_after_a_failed_run(db_path, big);
}

// The same without a mount: a child whose files may not grow past 400 KB
// (RLIMIT_FSIZE, SIGXFSZ ignored so that writes fail with EFBIG).
TEST(FullDisk, IngestPastTheFileSizeLimitStopsWithTheErrorAndKeepsTheDatabaseConsistent) {
  ThreeTraces in;
  const std::string db_path = in.dir.path + "/db.sqlite";
  ASSERT_EQ(run_ingest(db_path, {in.a8f0ff}).fatal, "");
  const auto big = big_input(in.dir.path);
  test::bundled_airports();  // loaded before the limit, as the child shares it
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{400 * 1024, 400 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string error, fatal;
    if (auto db = store::Store::open(db_path, error)) {
      try {
        fatal = ingest::ingest(*db, test::bundled_airports(), {big}, "test", {}).fatal;
      } catch (const std::exception& e) {
        fatal = std::string("threw: ") + e.what();
      }
    } else {
      fatal = "open: " + error;
    }
    const auto written = ::write(fds[1], fatal.data(), fatal.size());
    ::_exit(written == static_cast<ssize_t>(fatal.size()) ? 0 : 3);
  }
  ::close(fds[1]);
  std::string fatal;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    fatal.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(fatal, fs::weakly_canonical(db_path).string() + ": disk I/O error");
  expect_consistent_after_a_failed_run(db_path, big);
}

}  // namespace
}  // namespace skywitness

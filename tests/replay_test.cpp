// `skywitness replay` over real loopback TCP: what a client reads is the
// input's frames, bytes and clocks, in order (Beast, AVR), the input's lines
// (SBS); several clients get the same bytes; a client that does not read is
// dropped without holding up the others; playback is paced by the frames'
// clock (a lower bound only: no upper-bound timing).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "skywitness/framing/formats.hpp"
#include "skywitness/replay/replay.hpp"
#include "skywitness/sim/scenario.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using replay::Output;
using replay::Recording;
using replay::Server;
using replay::ServerOptions;

// A client of the replay port on loopback.
class Client {
 public:
  // `rcvbuf` > 0: a small receive buffer, set before connecting (a client
  // that will not read takes little of what is sent).
  explicit Client(int port, int rcvbuf = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (rcvbuf > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    // No test may hang on a server that never ends.
    timeval tv{60, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  // Everything until the server closes the connection.
  std::string read_all() {
    std::string out;
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

// A server of a recording, listening on an ephemeral loopback port, run on
// its own thread.
class Running {
 public:
  Running(const Recording& r, ServerOptions o) : server_(r, adjust(std::move(o))) {
    std::string error;
    port_ = server_.listen(error);
    EXPECT_GT(port_, 0) << error;
    thread_ = std::thread([this] { ok_ = server_.run(error_); });
  }
  ~Running() { join(); }
  int port() const { return port_; }
  Server& server() { return server_; }
  // Waits for run() to end; its stats.
  const replay::ServeStats& join() {
    if (thread_.joinable()) thread_.join();
    EXPECT_TRUE(ok_) << error_;
    return server_.stats();
  }

 private:
  static ServerOptions adjust(ServerOptions o) {
    o.port = 0;
    return o;
  }
  Server server_;
  int port_ = -1;
  std::thread thread_;
  bool ok_ = false;
  std::string error_;
};

ServerOptions unpaced(std::size_t clients = 1) {
  ServerOptions o;
  o.speed = 0;
  o.start_clients = clients;
  return o;
}

test::CollectingSink frames_of(framing::Format format, const std::string& bytes) {
  test::CollectingSink sink;
  auto framer = framing::make_framer(format);
  framer->feed(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), sink);
  framer->finish(sink);
  return sink;
}

void expect_same_frames(const std::vector<Frame>& got, const std::vector<Frame>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].len, want[i].len) << "frame " << i;
    ASSERT_EQ(std::memcmp(got[i].bytes.data(), want[i].bytes.data(), want[i].len), 0)
        << "frame " << i;
    ASSERT_EQ(got[i].ticks, want[i].ticks) << "frame " << i;
    ASSERT_EQ(got[i].mlat, want[i].mlat) << "frame " << i;
  }
}

// A Beast file of `n` long frames, every `step_s` seconds of the 12 MHz
// clock from tick 1, some of whose bytes are 0x1a (escaped).
std::string beast_file(std::size_t n, double step_s) {
  std::string out;
  out.reserve(n * 26);
  for (std::size_t i = 0; i < n; ++i) {
    const auto ticks =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(i) * step_s * 12e6)) + 1;
    std::uint8_t body[6 + 1 + 14];
    for (int k = 0; k < 6; ++k) body[k] = static_cast<std::uint8_t>(ticks >> (8 * (5 - k)));
    body[6] = 0x1a;  // the signal byte, escaped
    body[7] = 0x8D;
    for (int k = 8; k < 21; ++k)
      body[k] = static_cast<std::uint8_t>(i * 7 + static_cast<std::size_t>(k));
    out += '\x1a';
    out += '3';
    for (std::uint8_t b : body) {
      out += static_cast<char>(b);
      if (b == 0x1a) out += static_cast<char>(b);
    }
  }
  return out;
}

// The mini scenario's frames and lines, simulated once for all tests.
class ReplayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir("replay");
    std::string error;
    auto s = sim::load_scenario(std::string(SKYWITNESS_TEST_DATA) + "/sim/mini.json", error);
    ASSERT_TRUE(s) << error;
    sim::SimOptions opt;
    opt.out_dir = dir_->path;
    opt.formats = sim::kOutAvr | sim::kOutBeast | sim::kOutSbs;
    sim::SimSummary sum;
    ASSERT_TRUE(sim::simulate(*s, test::bundled_airports(), opt, sum, error)) << error;
    ASSERT_GT(sum.frames, 1000u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string beast() { return dir_->path + "/frames.beast"; }
  static std::string avr() { return dir_->path + "/frames.avr"; }
  static std::string sbs() { return dir_->path + "/messages.sbs"; }

  static Recording load(Output out, const std::vector<std::string>& files) {
    Recording r(out);
    FunctionReporter errors([](const Error& e) { ADD_FAILURE() << e.to_string(); });
    for (const auto& f : files) {
      const Status st = r.add_file(f, errors);
      EXPECT_TRUE(st.ok()) << st.to_string();
    }
    return r;
  }

  // What one client reads of a recording served unpaced.
  static std::string serve_to_one(const Recording& r) {
    Running run(r, unpaced());
    Client c(run.port());
    EXPECT_TRUE(c.connected());
    std::string got = c.read_all();
    const auto& stats = run.join();
    EXPECT_EQ(stats.records_played, r.size());
    EXPECT_EQ(stats.clients, 1u);
    EXPECT_EQ(stats.clients_dropped, 0u);
    return got;
  }

  static test::TempDir* dir_;
};
test::TempDir* ReplayTest::dir_ = nullptr;

TEST_F(ReplayTest, BeastOutputIsTheBeastInputsFramesWithTheirClock) {
  const std::string input = test::read_file(beast());
  const Recording r = load(Output::kBeast, {beast()});
  const auto want = frames_of(framing::Format::kBeast, input);
  ASSERT_EQ(r.size(), want.frames.size());
  const std::string got = serve_to_one(r);
  const auto sent = frames_of(framing::Format::kBeast, got);
  EXPECT_TRUE(sent.errors.empty());
  expect_same_frames(sent.frames, want.frames);
  // The simulator's Beast, signal byte and all, comes out as it went in.
  EXPECT_EQ(got, input);
}

TEST_F(ReplayTest, AvrOutputKeepsTheClockOfAvrAndBeastInputs) {
  const auto want = frames_of(framing::Format::kAvr, test::read_file(avr())).frames;
  ASSERT_FALSE(want.empty());
  ASSERT_NE(want.front().ticks, 0u);
  const std::string from_avr = serve_to_one(load(Output::kAvr, {avr()}));
  expect_same_frames(frames_of(framing::Format::kAvr, from_avr).frames, want);
  EXPECT_EQ(from_avr, test::read_file(avr()));
  const std::string from_beast = serve_to_one(load(Output::kAvr, {beast()}));
  expect_same_frames(frames_of(framing::Format::kAvr, from_beast).frames, want);
}

TEST_F(ReplayTest, SbsOutputIsTheSbsInputLineForLine) {
  const std::string input = test::read_file(sbs());
  const Recording r = load(Output::kSbs, {sbs()});
  EXPECT_GT(r.size(), 1000u);
  EXPECT_EQ(serve_to_one(r), input);
}

TEST_F(ReplayTest, FilesArePlayedOneAfterAnotherEachFromTheEndOfTheLast) {
  const Recording one = load(Output::kBeast, {beast()});
  const Recording two = load(Output::kBeast, {beast(), beast()});
  ASSERT_EQ(two.size(), 2 * one.size());
  EXPECT_GT(one.duration_s(), 60);
  EXPECT_DOUBLE_EQ(two.due(one.size()), one.duration_s());
  EXPECT_NEAR(two.duration_s(), 2 * one.duration_s(), 1e-6);
  const auto want = frames_of(framing::Format::kBeast, test::read_file(beast())).frames;
  auto twice = want;
  twice.insert(twice.end(), want.begin(), want.end());
  expect_same_frames(frames_of(framing::Format::kBeast, serve_to_one(two)).frames, twice);
  // One file of both: its clock goes back half-way, and playback goes on from there.
  test::TempDir dir("replay-concat");
  const std::string input = test::read_file(beast());
  const Recording concatenated = load(Output::kBeast, {dir.write("both.beast", input + input)});
  ASSERT_EQ(concatenated.size(), 2 * one.size());
  EXPECT_NEAR(concatenated.duration_s(), 2 * one.duration_s(), 1e-6);
}

TEST_F(ReplayTest, WallClockTimesBecomeTicksFromTheFirstAndFramesWithoutAClockHaveNone) {
  test::TempDir dir("replay-csv");
  const std::string csv = dir.write("frames.csv",
                                    "timestamp,hex\n"
                                    "1717664319.0,8D406B902015A678D4D220AA4BDA\n"
                                    "1717664320.5,5D484FDEA248F5\n");
  const std::string hex = dir.write("frames.txt", "8D406B902015A678D4D220AA4BDA\n");
  const Recording beast = load(Output::kBeast, {csv, hex});
  const auto frames = frames_of(framing::Format::kBeast, std::string(beast.bytes())).frames;
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].ticks, 1u);
  EXPECT_EQ(frames[1].ticks, 18'000'001u);  // 1.5 s later
  EXPECT_EQ(frames[2].ticks, 0u);           // no clock: 0, Beast's "none"
  EXPECT_FLOAT_EQ(frames[0].rssi, 20.0f * std::log10(replay::kDefaultSignal / 255.0f));
  EXPECT_DOUBLE_EQ(beast.due(1), 1.5);
  EXPECT_DOUBLE_EQ(beast.due(2), 1.5);  // untimed: with the frame before
  const Recording avr = load(Output::kAvr, {csv, hex});
  EXPECT_EQ(std::string(avr.bytes()),
            "@0000000000018D406B902015A678D4D220AA4BDA;\n@00000112A8815D484FDEA248F5;\n"
            "*8D406B902015A678D4D220AA4BDA;\n");
}

TEST_F(ReplayTest, SbsInputForFrameOutputAndFramesForSbsOutputAreUsageErrorsNamingTheFile) {
  FunctionReporter none(nullptr);
  Recording frames(Output::kBeast);
  const Status a = frames.add_file(sbs(), none);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(a.error().where.file, sbs());
  EXPECT_NE(a.to_string().find("replay them as sbs"), std::string::npos) << a.to_string();
  EXPECT_TRUE(frames.empty());
  Recording lines(Output::kSbs);
  const Status b = lines.add_file(avr(), none);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind, ErrorKind::kUsage);
  EXPECT_NE(b.to_string().find(avr()), std::string::npos);
  EXPECT_TRUE(lines.empty());
}

TEST_F(ReplayTest, AFileThatCannotBeOpenedIsAnIoErrorNamingIt) {
  FunctionReporter none(nullptr);
  Recording r(Output::kBeast);
  const Status st = r.add_file(dir_->path + "/no-such-file.beast", none);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kIo);
  EXPECT_NE(st.to_string().find("no-such-file.beast"), std::string::npos) << st.to_string();
}

TEST_F(ReplayTest, BadLinesAreReportedWithFileAndLineAndSkipped) {
  test::TempDir dir("replay-bad");
  const std::string path = dir.write("bad.avr",
                                     "*8D406B902015A678D4D220AA4BDA;\n"
                                     "*8D406B90ZZ;\n"
                                     "*5D484FDEA248F5;\n");
  Recording r(Output::kAvr);
  std::vector<Error> errors;
  FunctionReporter keep([&](const Error& e) { errors.push_back(e); });
  ASSERT_TRUE(r.add_file(path, keep).ok());
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(r.bad_records(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.file, path);
  EXPECT_EQ(errors[0].where.line, 2u);
  EXPECT_EQ(errors[0].code, "bad_hex");
}

TEST_F(ReplayTest, TwoClientsGetTheSameBytes) {
  const Recording r = load(Output::kBeast, {beast()});
  Running run(r, unpaced(2));
  Client a(run.port()), b(run.port());
  std::string got_b;
  std::thread tb([&] { got_b = b.read_all(); });
  const std::string got_a = a.read_all();
  tb.join();
  const auto& stats = run.join();
  EXPECT_EQ(stats.clients, 2u);
  EXPECT_EQ(stats.clients_dropped, 0u);
  EXPECT_EQ(got_a.size(), r.bytes().size());
  EXPECT_TRUE(got_a == r.bytes());
  EXPECT_TRUE(got_b == got_a);
}

TEST_F(ReplayTest, AClientThatDoesNotReadIsDroppedAndTheOtherGetsEverything) {
  // More than the kernel's socket buffers hold for a client that reads nothing.
  test::TempDir dir("replay-stall");
  const std::string path = dir.write("big.beast", beast_file(600'000, 0.001));
  const Recording r = load(Output::kBeast, {path});
  ServerOptions o = unpaced(2);
  o.client_buffer = 256 << 10;
  std::vector<std::string> warnings;
  o.warn = [&](const std::string& w) { warnings.push_back(w); };
  Running run(r, o);
  Client reader(run.port()), stalled(run.port(), 4096);
  const std::string got = reader.read_all();
  const auto& stats = run.join();
  EXPECT_EQ(got.size(), r.bytes().size());
  EXPECT_TRUE(got == r.bytes());
  EXPECT_EQ(stats.clients, 2u);
  EXPECT_EQ(stats.clients_dropped, 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("does not read"), std::string::npos) << warnings[0];
}

TEST_F(ReplayTest, PlaybackIsPacedByTheFramesClockOverTheSpeed) {
  // 10 s of frames at speed 100: no less than 0.1 s (a lower bound only).
  test::TempDir dir("replay-pace");
  const std::string path = dir.write("ten.beast", beast_file(101, 0.1));
  const Recording r = load(Output::kBeast, {path});
  ASSERT_NEAR(r.duration_s(), 10.0, 1e-6);
  ServerOptions o;
  o.speed = 100;
  Running run(r, o);
  const auto t0 = std::chrono::steady_clock::now();
  Client c(run.port());
  const std::string got = c.read_all();
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.join();
  EXPECT_TRUE(got == r.bytes());
  EXPECT_GE(took, 0.09);
}

TEST_F(ReplayTest, StartingAtOnceWithNoClientPlaysThroughUnpaced) {
  const Recording r = load(Output::kBeast, {beast()});
  Running run(r, unpaced(0));
  const auto& stats = run.join();
  EXPECT_EQ(stats.records_played, r.size());
  EXPECT_EQ(stats.clients, 0u);
  EXPECT_FALSE(stats.stopped);
}

TEST_F(ReplayTest, StopEndsAServerWaitingForItsFirstClient) {
  const Recording r = load(Output::kBeast, {beast()});
  Running run(r, ServerOptions{});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  run.server().stop();
  const auto& stats = run.join();
  EXPECT_TRUE(stats.stopped);
  EXPECT_EQ(stats.records_played, 0u);
}

TEST_F(ReplayTest, ListensOnlyWhereItIsToldAndSaysTheAddress) {
  const Recording r = load(Output::kBeast, {beast()});
  ServerOptions o;
  o.port = 0;
  Server s(r, o);
  std::string error;
  const int port = s.listen(error);
  ASSERT_GT(port, 0) << error;
  EXPECT_EQ(s.address(), fmt::format("127.0.0.1:{}", port));
  // Taken: the second bind fails, saying where.
  o.port = port;
  Server again(r, o);
  EXPECT_LT(again.listen(error), 0);
  EXPECT_NE(error.find(fmt::format("127.0.0.1:{}", port)), std::string::npos) << error;
  o.host = "";
  Server nowhere(r, o);
  EXPECT_LT(nowhere.listen(error), 0);
}

}  // namespace
}  // namespace skywitness

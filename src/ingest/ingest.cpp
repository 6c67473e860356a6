#include "skywitness/ingest/ingest.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <span>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "inputs.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/flights/simplify.hpp"
#include "skywitness/geo/airport_index.hpp"
#include "skywitness/io/source.hpp"
#include "skywitness/tracks/aircraft_json.hpp"
#include "skywitness/tracks/opensky_csv.hpp"
#include "skywitness/tracks/readsb_trace.hpp"

namespace skywitness::ingest {
namespace {

namespace fs = std::filesystem;
using store::InputState;
using Clock = std::chrono::steady_clock;

struct Input {
  InputKind kind = InputKind::kUnknown;
  std::string key;                 // what the store knows it by
  std::vector<std::string> files;  // one, or the parts of a split tar in order
  std::string why;                 // kUnknown: what the file is instead, in words
  bool unreadable = false;         // kUnknown: it could not even be opened
  std::int64_t size = 0, mtime = 0;
};

std::int64_t mtime_of(const std::string& path, std::int64_t& size) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  size = st.st_size;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// "trace_full_<hex>.json[.gz]" -> the address, from a file or member name.
std::optional<std::uint32_t> trace_address(std::string_view name) {
  const auto slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string_view prefix = "trace_full_";
  if (!name.starts_with(prefix)) {
    prefix = "trace_recent_";
    if (!name.starts_with(prefix)) return std::nullopt;
  }
  name.remove_prefix(prefix.size());
  if (name.size() > 0 && name[0] == '~') name.remove_prefix(1);  // non-ICAO address
  std::uint32_t a = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), a, 16);
  if (ec != std::errc{} || end - name.data() != 6) return std::nullopt;
  return a;
}

// A split tar's parts: "X.tar.aa", "X.tar.ab", ... -> "X.tar" (split(1) names).
std::optional<std::string> split_tar_stem(const std::string& path) {
  const auto dot = path.rfind('.');
  if (dot == std::string::npos || !std::string_view(path).substr(0, dot).ends_with(".tar"))
    return std::nullopt;
  const std::string_view suffix = std::string_view(path).substr(dot + 1);
  // A whole compressed tar is one archive, found by its content.
  if (suffix.size() < 2 || suffix.size() > 3 || suffix == "gz" || suffix == "xz" || suffix == "zst")
    return std::nullopt;
  for (char c : suffix)
    if (c < 'a' || c > 'z') return std::nullopt;
  return path.substr(0, dot);
}

// Listens only for the framer's verdict on the format of the first bytes.
class FormatProbe final : public framing::FrameSink {
 public:
  Frame& begin_frame() override {
    frame_ = Frame{};
    return frame_;
  }
  void end_frame() override {}
  void on_message(const Message&) override {}
  void on_error(const Error& e) override {
    if (e.code == framing::fault_name(framing::Fault::kUnknownFormat)) unknown = true;
  }
  bool unknown = false;

 private:
  Frame frame_;
};

// Whether the framer that reads raw frames could tell their format from
// `head`, the first bytes of a file (all of it when shorter).
bool frames_detected(std::string_view head) {
  FormatProbe probe;
  const auto framer = framing::make_framer(framing::Format::kDetect);
  framer->feed(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(), probe);
  framer->finish(probe);
  return !probe.unknown;
}

// libarchive's message, which it may not have.
std::string archive_why(struct archive* a) {
  const char* why = archive_error_string(a);
  return why ? why : "unreadable archive";
}

std::string selection_name(const std::unordered_set<std::uint32_t>& only) {
  if (only.empty()) return {};
  std::vector<std::uint32_t> v(only.begin(), only.end());
  std::sort(v.begin(), v.end());
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over the sorted addresses
  for (auto a : v) {
    h ^= a;
    h *= 1099511628211ULL;
  }
  return fmt::format("{} aircraft #{:016x}", v.size(), h);
}

// "a broken symbolic link (to 'gone.json')": named, since a link looks like
// a file in a listing.
std::string broken_link(const fs::path& link) {
  std::error_code ec;
  const auto target = fs::read_symlink(link, ec);
  return ec ? std::string("a broken symbolic link")
            : fmt::format("a broken symbolic link (to '{}')", target.string());
}

// Finds the inputs: folders searched recursively and sorted, split tar parts
// gathered into one archive with every sibling part.
std::vector<Input> discover(const std::vector<std::string>& paths, const IngestOptions& opt,
                            const std::string& db_path,
                            std::vector<std::pair<std::string, std::string>>& missing) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        std::error_code file_ec;
        if (it->is_regular_file(file_ec))
          found.push_back(it->path().string());
        else if (it->is_symlink(file_ec) && !fs::exists(it->path(), file_ec))
          missing.emplace_back(it->path().string(), broken_link(it->path()));
      }
      if (ec) missing.emplace_back(p, ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      missing.emplace_back(p, fs::is_symlink(p, ec) ? broken_link(p) : "no such file or folder");
    }
  }
  std::vector<Input> out;
  std::unordered_set<std::string> archives;
  for (const auto& f : files) {
    // The database's own files, when it lives among the inputs.
    std::error_code ec;
    const auto canonical = fs::weakly_canonical(f, ec).string();
    if (!db_path.empty() && canonical.starts_with(db_path) &&
        (canonical.size() == db_path.size() || canonical[db_path.size()] == '-'))
      continue;
    Input in;
    if (auto stem = split_tar_stem(f)) {
      if (!archives.insert(*stem).second) continue;
      const fs::path dir = fs::path(*stem).parent_path();
      const std::string base = fs::path(*stem).filename().string() + ".";
      std::error_code canon_ec;
      for (const auto& e : fs::directory_iterator(dir.empty() ? fs::path(".") : dir, canon_ec)) {
        const std::string name = e.path().filename().string();
        if (name.starts_with(base) && split_tar_stem(e.path().string()))
          in.files.push_back(e.path().string());
      }
      std::sort(in.files.begin(), in.files.end());
      in.kind = InputKind::kArchive;
      in.key = *stem + ".*";
    } else {
      if (!opt.only.empty()) {
        // A trace file of an aircraft not asked for is not even opened.
        if (auto a = trace_address(f); a && !opt.only.contains(*a)) continue;
      }
      in.files = {f};
      in.key = f;
      // readsb's own file names are trusted, which saves opening each of the
      // hundreds of thousands of files of a day twice; the reader still
      // checks the content.
      in.kind = trace_address(f) ? InputKind::kTrace
                                 : sniff(f, opt.format.has_value(), in.why, in.unreadable);
    }
    std::int64_t newest = 0;
    for (const auto& part : in.files) {
      std::int64_t size = 0;
      newest = std::max(newest, mtime_of(part, size));
      in.size += size;
    }
    in.mtime = newest;
    in.key = fs::absolute(in.key).lexically_normal().string();
    out.push_back(std::move(in));
  }
  return out;
}

// ---- what a reader hands the writer
//
// Reading an input (decompressing, parsing) needs nothing but its bytes and
// the options; writing it needs the store. Readers turn an input into
// batches, in order, and the writer (the calling thread, alone) applies
// them: with --jobs 1 as they come, with more from worker threads, in the
// same order. Both go through the same code, so the database is the same.

struct AircraftInfo {
  std::uint32_t icao = 0;
  std::string registration, type;
};

struct Batch {
  enum What : std::uint8_t {
    kTraceFile,  // a whole trace file: the input's only batch
    kMember,     // an archive member read
    kFlush,      // positions of an input with many aircraft, grouped per aircraft
    kEnd,        // the input's last batch: `ok` says whether it was read to its end
  };
  What what = kEnd;
  bool ok = true;
  bool checkpoint = true;     // kFlush: a point at which the writer may commit
  bool cut = false;           // kMember: cut off; the archive ends with it
  std::uint64_t skipped = 0;  // archive members skipped before this batch
  std::string member;         // kMember: its name
  std::string detail;         // progress: how far into an archive
  std::vector<Error> errors;  // in the order met
  std::vector<AircraftInfo> infos;
  // Encoded where the batch was made (a worker): the writer only inserts them.
  std::vector<store::EncodedChunk> chunks;  // put in this order
};

// What one thread needs to read traces, kept from file to file (no
// allocation per file once warm), and scratch for rebuilding legs.
class Parser {
 public:
  Parser() : traces_([this](const Position& p) { points_.push_back(p); }, errors_) {}
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // A trace from memory or, `text` empty, from the file `name`.
  void trace(std::string_view text, const std::string& name, Batch& b) {
    into_ = &b.errors;
    points_.clear();
    b.ok = text.empty() ? traces_.read_file(name) : traces_.read_text(text, name);
    const auto& info = traces_.info();
    if (!points_.empty()) {
      if (!info.registration.empty() || !info.type.empty())
        b.infos.push_back({info.icao, info.registration, info.type});
      b.chunks.push_back(store::encode_positions(points_.front().icao, points_));
    }
    into_ = nullptr;
  }

  // An archive member's bytes (gzip or plain); `b` names it.
  void member(std::string_view data, const std::string& where, Batch& b) {
    if (io::is_gzip(data)) {
      json_.clear();
      if (auto err = io::gunzip(data, json_); !err.empty())
        b.errors.push_back({ErrorKind::kIo, {where}, {}, std::move(err)});
      trace(json_, where, b);
    } else {
      trace(data, where, b);
    }
  }

  std::vector<Position> leg_points;  // flights::leg_track's scratch

 private:
  std::vector<Error>* into_ = nullptr;
  FunctionReporter errors_{[this](const Error& e) { into_->push_back(e); }};
  std::vector<Position> points_;
  std::string json_;
  tracks::TraceReader traces_;
};

// Where a reader hands its batches.
class Emit {
 public:
  virtual ~Emit() = default;
  // False: stop reading (the run is ending).
  virtual bool batch(Batch b) = 0;
  // An archive member's bytes, to be parsed into `b` (which names it).
  virtual bool member(Batch b, std::string data, std::string where) = 0;
};

// Positions of many aircraft (OpenSky CSV, snapshots, frames), handed over
// per aircraft every `limit` positions, by address.
class Grouper {
 public:
  Grouper(const IngestOptions& opt, Emit& emit, std::string key)
      : opt_(opt), emit_(emit), key_(std::move(key)), limit_(opt.commit_positions / 4) {}

  void add(const Position& p) {
    if (!opt_.only.empty() && !opt_.only.contains(p.icao)) return;
    grouped_[p.icao].push_back(p);
    if (++count_ >= limit_) flush();
  }
  // A reader's error, named after the input as the store knows it (the
  // reader names the path it was given).
  void error(const Error& e) {
    batch_.errors.push_back(e);
    batch_.errors.back().where.file = key_;
    // An input of nothing but bad lines: its errors go on without its
    // positions, so that memory does not grow with them.
    if (batch_.errors.size() >= kErrorsPerBatch) hand_over(false);
  }
  void info(std::uint32_t icao, std::string_view registration, std::string_view type) {
    if (!opt_.only.empty() && !opt_.only.contains(icao)) return;
    batch_.infos.push_back({icao, std::string(registration), std::string(type)});
  }
  void flush() {
    std::vector<std::uint32_t> icaos;
    icaos.reserve(grouped_.size());
    for (auto& [icao, v] : grouped_)
      if (!v.empty()) icaos.push_back(icao);
    std::sort(icaos.begin(), icaos.end());
    for (auto icao : icaos) batch_.chunks.push_back(store::encode_positions(icao, grouped_[icao]));
    grouped_.clear();
    count_ = 0;
    hand_over(true);
  }
  // The last batch, with `ok` and the errors found after the last flush.
  void end(bool ok, std::vector<Error> more = {}) {
    batch_.what = Batch::kEnd;
    batch_.ok = ok;
    for (auto& e : more) batch_.errors.push_back(std::move(e));
    emit_.batch(std::move(batch_));
    batch_ = Batch{};
  }

 private:
  static constexpr std::size_t kErrorsPerBatch = 4096;
  void hand_over(bool checkpoint) {
    batch_.what = Batch::kFlush;
    batch_.checkpoint = checkpoint;
    if (!stopped_) stopped_ = !emit_.batch(std::move(batch_));
    batch_ = Batch{};
  }
  const IngestOptions& opt_;
  Emit& emit_;
  std::string key_;
  std::size_t limit_, count_ = 0;
  bool stopped_ = false;
  Batch batch_;
  std::unordered_map<std::uint32_t, std::vector<Position>> grouped_;
};

// libarchive's reader of a (split) tar.
struct ArchiveFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using archive_ptr = std::unique_ptr<struct archive, ArchiveFree>;

// A (split) tar: its members read in order, skipping `done` (those a killed
// run finished) and the aircraft not asked for without decompressing them.
void read_archive(const Input& in, const std::unordered_set<std::string>& done,
                  const IngestOptions& opt, Emit& emit) {
  Batch end;
  archive_ptr a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_all(a.get());
  std::vector<const char*> names;
  for (const auto& f : in.files) names.push_back(f.c_str());
  names.push_back(nullptr);
  end.ok = false;
  if (archive_read_open_filenames(a.get(), names.data(), 1 << 20) != ARCHIVE_OK) {
    end.errors.push_back({ErrorKind::kIo, {in.key}, {}, archive_why(a.get())});
    emit.batch(std::move(end));
    return;
  }
  archive_entry* e = nullptr;
  std::uint64_t members = 0, skipped = 0;
  for (;;) {
    const int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) {
      end.ok = true;
      break;
    }
    if (rc < ARCHIVE_WARN) {
      end.errors.push_back(
          {ErrorKind::kFormat,
           {in.key, 0, static_cast<std::uint64_t>(archive_filter_bytes(a.get(), -1))},
           {},
           archive_why(a.get())});
      break;
    }
    ++members;
    const std::string member = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    const auto address = trace_address(member);
    if (archive_entry_filetype(e) != AE_IFREG || !address) continue;  // folders, READMEs
    if ((!opt.only.empty() && !opt.only.contains(*address)) || done.contains(member)) {
      ++skipped;
      continue;  // the next header skips its data without decompressing it
    }
    Batch b;
    b.what = Batch::kMember;
    b.member = member;
    b.skipped = std::exchange(skipped, 0);
    b.detail = fmt::format(" ({} members, {:.1f} of {:.1f} GB)", members,
                           static_cast<double>(archive_filter_bytes(a.get(), -1)) / 1e9,
                           static_cast<double>(in.size) / 1e9);
    const auto size = archive_entry_size(e);
    std::string data(static_cast<std::size_t>(std::max<la_int64_t>(size, 0)), '\0');
    std::size_t got = 0;
    while (got < data.size()) {
      const auto n = archive_read_data(a.get(), data.data() + got, data.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    std::string where = in.key + ":" + member;
    b.cut = got < data.size();
    if (b.cut) {
      // A cut-off part: keep what the member holds, then stop.
      b.errors.push_back({ErrorKind::kFormat,
                          {where, 0, got},
                          {},
                          fmt::format("archive member cut off: {}",
                                      archive_error_string(a.get()) ? archive_error_string(a.get())
                                                                    : "unexpected end")});
      data.resize(got);
    }
    const bool cut = b.cut;
    if (!emit.member(std::move(b), std::move(data), std::move(where))) return;
    if (cut) break;
  }
  end.skipped = skipped;
  emit.batch(std::move(end));
}

void read_opensky(const Input& in, const IngestOptions& opt, Emit& emit) {
  Grouper g(opt, emit, in.key);
  FunctionReporter errors([&](const Error& e) { g.error(e); });
  tracks::OpenskyReader reader([&](const Position& p) { g.add(p); }, errors);
  const bool ok = reader.read_file(in.files.front());
  g.flush();
  g.end(ok);
}

// aircraft.json snapshots: every aircraft at one moment.
void read_snapshot(const Input& in, const IngestOptions& opt, Emit& emit) {
  Grouper g(opt, emit, in.key);
  FunctionReporter errors([&](const Error& e) { g.error(e); });
  tracks::AircraftJsonReader reader(
      [&](const Position& p) { g.add(p); }, errors,
      [&](std::uint32_t icao, std::string_view registration, std::string_view type) {
        g.info(icao, registration, type);
      });
  const bool ok = reader.read_file(in.files.front());
  g.flush();
  g.end(ok);
}

void read_frames_input(const Input& in, const IngestOptions& opt, Emit& emit) {
  Grouper g(opt, emit, in.key);
  FunctionReporter errors([&](const Error& e) { g.error(e); });
  FrameInputStats st;
  const bool ok = read_frames(
      in.files.front(), in.kind == InputKind::kDecodeJsonl, opt,
      [&](const Position& p) { g.add(p); }, errors, st);
  g.flush();
  if (ok && st.positions == 0 && st.untimed > 0) {
    std::vector<Error> more;
    more.push_back({ErrorKind::kUsage,
                    {in.key},
                    {},
                    fmt::format("{} positions without wall-clock time: AVR and Beast carry only a "
                                "receiver clock; give --clock-epoch",
                                st.untimed)});
    g.end(false, std::move(more));
    return;
  }
  g.end(ok);
}

// Reads an input other than a trace file, to its kEnd batch.
void read_input(const Input& in, const std::unordered_set<std::string>& done,
                const IngestOptions& opt, Emit& emit) {
  switch (in.kind) {
    case InputKind::kArchive:
      read_archive(in, done, opt, emit);
      break;
    case InputKind::kOpensky:
      read_opensky(in, opt, emit);
      break;
    case InputKind::kAircraftJson:
      read_snapshot(in, opt, emit);
      break;
    case InputKind::kDecodeJsonl:
    case InputKind::kFrames:
      read_frames_input(in, opt, emit);
      break;
    case InputKind::kTrace:
    case InputKind::kUnknown: {
      Batch end;
      end.ok = false;
      emit.batch(std::move(end));
      break;
    }
  }
}

// ---- worker threads

// Threads that run tasks in the order given, each with its own Parser. A
// task never waits on another, so the pool always makes progress.
class Pool {
 public:
  explicit Pool(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  ~Pool() {
    {
      std::lock_guard lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  template <typename F>
  auto submit(F f) -> std::future<std::invoke_result_t<F&, Parser&>> {
    using R = std::invoke_result_t<F&, Parser&>;
    auto task = std::make_shared<std::packaged_task<R(Parser&)>>(std::move(f));
    auto future = task->get_future();
    {
      std::lock_guard lock(m_);
      tasks_.emplace_back([task](Parser& p) { (*task)(p); });
    }
    cv_.notify_one();
    return future;
  }

 private:
  void work() {
    Parser parser;
    for (;;) {
      std::function<void(Parser&)> task;
      {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stopped, every task run
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task(parser);
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::function<void(Parser&)>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// The batches of one input on their way to the writer, in order: at most
// `cap` of them at a time, so that memory stays bounded.
class Stream {
 public:
  explicit Stream(std::size_t cap) : cap_(cap) {}
  bool push(std::future<Batch> f) {
    std::unique_lock lock(m_);
    room_.wait(lock, [&] { return q_.size() < cap_ || cancelled_; });
    if (cancelled_) return false;
    q_.push_back(std::move(f));
    ready_.notify_one();
    return true;
  }
  std::future<Batch> pop() {
    std::unique_lock lock(m_);
    ready_.wait(lock, [&] { return !q_.empty(); });
    auto f = std::move(q_.front());
    q_.pop_front();
    room_.notify_one();
    return f;
  }
  void cancel() {
    std::lock_guard lock(m_);
    cancelled_ = true;
    room_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable room_, ready_;
  std::deque<std::future<Batch>> q_;
  std::size_t cap_;
  bool cancelled_ = false;
};

std::future<Batch> ready(Batch b) {
  std::promise<Batch> p;
  p.set_value(std::move(b));
  return p.get_future();
}

// A reader on its own thread: batches into the stream, archive members
// parsed by the pool.
class StreamEmit final : public Emit {
 public:
  StreamEmit(Pool& pool, Stream& stream) : pool_(pool), stream_(stream) {}
  bool batch(Batch b) override { return stream_.push(ready(std::move(b))); }
  bool member(Batch b, std::string data, std::string where) override {
    return stream_.push(pool_.submit(
        [b = std::move(b), data = std::move(data), where = std::move(where)](Parser& p) mutable {
          p.member(data, where, b);
          return std::move(b);
        }));
  }

 private:
  Pool& pool_;
  Stream& stream_;
};

// An input on its way to the writer: with worker threads, maybe read
// ahead of it already.
struct Pending {
  const Input* in = nullptr;
  std::string selection;
  std::int64_t id = 0;
  std::unordered_set<std::string> done;  // archive members a killed run finished
  std::shared_ptr<Stream> stream;        // being read by worker threads
  std::thread reader;                    // for an input read as a stream of batches

  Pending() = default;
  Pending(Pending&&) = default;
  Pending& operator=(Pending&&) = delete;
  ~Pending() { stop(); }
  // Reading no more: what was read ahead is dropped.
  void stop() {
    if (reader.joinable()) {
      stream->cancel();
      reader.join();
    }
    stream.reset();
  }
};

// What rebuilding one aircraft's legs gives.
struct Rebuilt {
  std::uint32_t icao = 0;
  std::vector<LegRecord> legs;
  std::vector<UnobservedStop> stops;
  std::uint64_t track = 0, rejected = 0, fragments = 0;
};

class Job {
 public:
  Job(store::Store& db, const geo::Airports& airports, const IngestOptions& opt)
      : db_(db),
        airports_(airports),
        index_(airports),
        opt_(opt),
        jobs_(opt.jobs > 0 ? opt.jobs : std::max(1u, std::thread::hardware_concurrency())) {}

  IngestResult run(const std::vector<std::string>& paths, std::string_view arguments) {
    result_.run = db_.begin_run(arguments);
    const std::string selection = selection_name(opt_.only);
    try {
      std::vector<std::pair<std::string, std::string>> missing;
      std::error_code ec;
      const auto db_path = fs::weakly_canonical(db_.path(), ec).string();
      const auto inputs = discover(paths, opt_, db_path, missing);
      db_.begin();
      // A path given that is not there is an input that failed, like one
      // that cannot be read, and is recorded so (by its absolute path, as
      // the file would be once it is there).
      for (const auto& [p, why] : missing) {
        ++c().inputs;
        ++c().inputs_failed;
        const auto key = fs::absolute(p, ec).lexically_normal().string();
        failed(key, -1, -1, InputKind::kUnknown, why, {ErrorKind::kIo, {p}, {}, why});
      }
      started_ = last_commit_ = last_progress_ = Clock::now();
      // Frames read as a given format are another reading of the file: a
      // rerun with another --format replaces its positions.
      std::string frames_selection = selection;
      if (opt_.format)
        frames_selection += fmt::format("{}format {}", selection.empty() ? "" : ", ",
                                        framing::format_name(*opt_.format));
      // With worker threads, up to 2 inputs a thread are read ahead of the
      // writer, which takes them in input order and registers each with the
      // store when it comes to it, as one thread would: the store sees the
      // same calls in the same order. An input the store has complete is
      // skipped and what was read of it dropped; after one such, none is
      // read ahead until one that is not (a rerun reads nothing).
      std::optional<Pool> pool;
      if (jobs_ > 1) pool.emplace(jobs_);
      const std::size_t window = jobs_ > 1 ? 2 * jobs_ : 1;
      std::deque<Pending> ahead;
      std::size_t next = 0;
      bool read_ahead = true;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::size_t readers = 0;
        for (const auto& p : ahead) readers += p.reader.joinable();
        while (next < inputs.size() && ahead.size() < (read_ahead ? window : 1)) {
          const auto& in = inputs[next];
          const auto kind = in.kind;
          Pending p;
          p.in = &in;
          p.selection = kind == InputKind::kTrace    ? std::string()
                        : kind == InputKind::kFrames ? frames_selection
                                                     : selection;
          // An archive is read once the store says which members it has.
          const bool can = kind != InputKind::kArchive && kind != InputKind::kUnknown;
          const bool own_thread = can && kind != InputKind::kTrace;
          if (pool && read_ahead && can && (!own_thread || readers < jobs_)) {
            start_reading(p, *pool);
            readers += p.reader.joinable();
          }
          ahead.push_back(std::move(p));
          ++next;
        }
        current_ = i + 1;
        total_ = inputs.size();
        read_ahead = one_input(ahead.front(), pool ? &*pool : nullptr);
        ahead.pop_front();
      }
      ahead.clear();
      db_.commit();
      rebuild(pool ? &*pool : nullptr);
      db_.end_run(result_.run, c(), "complete");
    } catch (const std::exception& e) {
      result_.fatal = e.what();
      db_.rollback();
      try {
        db_.end_run(result_.run, c(), "failed");
      } catch (const std::exception&) {
        // The database itself is failing; the run stays marked as running.
      }
    }
    return result_;
  }

 private:
  store::RunCounts& c() { return result_.counts; }

  // Every error of the run: counted, the first ones stored (by input,
  // position in it and text), and passed on.
  void error(const Error& e) {
    ++c().errors;
    const auto where = position_text(e.where);
    last_input_error_ = where.empty() ? e.text() : fmt::format("{}: {}", where, e.text());
    if (stored_errors_ < store::Store::kMaxErrorsPerRun) {
      ++stored_errors_;
      db_.add_error(result_.run, e.where.file, position_text(e.where), e.text());
    }
    if (opt_.errors) opt_.errors->report(e);
  }

  // Commits now and then so that a killed run loses little, and says how far it got.
  void checkpoint() {
    const auto now = Clock::now();
    if (pending_ >= opt_.commit_positions || now - last_commit_ > std::chrono::seconds(2)) {
      db_.commit();
      if (opt_.on_commit) opt_.on_commit(++commits_);
      db_.begin();
      pending_ = 0;
      last_commit_ = now;
    }
    if (opt_.progress && opt_.progress_s > 0 &&
        std::chrono::duration<double>(now - last_progress_).count() >= opt_.progress_s) {
      last_progress_ = now;
      const double s = std::chrono::duration<double>(now - started_).count();
      // Time left from the inputs done, as if the rest were like them.
      const double done = current_ > 1 ? static_cast<double>(current_ - 1) : 0;
      const std::string left = done > 0 && total_ > current_
                                   ? fmt::format(", about {:.0f} s left",
                                                 s / done * (static_cast<double>(total_) - done))
                                   : "";
      opt_.progress(fmt::format("input {} of {}{}: {} positions, {:.2f} M/s, {} errors{}", current_,
                                total_, detail_, c().positions,
                                static_cast<double>(c().positions) / s / 1e6, c().errors, left));
    }
  }

  // An input that could not be read: recorded as failed with why, so that
  // status lists it and the next run reads it again, and reported; or, when
  // the store keeps what an earlier run read from it (nothing says the file
  // changed since), reported as such.
  void failed(const std::string& key, std::int64_t size, std::int64_t mtime, InputKind kind,
              const std::string& why, Error e) {
    if (!db_.fail_input(key, size, mtime, input_kind_name(kind), result_.run, why))
      e.message += "; the positions an earlier run read from it are kept";
    error(e);
  }

  // Starts reading an input on the worker threads: a trace file is one
  // task; another input is read on a thread of its own, an archive's
  // members parsed by the pool, 2 a thread at most ahead of the writer.
  void start_reading(Pending& p, Pool& pool) {
    const Input& in = *p.in;
    if (in.kind == InputKind::kUnknown) return;
    if (in.kind == InputKind::kTrace) {
      p.stream = std::make_shared<Stream>(1);
      p.stream->push(pool.submit([file = in.files.front()](Parser& parser) {
        Batch b;
        b.what = Batch::kTraceFile;
        parser.trace({}, file, b);
        return b;
      }));
      return;
    }
    p.stream = std::make_shared<Stream>(in.kind == InputKind::kArchive ? 2 * jobs_ : 1);
    p.reader =
        std::thread([&opt = opt_, &in, done = std::move(p.done), stream = p.stream, pool = &pool] {
          StreamEmit emit(*pool, *stream);
          try {
            read_input(in, done, opt, emit);
          } catch (...) {
            std::promise<Batch> failed;
            failed.set_exception(std::current_exception());
            stream->push(failed.get_future());
          }
        });
  }

  // The writer's side: with --jobs 1, a reader's batches as they come.
  class Apply final : public Emit {
   public:
    Apply(Job& job, Pending& p) : job_(job), p_(p) {}
    bool batch(Batch b) override {
      if (job_.apply(p_, b)) ok = b.ok;
      return true;
    }
    bool member(Batch b, std::string data, std::string where) override {
      job_.parser_.member(data, where, b);
      return batch(std::move(b));
    }
    bool ok = false;

   private:
    Job& job_;
    Pending& p_;
  };

  // Reads one input into the store; false when the store had it complete.
  bool one_input(Pending& p, Pool* pool) {
    const Input& in = *p.in;
    ++c().inputs;
    if (in.kind == InputKind::kUnknown) {
      // Nothing of it to keep; the next run looks at it again.
      ++c().inputs_failed;
      failed(in.key, in.size, in.mtime, in.kind, in.why,
             {in.unreadable ? ErrorKind::kIo : ErrorKind::kFormat, {in.key}, {}, in.why});
      checkpoint();
      return true;
    }
    const auto state = db_.input(in.key, in.size, in.mtime, p.selection, input_kind_name(in.kind),
                                 result_.run, p.id);
    if (state == InputState::kDone) {
      ++c().inputs_skipped;
      p.stop();
      return false;
    }
    if (in.kind == InputKind::kArchive && state == InputState::kPartial)
      p.done = db_.finished_parts(p.id);
    // Not read ahead: an archive (its members still go to the pool), or
    // after an input that was complete.
    if (pool && !p.stream && in.kind != InputKind::kTrace) start_reading(p, *pool);
    input_positions_ = 0;
    input_errors_.clear();
    last_input_error_.clear();
    if (in.kind != InputKind::kArchive) detail_.clear();
    bool ok = false;
    if (p.stream) {
      for (;;) {
        Batch b = p.stream->pop().get();
        if (apply(p, b)) {
          ok = b.ok;
          break;
        }
      }
    } else if (in.kind == InputKind::kTrace) {
      Batch b;
      b.what = Batch::kTraceFile;
      parser_.trace({}, in.files.front(), b);
      apply(p, b);
      ok = b.ok;
    } else {
      Apply sink(*this, p);
      read_input(in, p.done, opt_, sink);
      ok = sink.ok;
    }
    if (!ok) ++c().inputs_failed;
    // The time the input covers: the day or hour its name gives when it was
    // read to its end, else its first to its last position.
    std::optional<TimeSpan> covers = ok ? period_named_by(in.key) : std::nullopt;
    if (!covers) covers = db_.input_positions_span(p.id);
    db_.set_coverage(p.id,
                     covers ? std::span<const TimeSpan>(&*covers, 1) : std::span<const TimeSpan>());
    // A file read with errors is still complete: what it holds was taken. An
    // archive whose stream broke stays partial, so a rerun resumes it. One
    // that failed before giving anything (a --clock-epoch missing, a
    // download not finished, an archive that would not open) is failed, with
    // its last error as the reason; a rerun reads it again rather than
    // skipping it as done, either way.
    if ((ok || in.kind != InputKind::kArchive) && (ok || input_positions_ > 0)) {
      db_.finish_input(p.id, input_positions_, input_errors_.count());
    } else if (input_positions_ == 0 &&
               (in.kind != InputKind::kArchive || db_.finished_parts(p.id).empty())) {
      std::string why = last_input_error_.empty() ? "read nothing" : last_input_error_;
      if (input_errors_.count() > 1)
        why += fmt::format(" ({} errors in all)", input_errors_.count());
      db_.fail_input(in.key, in.size, in.mtime, input_kind_name(in.kind), result_.run, why);
    }
    checkpoint();
    p.stop();
    return true;
  }

  // Writes one batch of an input; true for its last.
  bool apply(Pending& p, Batch& b) {
    c().parts_skipped += b.skipped;
    if (!b.detail.empty()) detail_ = std::move(b.detail);
    const auto errors_before = input_errors_.count();
    const auto positions_before = input_positions_;
    for (const auto& e : b.errors) input_errors_.report(e);
    for (const auto& i : b.infos) info(p.in->kind, i);
    for (const auto& chunk : b.chunks)
      keep(p.id, b.what == Batch::kMember ? std::string_view(b.member) : "", chunk);
    switch (b.what) {
      case Batch::kTraceFile:
        checkpoint();
        return true;
      case Batch::kMember:
        ++c().parts;
        if (b.cut) return false;  // the archive's last batch follows
        db_.finish_part(p.id, b.member, input_positions_ - positions_before,
                        input_errors_.count() - errors_before);
        checkpoint();
        return false;
      case Batch::kFlush:
        if (b.checkpoint) checkpoint();
        return false;
      case Batch::kEnd:
        return true;
    }
    return true;
  }

  // Registration and type as an input gave them.
  void info(InputKind kind, const AircraftInfo& i) {
    if (kind == InputKind::kAircraftJson) {
      // A folder of snapshots names the same aircraft in every file: the
      // store hears of it when what is known changes.
      std::string known = fmt::format("{}\n{}", i.registration, i.type);
      auto [it, added] = snapshot_info_.try_emplace(i.icao, known);
      if (!added && it->second == known) return;
      it->second = std::move(known);
    }
    db_.set_aircraft_info(i.icao, i.registration, i.type);
  }

  void keep(std::int64_t id, std::string_view part, const store::EncodedChunk& chunk) {
    if (chunk.n == 0) return;
    db_.put_chunk(id, part, chunk);
    c().positions += chunk.n;
    input_positions_ += chunk.n;
    pending_ += chunk.n;
  }

  // ---- legs: the store read and written here, the legs found by the pool,
  // 2 aircraft a thread ahead of the writer.
  // Only the legs of the aircraft whose positions changed (live, as legs
  // close): on the calling thread, in transactions of their own.
 public:
  store::RunCounts rebuild_only(const std::vector<std::uint32_t>& aircraft) {
    started_ = last_commit_ = last_progress_ = Clock::now();
    try {
      rebuild(nullptr, &aircraft);
    } catch (...) {
      db_.rollback();
      throw;
    }
    return c();
  }

 private:
  void rebuild(Pool* pool, const std::vector<std::uint32_t>* only = nullptr) {
    auto dirty = db_.aircraft_to_rebuild();
    if (only) {
      std::unordered_set<std::uint32_t> wanted(only->begin(), only->end());
      std::erase_if(dirty, [&](std::uint32_t a) { return !wanted.contains(a); });
    }
    db_.begin();
    std::size_t done = 0;
    std::deque<std::future<Rebuilt>> ahead;
    auto write = [&](Rebuilt r) {
      db_.replace_legs(r.icao, r.legs, r.stops, r.track - r.rejected, r.rejected);
      ++c().aircraft_rebuilt;
      c().legs += r.legs.size();
      c().stops += r.stops.size();
      c().fragments += r.fragments;
      pending_ += r.track;
      ++done;
      current_ = done;
      total_ = dirty.size();
      detail_ = " (rebuilding legs)";
      checkpoint();
    };
    for (auto icao : dirty) {
      // The writer reads the chunks; decoding them is the workers' (with
      // --jobs 1, here).
      auto chunks = db_.chunks_of(icao);
      if (!pool) {
        write(legs_of(icao, store::decode_positions(chunks), parser_.leg_points));
        continue;
      }
      if (ahead.size() >= 2 * jobs_) {
        write(ahead.front().get());
        ahead.pop_front();
      }
      ahead.push_back(pool->submit([this, icao, chunks = std::move(chunks)](Parser& parser) {
        return legs_of(icao, store::decode_positions(chunks), parser.leg_points);
      }));
    }
    for (; !ahead.empty(); ahead.pop_front()) write(ahead.front().get());
    db_.commit();
  }

  // One aircraft's legs from its track: touches no state but `scratch`.
  Rebuilt legs_of(std::uint32_t icao, const std::vector<Position>& track,
                  std::vector<Position>& scratch) const {
    auto seg = flights::segment(track, index_, opt_.segmenter);
    Rebuilt r;
    r.icao = icao;
    r.legs.reserve(seg.legs.size());
    for (const auto& l : seg.legs) r.legs.push_back(record(l, track, seg.rejected_at, scratch));
    r.stops = std::move(seg.stops);
    r.track = track.size();
    r.rejected = seg.rejected;
    r.fragments = seg.fragments;
    return r;
  }

  LegRecord record(const Leg& l, const std::vector<Position>& track,
                   const std::vector<std::size_t>& rejected, std::vector<Position>& scratch) const {
    LegRecord r;
    r.leg = l;
    if (const auto* a = airports_.find(l.origin.airport)) r.origin_country = a->country;
    if (const auto* a = airports_.find(l.destination.airport)) r.destination_country = a->country;
    r.track = flights::leg_track(track, rejected, l, opt_.simplify_m, scratch);
    return r;
  }

  store::Store& db_;
  const geo::Airports& airports_;
  const geo::AirportIndex index_;  // read by every worker: const
  const IngestOptions& opt_;
  const unsigned jobs_;
  // The errors of the input being read, counted for it, then those of the run.
  FunctionReporter run_errors_{[this](const Error& e) { error(e); }};
  CountingReporter input_errors_{0, &run_errors_};
  Parser parser_;  // the writer's own, with --jobs 1
  IngestResult result_;
  int stored_errors_ = 0;
  std::uint64_t commits_ = 0;
  std::uint64_t pending_ = 0, input_positions_ = 0;
  std::unordered_map<std::uint32_t, std::string> snapshot_info_;  // registration, type told
  std::size_t current_ = 0, total_ = 0;
  std::string detail_;
  std::string last_input_error_;  // of the input being read, with its location
  Clock::time_point started_, last_commit_, last_progress_;
};

}  // namespace

const char* input_kind_name(InputKind k) {
  switch (k) {
    case InputKind::kTrace:
      return "readsb-trace";
    case InputKind::kArchive:
      return "readsb-archive";
    case InputKind::kOpensky:
      return "opensky-csv";
    case InputKind::kAircraftJson:
      return "aircraft-json";
    case InputKind::kDecodeJsonl:
      return "decode-jsonl";
    case InputKind::kFrames:
      return "frames";
    case InputKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

InputKind sniff(const std::string& path) {
  std::string why;
  bool unreadable = false;
  return sniff(path, false, why, unreadable);
}

InputKind sniff(const std::string& path, bool frames_format_given, std::string& why,
                bool& unreadable) {
  why.clear();
  unreadable = false;
  if (split_tar_stem(path)) return InputKind::kArchive;
  auto opened = io::open_source(path);
  if (!opened.source) {
    why = opened.error;
    unreadable = true;
    return InputKind::kUnknown;
  }
  std::string head(framing::kDetectBytes, '\0');
  std::size_t n = 0;
  while (n < head.size()) {
    const auto k =
        opened.source->read(reinterpret_cast<std::uint8_t*>(head.data() + n), head.size() - n);
    if (k == 0) break;
    n += k;
  }
  head.resize(n);
  if (head.size() > 262 && head.compare(257, 5, "ustar") == 0) return InputKind::kArchive;
  const auto first_line = std::string_view(head).substr(0, head.find('\n'));
  if (first_line.find("\"trace\"") != std::string_view::npos ||
      (head.starts_with("{") && head.find("\"timestamp\"") != std::string::npos &&
       head.find("\"icao\"") != std::string::npos))
    return InputKind::kTrace;
  // Before JSON Lines: readsb writes aircraft.json one aircraft a line.
  if (tracks::looks_like_aircraft_json(head)) return InputKind::kAircraftJson;
  if (head.starts_with("{")) {
    // JSON Lines has a whole object on its first line; a JSON document that
    // spans lines (a simulator's truth.json, say) is no input.
    std::string_view line = first_line;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
      line.remove_suffix(1);
    if (line.ends_with('}') || head.find('\n') == std::string::npos) return InputKind::kDecodeJsonl;
    why = describe_content(head);
    return InputKind::kUnknown;
  }
  if (first_line.find("lastcontact") != std::string_view::npos ||
      first_line.starts_with("time,icao24"))
    return InputKind::kOpensky;
  // AVR, Beast, SBS, hex or timestamp,hex CSV: the framer tells which, from
  // these bytes as it would from the whole input, and a file it cannot tell
  // is said to be what it looks like rather than read.
  if (!head.empty() && (frames_format_given || frames_detected(head))) return InputKind::kFrames;
  why = describe_content(head);
  return InputKind::kUnknown;
}

std::optional<TimeSpan> period_named_by(std::string_view path) {
  static const std::regex day_folder(R"((?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$))");
  static const std::regex release(R"((?:^|/)v(\d{4})\.(\d{2})\.(\d{2})-[^/]*$)");
  static const std::regex opensky_hour(R"((?:^|/)states_(\d{4})-(\d{2})-(\d{2})-(\d{2})[^/]*$)");
  const std::string p(path);
  std::smatch m;
  auto day = [&](double hours) -> std::optional<TimeSpan> {
    const auto from = parse_iso8601(fmt::format("{}-{}-{}T{}:00:00Z", m[1].str(), m[2].str(),
                                                m[3].str(), hours < 24 ? m[4].str() : "00"));
    // A name that is no real date (2024/02/30) names no period.
    if (!from || format_date(*from) != fmt::format("{}-{}-{}", m[1].str(), m[2].str(), m[3].str()))
      return std::nullopt;
    return TimeSpan{*from, *from + hours * 3600};
  };
  if (std::regex_search(p, m, opensky_hour)) return day(1);
  if (std::regex_search(p, m, release)) return day(24);
  // The last dated folder in the path is the day's (globe_history/2024/03/30/traces/...).
  std::optional<TimeSpan> out;
  for (auto it = std::sregex_iterator(p.begin(), p.end(), day_folder); it != std::sregex_iterator();
       ++it) {
    m = *it;
    out = day(24);
  }
  return out;
}

std::string describe_content(std::string_view head) {
  if (head.empty()) return "an empty file";
  // Files people pick up by mistake, by their magic numbers.
  static constexpr std::pair<std::string_view, std::string_view> kMagic[] = {
      {"\x89PNG\r\n\x1a\n", "a PNG image"},
      {"\xff\xd8\xff", "a JPEG image"},
      {"GIF87a", "a GIF image"},
      {"GIF89a", "a GIF image"},
      {"%PDF-", "a PDF document"},
      {"PK\x03\x04", "a ZIP archive (skywitness reads tar archives; extract it)"},
      {"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (extract it)"},
      {"\xfd\x37zXZ", "xz-compressed data (decompress it, or use gzip or zstd)"},
      {"BZh", "bzip2-compressed data (decompress it, or use gzip or zstd)"},
      {"SQLite format 3", "an SQLite database"},
      {"\x7f\x45LF", "an executable program"},
      {"PAR1", "a Parquet file"},
  };
  for (const auto& [magic, what] : kMagic)
    if (head.starts_with(magic))
      return fmt::format("looks like {}, not an input skywitness reads", what);
  std::string_view text = head;
  if (text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);  // UTF-8 byte-order mark
  // Control characters other than tabs and line ends: no text (bytes of 0x80
  // and above may be UTF-8).
  const bool binary = std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
  });
  if (binary) return "binary data, not frames of any format skywitness reads";
  // The first line that has something on it, as the user would see it.
  std::string_view line;
  while (!text.empty() && line.empty()) {
    const auto eol = text.find('\n');
    line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
      line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
      line.remove_suffix(1);
  }
  if (line.empty()) return "blank text, not an input skywitness reads";
  const std::string shown =
      line.size() > 60 ? std::string(line.substr(0, 57)) + "..." : std::string(line);
  const std::string lower = [&] {
    std::string l(line.substr(0, 64));
    for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  }();
  if (lower.starts_with("<!doctype html") || lower.starts_with("<html"))
    return "looks like an HTML page (a download that went wrong?), not an input skywitness reads";
  if (lower.starts_with("<?xml"))
    return "looks like an XML document, not an input skywitness reads";
  if (line.front() == '{' || line.front() == '[')
    return fmt::format(
        "JSON that is not a readsb trace, an aircraft.json snapshot or decode JSON Lines: first "
        "line '{}'",
        shown);
  // CSV: two commas or more, or as many on the next line ("Dear editor," is text).
  const auto commas = std::count(line.begin(), line.end(), ',');
  const auto next_line = text.substr(0, text.find('\n'));
  const auto next_commas = std::count(next_line.begin(), next_line.end(), ',');
  if (commas >= 2 || (commas == 1 && next_commas == 1))
    return fmt::format(
        "CSV that is not OpenSky state vectors or timestamp,hex frames: first line '{}'", shown);
  return fmt::format("text that is not CSV, JSON or frames: first line '{}'", shown);
}

store::RunCounts rebuild_legs(store::Store& db, const geo::Airports& airports,
                              const IngestOptions& options,
                              const std::vector<std::uint32_t>& aircraft) {
  Job job(db, airports, options);
  return job.rebuild_only(aircraft);
}

Status read_aircraft_file(const std::string& path, std::unordered_set<std::uint32_t>& out) {
  std::ifstream f(path);
  if (!f) return Status::failure(ErrorKind::kIo, {path}, "cannot open");
  std::string line;
  for (std::uint64_t n = 1; std::getline(f, line); ++n) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::string_view s = line;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    if (s.empty()) continue;
    if (s.starts_with('~')) s.remove_prefix(1);
    std::uint32_t a = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), a, 16);
    if (ec != std::errc{} || end != s.data() + s.size() || s.size() != 6)
      return Status::failure(ErrorKind::kUsage, {path, n},
                             fmt::format("'{}' is not a 24-bit address (6 hex digits)", s));
    out.insert(a);
  }
  return {};
}

IngestResult ingest(store::Store& db, const geo::Airports& airports,
                    const std::vector<std::string>& paths, std::string_view arguments,
                    const IngestOptions& options) {
  Job job(db, airports, options);
  return job.run(paths, arguments);
}

}  // namespace skywitness::ingest

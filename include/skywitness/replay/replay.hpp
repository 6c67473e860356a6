// `skywitness replay`: recorded or simulated frames served over TCP as a
// readsb / dump1090 output port serves them (Beast, AVR, SBS), paced by the
// frames' own clock, for `skywitness live`, the tests and demonstrations on
// loopback. docs/replay.md.
//
// A Recording loads its files whole and encodes every frame once, into the
// bytes the port sends; a Server then plays those bytes to its clients with
// large non-blocking writes straight out of the recording (no copy per
// client), each client at its own place in it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/status.hpp"
#include "skywitness/framing/framer.hpp"

namespace skywitness::replay {

// What the port sends, one of framing::is_receiver_output's formats:
//   kBeast  Beast binary (readsb port 30005), with the 12 MHz clock kept
//   kAvr    "@<12 hex clock><hex>;" (AVR with the MLAT clock, port 30002); "*<hex>;" without one
//   kSbs    SBS BaseStation lines (port 30003), passed through from SBS inputs only
// framing::format_name names it, framing::conventional_port gives its port.
using Output = framing::Format;

// The signal byte of Beast output for a frame whose input carried no signal level.
inline constexpr std::uint8_t kDefaultSignal = 160;

// The inputs, encoded for one output, in the order read. Each record is the
// bytes of one frame (or SBS line) as the port sends it, and the time at
// which it is due, in seconds from the start of playback at speed 1:
//   - a frame's time is its 12 MHz clock / 12e6, else its wall-clock time
//     (CSV, SBS), relative to the first timed frame of its file; a file
//     starts where the previous one ended; a frame without a time, or one
//     earlier than the frame before it, is due with the frame before it,
//     and a clock that goes back by more than a second (a receiver
//     restarted, files concatenated) goes on from the point reached;
//   - Beast and AVR output keep a frame's clock; a frame with a wall-clock
//     time only is given ticks = (t - t_first) * 12e6 + 1, t_first the first
//     wall-clock time of the recording (so that tick 1 is t_first, as the
//     simulator writes and `live --clock receiver` reads it).
class Recording {
 public:
  explicit Recording(Output output) : output_(output) {}

  // Appends one file's frames (plain, gzip or zstd; "-" is stdin; the format
  // is detected). Bad frames and lines go to `errors`, located by file and
  // line or byte, and are skipped; a read that breaks off is reported there
  // too, keeping what came before. A file that fails as a whole is the
  // Status, its records left out: kIo (cannot open), kFormat (in no format
  // we read), kUsage (SBS for Beast or AVR output, or frames for SBS
  // output).
  Status add_file(const std::string& path, ErrorReporter& errors);

  Output output() const { return output_; }
  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  std::string_view bytes() const { return data_; }
  // When the last record is due (seconds at speed 1).
  double duration_s() const { return records_.empty() ? 0 : records_.back().t; }
  std::uint64_t bad_records() const { return bad_records_; }

  // The end of the records due by `t` (seconds at speed 1): a byte offset
  // into bytes(), at a record boundary.
  std::size_t end_due_by(double t) const;
  // When record `i` is due.
  double due(std::size_t i) const { return records_[i].t; }
  // The number of records that end at or before byte `offset`.
  std::size_t records_before(std::size_t offset) const;
  // The first record boundary at or after byte `offset`.
  std::size_t boundary_at_or_after(std::size_t offset) const;

 private:
  friend class Loader;
  struct Record {
    double t;           // due, seconds at speed 1
    std::uint64_t end;  // offset in data_ just past its bytes
  };

  Output output_;
  std::string data_;  // every record's bytes, back to back
  std::vector<Record> records_;
  double end_t_ = 0;  // where the next file starts
  double wall_first_ = 0;
  bool have_wall_first_ = false;
  std::uint64_t bad_records_ = 0;
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // bound as given: nothing else is listened on
  int port = 30005;                // 0: any free port (listen() says which)
  // Playback speed against the frames' own clock; 0: as fast as the clients
  // take it (no pacing; the fastest client sets the pace).
  double speed = 1;
  // Playback starts when this many clients have connected; 0: at once.
  // Clients that connect later join at the current point.
  std::size_t start_clients = 1;
  // A client this many bytes behind the playback point (it does not read) is
  // dropped; it never holds up playback or the other clients.
  std::size_t client_buffer = std::size_t{8} << 20;
  // After the last record, how long the clients may take to be sent the rest
  // before they are closed.
  double drain_s = 5;
  // Clients coming and going, in words ("client 127.0.0.1:52144 connected").
  std::function<void(const std::string&)> log;
  // A client dropped, and why.
  std::function<void(const std::string&)> warn;
};

struct ServeStats {
  std::uint64_t records_played = 0;   // records whose time came (all of them at the end)
  std::uint64_t bytes_sent = 0;       // over all clients
  std::uint64_t clients = 0;          // connections accepted
  std::uint64_t clients_dropped = 0;  // too slow, or not done when the drain ended
  bool stopped = false;               // by stop(), before the end
};

class Server {
 public:
  // The recording must outlive the server.
  Server(const Recording& recording, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on options.host:port; the port bound, or -1 with
  // `error` ("127.0.0.1:30005: Address already in use").
  int listen(std::string& error);
  // Plays the recording (after listen()) until its end, once every client
  // has been sent all of it or the drain time is over, or until stop(); then
  // closes the connections. False with `error` when the server fails (poll).
  bool run(std::string& error);
  // Ends run() soon; safe from a signal handler and from another thread.
  void stop();
  // The address bound ("127.0.0.1:40123", "[::1]:30005"), after listen().
  const std::string& address() const { return address_; }
  const ServeStats& stats() const { return stats_; }

 private:
  struct Client {
    int fd = -1;          // -1 once closed, until the list is compacted
    std::size_t pos = 0;  // how far into the recording's bytes it has been sent
    std::string name;     // its address, for messages
  };
  void accept_clients(bool started, std::size_t played);
  void close_client(Client& c);
  void drop(Client& c, const std::string& why);

  const Recording& recording_;
  ServerOptions options_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};  // the self-pipe stop() writes to
  std::atomic<bool> stop_{false};
  std::vector<Client> clients_;
  std::string address_;  // "127.0.0.1:40123", for messages
  ServeStats stats_;
};

}  // namespace skywitness::replay

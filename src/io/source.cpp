#include "skywitness/io/source.hpp"

#include <fcntl.h>
#include <libdeflate.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

namespace skywitness::io {
namespace {

// Reads a file descriptor, with the first bytes (already read to sniff the
// magic number) replayed first.
class FdReader {
 public:
  FdReader(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdReader() {
    if (owned_ && fd_ >= 0) ::close(fd_);
  }
  FdReader(const FdReader&) = delete;
  FdReader& operator=(const FdReader&) = delete;

  void unread(const std::uint8_t* p, std::size_t n) {
    pending_.assign(p, p + n);
    offset_ -= n;
  }

  // Returns bytes read, 0 at end, -1 on error (errno kept).
  long read(std::uint8_t* out, std::size_t n) {
    if (pos_ < pending_.size()) {
      const std::size_t k = std::min(n, pending_.size() - pos_);
      std::memcpy(out, pending_.data() + pos_, k);
      pos_ += k;
      offset_ += k;
      return static_cast<long>(k);
    }
    for (;;) {
      const ssize_t r = ::read(fd_, out, n);
      if (r < 0 && errno == EINTR) continue;
      if (r > 0) offset_ += static_cast<std::uint64_t>(r);
      return static_cast<long>(r);
    }
  }
  std::uint64_t offset() const { return offset_; }

 private:
  int fd_;
  bool owned_;
  std::vector<std::uint8_t> pending_;
  std::size_t pos_ = 0;
  std::uint64_t offset_ = 0;
};

class PlainSource final : public ByteSource {
 public:
  explicit PlainSource(std::unique_ptr<FdReader> r) : r_(std::move(r)) {}
  std::size_t read(std::uint8_t* out, std::size_t n) override {
    const long k = r_->read(out, n);
    if (k < 0) {
      error_ = fmt::format("read error: {}", std::strerror(errno));
      return 0;
    }
    return static_cast<std::size_t>(k);
  }
  std::uint64_t raw_offset() const override { return r_->offset(); }

 private:
  std::unique_ptr<FdReader> r_;
};

constexpr std::size_t kInChunk = 1 << 17;

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<FdReader> r) : r_(std::move(r)), in_(kInChunk) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 32);  // gzip or zlib header, detected
  }
  ~GzipSource() override { inflateEnd(&z_); }

  std::size_t read(std::uint8_t* out, std::size_t n) override {
    if (done_) return 0;
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0) {
        const long k = r_->read(in_.data(), in_.size());
        if (k < 0) return fail(fmt::format("read error: {}", std::strerror(errno)));
        if (k == 0) {
          if (!stream_end_)
            return fail(
                fmt::format("truncated gzip stream (ends at compressed byte {})", r_->offset()));
          done_ = true;
          break;
        }
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(k);
        stream_end_ = false;
      }
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Concatenated gzip members are one stream (as gzip(1) treats them).
        stream_end_ = true;
        inflateReset(&z_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return fail(fmt::format("corrupt gzip data near compressed byte {}: {}",
                                r_->offset() - z_.avail_in, z_.msg ? z_.msg : "inflate error"));
      } else if (rc == Z_BUF_ERROR && z_.avail_in != 0) {
        return fail("gzip inflate made no progress");
      }
    }
    return n - z_.avail_out;
  }
  std::uint64_t raw_offset() const override { return r_->offset() - z_.avail_in; }

 private:
  std::size_t fail(std::string msg) {
    error_ = std::move(msg);
    done_ = true;
    return 0;
  }
  std::unique_ptr<FdReader> r_;
  std::vector<std::uint8_t> in_;
  z_stream z_;
  bool stream_end_ = false, done_ = false;
};

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<FdReader> r) : r_(std::move(r)), in_(ZSTD_DStreamInSize()) {
    d_ = ZSTD_createDStream();
    ZSTD_initDStream(d_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(d_); }

  std::size_t read(std::uint8_t* out, std::size_t n) override {
    if (done_) return 0;
    ZSTD_outBuffer ob{out, n, 0};
    while (ob.pos == 0) {
      if (ib_.pos == ib_.size) {
        const long k = r_->read(in_.data(), in_.size());
        if (k < 0) return fail(fmt::format("read error: {}", std::strerror(errno)));
        if (k == 0) {
          if (last_ret_ != 0)
            return fail(
                fmt::format("truncated zstd stream (ends at compressed byte {})", r_->offset()));
          done_ = true;
          return 0;
        }
        ib_ = ZSTD_inBuffer{in_.data(), static_cast<std::size_t>(k), 0};
      }
      // One block a call, as much input as the decoder's hint asks for (a
      // frame's 4-byte magic number first): given more, zstd decodes several
      // blocks in one call and hands out none of them when a later one is
      // damaged, and the data before the damage is good data.
      const std::size_t want = last_ret_ > 0 ? last_ret_ : 4;
      ZSTD_inBuffer slice{ib_.src, std::min(ib_.size, ib_.pos + want), ib_.pos};
      // The block (or frame header) that fails starts here; the end of the
      // last read can be 128 KB further on.
      const std::uint64_t at = raw_offset();
      last_ret_ = ZSTD_decompressStream(d_, &ob, &slice);
      ib_.pos = slice.pos;
      if (ZSTD_isError(last_ret_))
        return fail(fmt::format("corrupt zstd data near compressed byte {}: {}", at,
                                ZSTD_getErrorName(last_ret_)));
    }
    return ob.pos;
  }
  std::uint64_t raw_offset() const override { return r_->offset() - (ib_.size - ib_.pos); }

 private:
  std::size_t fail(std::string msg) {
    error_ = std::move(msg);
    done_ = true;
    return 0;
  }
  std::unique_ptr<FdReader> r_;
  std::vector<std::uint8_t> in_;
  ZSTD_inBuffer ib_{nullptr, 0, 0};
  ZSTD_DStream* d_;
  std::size_t last_ret_ = 0;
  bool done_ = false;
};

}  // namespace

namespace {

// The fast path: libdeflate inflates a whole gzip member in one call, about
// twice as fast as zlib. Members follow one another until the input ends.
bool gunzip_fast(std::string_view in, std::string& out) {
  // One a thread, freed when the thread ends (ingest's workers come and go).
  struct Free {
    void operator()(libdeflate_decompressor* p) const { libdeflate_free_decompressor(p); }
  };
  thread_local const std::unique_ptr<libdeflate_decompressor, Free> owned(
      libdeflate_alloc_decompressor());
  libdeflate_decompressor* d = owned.get();
  if (!d) return false;
  const std::size_t start = out.size();
  while (!in.empty()) {
    // The trailer's ISIZE is the member's size modulo 2^32; one member is
    // assumed, and the buffer grows when it is wrong.
    std::size_t guess = in.size() * 4;
    if (in.size() >= 18) {
      std::uint32_t isize = 0;
      std::memcpy(&isize, in.data() + in.size() - 4, 4);
      guess = std::max<std::size_t>(isize, 64);
    }
    for (;;) {
      const std::size_t have = out.size();
      out.resize(have + guess);
      std::size_t used_in = 0, produced = 0;
      const auto rc = libdeflate_gzip_decompress_ex(d, in.data(), in.size(), out.data() + have,
                                                    guess, &used_in, &produced);
      if (rc == LIBDEFLATE_SUCCESS) {
        out.resize(have + produced);
        in.remove_prefix(used_in);
        break;
      }
      out.resize(have);
      if (rc != LIBDEFLATE_INSUFFICIENT_SPACE || guess > (std::size_t{1} << 34)) {
        out.resize(start);
        return false;
      }
      guess *= 2;
    }
  }
  return true;
}

}  // namespace

std::string gunzip(std::string_view in, std::string& out) {
  if (gunzip_fast(in, out)) return {};
  // Damaged or cut off: zlib inflates up to the fault and says where it is.
  z_stream z;
  std::memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "cannot start gzip inflate";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::size_t have = out.size();
  out.resize(have + std::max<std::size_t>(in.size() * 4, 4096));
  std::string error;
  for (;;) {
    if (have == out.size()) out.resize(out.size() * 2);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - have, 1U << 30));
    const uInt before = z.avail_out;
    const int rc = inflate(&z, Z_NO_FLUSH);
    have += before - z.avail_out;
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      inflateReset(&z);  // another member follows
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      error = fmt::format("truncated gzip data (ends at compressed byte {})", in.size());
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error = fmt::format("corrupt gzip data near compressed byte {}: {}", in.size() - z.avail_in,
                          z.msg ? z.msg : "inflate error");
      break;
    }
  }
  inflateEnd(&z);
  out.resize(have);
  return error;
}

void ByteSource::read_all(std::string& out) {
  std::uint8_t buf[1 << 16];
  while (std::size_t n = read(buf, sizeof buf)) out.append(reinterpret_cast<char*>(buf), n);
}

const char* compression_name(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "?";
}

std::string read_whole_file(const std::string& path, std::string& out) {
  auto opened = open_source(path);
  if (!opened.source) return opened.error;
  opened.source->read_all(out);
  return opened.source->error();
}

OpenResult open_source(const std::string& path) {
  OpenResult res;
  int fd = 0;
  bool owned = false;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      res.error = fmt::format("cannot open {}: {}", path, std::strerror(errno));
      return res;
    }
    owned = true;
  }
  auto reader = std::make_unique<FdReader>(fd, owned);
  std::uint8_t magic[4] = {};
  std::size_t got = 0;
  while (got < 4) {
    const long k = reader->read(magic + got, 4 - got);
    if (k < 0) {
      res.error = fmt::format("cannot read {}: {}", path, std::strerror(errno));
      return res;
    }
    if (k == 0) break;
    got += static_cast<std::size_t>(k);
  }
  reader->unread(magic, got);
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    res.compression = Compression::kGzip;
    res.source = std::make_unique<GzipSource>(std::move(reader));
  } else if (got >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f &&
             magic[3] == 0xfd) {
    res.compression = Compression::kZstd;
    res.source = std::make_unique<ZstdSource>(std::move(reader));
  } else {
    res.source = std::make_unique<PlainSource>(std::move(reader));
  }
  return res;
}

}  // namespace skywitness::io

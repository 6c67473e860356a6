#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "skywitness/io/source.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace fs = std::filesystem;

class IoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("skywitness-io-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    for (int i = 0; i < 20000; ++i) text_ += "*8D406B902015A678D4D220AA4BDA;\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  std::string gzip(const std::string& s) {
    const auto p = (dir_ / "tmp.gz").string();
    gzFile g = gzopen(p.c_str(), "wb");
    gzwrite(g, s.data(), static_cast<unsigned>(s.size()));
    gzclose(g);
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // Small reads on purpose: callers of read() rarely ask for what the decoder holds.
  static std::string read_in_small_chunks(io::ByteSource& src) {
    std::string out;
    std::uint8_t buf[4096];
    while (std::size_t n = src.read(buf, sizeof buf)) out.append(reinterpret_cast<char*>(buf), n);
    return out;
  }

  fs::path dir_;
  std::string text_;
};

TEST_F(IoTest, PlainGzipAndZstdGiveTheSameBytes) {
  auto plain = io::open_source(write("a.txt", text_));
  ASSERT_TRUE(plain.source);
  EXPECT_EQ(plain.compression, io::Compression::kNone);
  EXPECT_EQ(read_in_small_chunks(*plain.source), text_);

  // The name says nothing: compression is told by the magic number.
  auto gz = io::open_source(write("b.txt", gzip(text_)));
  EXPECT_EQ(gz.compression, io::Compression::kGzip);
  EXPECT_EQ(read_in_small_chunks(*gz.source), text_);
  EXPECT_TRUE(gz.source->error().empty());

  std::string z(ZSTD_compressBound(text_.size()), '\0');
  z.resize(ZSTD_compress(z.data(), z.size(), text_.data(), text_.size(), 3));
  auto zs = io::open_source(write("c.zst", z));
  EXPECT_EQ(zs.compression, io::Compression::kZstd);
  EXPECT_EQ(read_in_small_chunks(*zs.source), text_);
  EXPECT_TRUE(zs.source->error().empty());
}

TEST_F(IoTest, ConcatenatedGzipMembersReadAsOneStream) {
  auto gz = io::open_source(write("two.gz", gzip("first\n") + gzip("second\n")));
  EXPECT_EQ(read_in_small_chunks(*gz.source), "first\nsecond\n");
}

TEST_F(IoTest, TruncatedCompressedInputKeepsWhatCameBeforeAndSaysWhy) {
  const std::string gz = gzip(text_);
  auto src = io::open_source(write("cut.gz", gz.substr(0, gz.size() / 2)));
  const std::string got = read_in_small_chunks(*src.source);
  EXPECT_GT(got.size(), 0u);
  EXPECT_EQ(text_.compare(0, got.size(), got), 0);
  EXPECT_NE(src.source->error().find("truncated gzip"), std::string::npos) << src.source->error();

  std::string z(ZSTD_compressBound(text_.size()), '\0');
  z.resize(ZSTD_compress(z.data(), z.size(), text_.data(), text_.size(), 3));
  auto zsrc = io::open_source(write("cut.zst", z.substr(0, z.size() - 5)));
  read_in_small_chunks(*zsrc.source);
  EXPECT_NE(zsrc.source->error().find("truncated zstd"), std::string::npos) << zsrc.source->error();
}

TEST_F(IoTest, CorruptGzipIsAnErrorNotACrash) {
  std::string gz = gzip(text_);
  for (std::size_t i = 20; i < gz.size(); i += 7) gz[i] = static_cast<char>(gz[i] ^ 0x55);
  auto src = io::open_source(write("bad.gz", gz));
  read_in_small_chunks(*src.source);
  EXPECT_FALSE(src.source->error().empty());
}

TEST_F(IoTest, MissingFileSaysSo) {
  auto r = io::open_source((dir_ / "nope").string());
  EXPECT_FALSE(r.source);
  EXPECT_NE(r.error.find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace skywitness

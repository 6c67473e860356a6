// Writes the benchmark corpus as files, for whole-process timings:
//   make_corpus OUT_PREFIX [FRAMES]  ->  OUT_PREFIX.avr, OUT_PREFIX.beast
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "corpus.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_corpus OUT_PREFIX [FRAMES]\n");
    return 2;
  }
  const std::size_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'200'000;
  const auto frames = skywitness::bench::make_corpus(n, SKYWITNESS_SAMPLE_AVR);
  std::ofstream(std::string(argv[1]) + ".avr", std::ios::binary)
      << skywitness::bench::to_avr(frames);
  std::ofstream(std::string(argv[1]) + ".beast", std::ios::binary)
      << skywitness::bench::to_beast(frames);
  std::printf("%zu frames\n", frames.size());
  return 0;
}

// A benchmark corpus: synthetic traffic (many aircraft, the message mix of a
// busy receiver, some corrupted frames) around the real recorded sample.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "skywitness/core/frame.hpp"

namespace skywitness::bench {

// Frames in time order, with 12 MHz receiver clocks.
std::vector<Frame> make_corpus(std::size_t min_frames, const std::string& real_avr_path);

std::string to_avr(const std::vector<Frame>& frames);    // "@<clock><hex>;" lines
std::string to_beast(const std::vector<Frame>& frames);  // Beast binary with escapes

}  // namespace skywitness::bench

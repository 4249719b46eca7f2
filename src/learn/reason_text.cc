#include "learn/reason_text.h"

#include <algorithm>
#include <cstring>

namespace acctseg::learn {

namespace {

// Rows of at most this many features have their reasons taken as maxima.
constexpr size_t kMostRankedFeatures = 32;

// |c| as bits: for numbers, the unsigned order of the bits is the order of
// the magnitudes (and +0 and -0 are equal).
uint32_t MagnitudeBits(float c) {
  uint32_t bits;
  std::memcpy(&bits, &c, sizeof bits);
  return bits & 0x7fffffffu;
}

}  // namespace

void TopContributions(const float* contributions, size_t features, size_t top, uint32_t* out) {
  if (features <= kMostRankedFeatures) {
    // A feature's key: its magnitude, then its index reversed, so the
    // largest key is the largest magnitude, the earliest feature among
    // equals; taken out, the next largest is the next reason. Maxima have
    // no branch to mispredict, which the insertion below does on every
    // row (its compares depend on the row's values), and `top` of them
    // take top x features steps where ranking every feature by counting
    // took features^2 (10M rows' three reasons of nine features: 0.24 s
    // against 0.37 s, bench/learn/README.md).
    // A real key is never 0: its low half is at least 2^32 - features.
    uint64_t key[kMostRankedFeatures];
    for (size_t f = 0; f < features; ++f)
      key[f] = uint64_t{MagnitudeBits(contributions[f])} << 32 | ~static_cast<uint32_t>(f);
    // More than `features` would take a zeroed key, whose index is past
    // the row's.
    top = std::min(top, features);
    for (size_t k = 0; k < top; ++k) {
      // Two maxima side by side halve the chain of dependent steps.
      uint64_t even = 0, odd = 0;
      size_t f = 0;
      for (; f + 1 < features; f += 2) {
        even = std::max(even, key[f]);
        odd = std::max(odd, key[f + 1]);
      }
      if (f < features) even = std::max(even, key[f]);
      const uint32_t strongest = ~static_cast<uint32_t>(std::max(even, odd));
      out[k] = strongest;
      key[strongest] = 0;
    }
    return;
  }
  // Insertion into a sorted prefix of `top`: few reasons are asked for, so
  // this is a handful of compares per feature. The order is total (ties
  // by index), so the result is the one partial_sort gave.
  size_t held = 0;
  for (uint32_t f = 0; f < features; ++f) {
    const uint32_t magnitude = MagnitudeBits(contributions[f]);
    size_t at = held;
    // Earlier features win ties, so f goes after every equal one.
    while (at > 0 && MagnitudeBits(contributions[out[at - 1]]) < magnitude) --at;
    if (at >= top) continue;
    for (size_t k = std::min(held, top - 1); k > at; --k) out[k] = out[k - 1];
    out[at] = f;
    if (held < top) ++held;
  }
}

}  // namespace acctseg::learn

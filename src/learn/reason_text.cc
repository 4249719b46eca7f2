#include "learn/reason_text.h"

#include <algorithm>
#include <cstring>

namespace acctseg::learn {

namespace {

// Rows of at most this many features are ranked by counting.
constexpr size_t kMostCountedFeatures = 32;

// |c| as bits: for numbers, the unsigned order of the bits is the order of
// the magnitudes (and +0 and -0 are equal).
uint32_t MagnitudeBits(float c) {
  uint32_t bits;
  std::memcpy(&bits, &c, sizeof bits);
  return bits & 0x7fffffffu;
}

}  // namespace

void TopContributions(const float* contributions, size_t features, size_t top, uint32_t* out) {
  if (features <= kMostCountedFeatures) {
    // A feature's rank is how many come before it: larger, or as large and
    // earlier. Counting has no branch to mispredict, which the insertion
    // below does on every row (its compares depend on the row's values);
    // the ranks are a permutation, so each slot is written once.
    uint32_t magnitude[kMostCountedFeatures], by_rank[kMostCountedFeatures];
    for (size_t f = 0; f < features; ++f) magnitude[f] = MagnitudeBits(contributions[f]);
    for (size_t f = 0; f < features; ++f) {
      uint32_t rank = 0;
      for (size_t g = 0; g < f; ++g) rank += magnitude[g] >= magnitude[f];
      for (size_t g = f + 1; g < features; ++g) rank += magnitude[g] > magnitude[f];
      by_rank[rank] = static_cast<uint32_t>(f);
    }
    std::copy(by_rank, by_rank + top, out);
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

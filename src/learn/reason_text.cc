#include "learn/reason_text.h"

#include <cmath>

namespace acctseg::learn {

void TopContributions(const float* contributions, size_t features, size_t top, uint32_t* out) {
  // Insertion into a sorted prefix of `top`: few reasons are asked for, so
  // this is a handful of compares per feature. The order is total (ties
  // by index), so the result is the one partial_sort gave.
  size_t held = 0;
  for (uint32_t f = 0; f < features; ++f) {
    const float magnitude = std::fabs(contributions[f]);
    size_t at = held;
    // Earlier features win ties, so f goes after every equal one.
    while (at > 0 && std::fabs(contributions[out[at - 1]]) < magnitude) --at;
    if (at >= top) continue;
    for (size_t k = std::min(held, top - 1); k > at; --k) out[k] = out[k - 1];
    out[at] = f;
    if (held < top) ++held;
  }
}

}  // namespace acctseg::learn

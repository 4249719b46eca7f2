// Exact sums of many 64-bit integers, kept as a wrapped 64-bit sum and a
// count of wraps: the exact sum is sum + wraps x 2^64. Only the whole sum
// has to fit, so a running total that passes the range on its way and
// comes back is no error, whatever the order of the additions.
#pragma once

#include <cstdint>

namespace acctseg {

// Adds `addend` to `sum` modulo 2^64; returns how far, in 2^64, the exact
// sum moved past the wrapped one: +1, -1 or 0.
inline int WrappingAdd(int64_t& sum, int64_t addend) {
  if (!__builtin_add_overflow(sum, addend, &sum)) return 0;
  return addend > 0 ? 1 : -1;
}

}  // namespace acctseg

// In-place MSD radix sort (American flag sort) for items whose order is
// first that of a few key bytes, most significant first: the tier step's
// packed words and the byte-order ranks of an id dictionary, which
// std::sort spent ~9% of a 10M-account run on (bench/README.md, "Radix
// sorts"). No second array: items are swapped into their byte's bucket,
// and each bucket is sorted by the next byte. A byte every item of a range
// shares is skipped after one counting pass; small ranges, and ranges
// whose key bytes are all equal, are left to std::sort with `less`, which
// must order items as their key bytes do and decide what the bytes do not
// (a row index, the rest of a text).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace acctseg {

// Sorts [first, last) by `less`, where byte_of(item, k) for k in [byte,
// bytes) are the item's key bytes from the most significant, and items
// whose bytes differ order as the first differing byte does.
template <typename T, typename ByteOf, typename Less>
void RadixSort(T* first, T* last, int byte, int bytes, const ByteOf& byte_of, const Less& less) {
  // Below this a bucket pass costs more than the comparisons it saves.
  constexpr ptrdiff_t kComparisonBelow = 64;
  for (;; ++byte) {
    const ptrdiff_t n = last - first;
    if (n < kComparisonBelow || byte >= bytes) {
      std::sort(first, last, less);
      return;
    }
    size_t counts[256] = {};
    for (T* item = first; item != last; ++item) ++counts[byte_of(*item, byte)];
    if (counts[byte_of(*first, byte)] == static_cast<size_t>(n)) continue;
    T* heads[256];
    T* ends[256];
    T* at = first;
    for (int b = 0; b < 256; ++b) {
      heads[b] = at;
      at += counts[b];
      ends[b] = at;
    }
    // Each bucket in turn takes its items from wherever they are: an item
    // out of place is swapped into its own bucket's next free place.
    for (int b = 0; b < 256; ++b) {
      while (heads[b] != ends[b]) {
        T item = std::move(*heads[b]);
        for (int home = byte_of(item, byte); home != b; home = byte_of(item, byte))
          std::swap(item, *heads[home]++);
        *heads[b]++ = std::move(item);
      }
    }
    T* begin = first;
    for (int b = 0; b < 256; ++b) {
      if (counts[b] > 1) RadixSort(begin, begin + counts[b], byte + 1, bytes, byte_of, less);
      begin += counts[b];
    }
    return;
  }
}

// The bytes of an unsigned 64-bit key, most significant first.
inline int WordByte(uint64_t word, int byte) {
  return static_cast<int>((word >> (56 - 8 * byte)) & 0xff);
}

}  // namespace acctseg

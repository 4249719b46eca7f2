// Sorting big arrays on several threads (sample sort): splitters taken from
// a regular sample cut the array into buckets of about equal size, items
// are scattered to their bucket, and the buckets are sorted side by side.
//
// Not stable: use it with a strict total order (ties broken by a row index,
// or distinct keys), where the sorted result is the same whatever the number
// of threads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/parallel.h"

namespace acctseg {

template <typename T, typename Less>
void ParallelSort(std::vector<T>& items, int threads, Less less) {
  constexpr size_t kSerialBelow = size_t{1} << 16;
  constexpr size_t kOversample = 32;
  const size_t n = items.size();
  if (threads <= 1 || n < kSerialBelow) {
    std::sort(items.begin(), items.end(), less);
    return;
  }
  // More buckets than threads, so an unlucky bucket does not hold up the end;
  // at most 256, so each item's bucket takes a byte (the tier step sorts
  // groups of 60M rows at 100M accounts: 4 bytes an item were 180 MB more).
  const size_t buckets = std::min<size_t>(static_cast<size_t>(threads) * 8, 256);
  std::vector<T> sample;
  size_t step = n / (buckets * kOversample);
  for (size_t i = 0; i < buckets * kOversample; ++i) sample.push_back(items[i * step]);
  std::sort(sample.begin(), sample.end(), less);
  std::vector<T> splitters;
  for (size_t b = 1; b < buckets; ++b) splitters.push_back(sample[b * kOversample]);
  auto bucket_of = [&](const T& item) {
    return static_cast<size_t>(std::upper_bound(splitters.begin(), splitters.end(), item, less) -
                               splitters.begin());
  };

  // Count per (slice, bucket), then scatter each slice to its own offsets.
  const size_t slices = static_cast<size_t>(threads) * 4;
  const size_t slice_rows = (n + slices - 1) / slices;
  std::vector<size_t> counts(slices * buckets, 0);
  std::vector<uint8_t> bucket(n);
  ParallelFor(slices, threads, [&](size_t s) {
    size_t end = std::min(n, (s + 1) * slice_rows);
    for (size_t i = s * slice_rows; i < end; ++i) {
      bucket[i] = static_cast<uint8_t>(bucket_of(items[i]));
      ++counts[s * buckets + bucket[i]];
    }
  });
  std::vector<size_t> bucket_start(buckets + 1, 0);
  std::vector<size_t> offsets(slices * buckets);
  size_t total = 0;
  for (size_t b = 0; b < buckets; ++b) {
    bucket_start[b] = total;
    for (size_t s = 0; s < slices; ++s) {
      offsets[s * buckets + b] = total;
      total += counts[s * buckets + b];
    }
  }
  bucket_start[buckets] = total;
  std::vector<T> scattered(n);
  ParallelFor(slices, threads, [&](size_t s) {
    size_t end = std::min(n, (s + 1) * slice_rows);
    size_t* next = &offsets[s * buckets];
    for (size_t i = s * slice_rows; i < end; ++i) scattered[next[bucket[i]]++] = items[i];
  });
  ParallelFor(buckets, threads, [&](size_t b) {
    std::sort(scattered.begin() + bucket_start[b], scattered.begin() + bucket_start[b + 1], less);
  });
  items.swap(scattered);
}

}  // namespace acctseg

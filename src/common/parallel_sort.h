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

namespace parallel_sort_internal {
// Smaller arrays sort on one thread; splitters come from this many sampled
// items per bucket.
constexpr size_t kSerialBelow = size_t{1} << 16;
constexpr size_t kOversample = 32;
}  // namespace parallel_sort_internal

template <typename T, typename Less>
void ParallelSort(std::vector<T>& items, int threads, Less less) {
  using parallel_sort_internal::kOversample;
  using parallel_sort_internal::kSerialBelow;
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

// Visits `items` in sorted order without a sorted copy of them: slices of
// `items` are sorted in place side by side, the whole order is cut at
// sampled splitters into a range of ranks per thread, and each thread
// merges its range's part of every slice, calling visit(rank, item) with
// the item's place in the whole order (threads visit distinct ranks at
// once). `items` is left sorted slice by slice, not as a whole.
//
// For callers that want each item's rank, or the item at each rank, not
// the sorted array: it needs no second array, where ParallelSort's
// scattered copy doubles the memory (at 100M accounts, 1.6 GB more at the
// tier step, the run's peak). `less` must be a strict total order, as for
// ParallelSort; then the visits do not depend on the number of threads.
// sort_range(first, last) sorts a slice (T*) as `less` orders it: a radix
// sort where the order is one of key bytes (common/radix_sort.h).
template <typename T, typename Less, typename Visit, typename SortRange>
void ParallelSortedVisit(std::vector<T>& items, int threads, Less less, Visit visit,
                         SortRange sort_range) {
  using parallel_sort_internal::kOversample;
  using parallel_sort_internal::kSerialBelow;
  const size_t n = items.size();
  const size_t parts = threads <= 1 || n < kSerialBelow ? 1 : static_cast<size_t>(threads);
  if (parts == 1) {
    sort_range(items.data(), items.data() + n);
    for (size_t i = 0; i < n; ++i) visit(i, items[i]);
    return;
  }
  std::vector<size_t> slice_start(parts + 1);
  for (size_t p = 0; p <= parts; ++p) slice_start[p] = n * p / parts;
  ParallelFor(parts, threads, [&](size_t p) {
    sort_range(items.data() + slice_start[p], items.data() + slice_start[p + 1]);
  });
  // Range r holds the items from splitter r - 1 (included) up to splitter r.
  std::vector<T> sample;
  for (size_t p = 0; p < parts; ++p) {
    const size_t size = slice_start[p + 1] - slice_start[p];
    for (size_t k = 1; k <= kOversample; ++k)
      sample.push_back(items[slice_start[p] + size * k / (kOversample + 1)]);
  }
  std::sort(sample.begin(), sample.end(), less);
  const size_t ranges = parts;
  // cut[r * parts + p]: where range r begins in slice p.
  std::vector<size_t> cut((ranges + 1) * parts);
  for (size_t p = 0; p < parts; ++p) {
    cut[p] = slice_start[p];
    cut[ranges * parts + p] = slice_start[p + 1];
    for (size_t r = 1; r < ranges; ++r) {
      const T& splitter = sample[r * sample.size() / ranges];
      cut[r * parts + p] =
          static_cast<size_t>(std::lower_bound(items.begin() + slice_start[p],
                                               items.begin() + slice_start[p + 1], splitter, less) -
                              items.begin());
    }
  }
  ParallelFor(ranges, threads, [&](size_t r) {
    size_t rank = 0;
    for (size_t p = 0; p < parts; ++p) rank += cut[r * parts + p] - slice_start[p];
    std::vector<size_t> at(cut.begin() + r * parts, cut.begin() + (r + 1) * parts);
    const size_t* end = &cut[(r + 1) * parts];
    for (;;) {
      size_t best = parts;
      for (size_t p = 0; p < parts; ++p)
        if (at[p] < end[p] && (best == parts || less(items[at[p]], items[at[best]]))) best = p;
      if (best == parts) break;
      visit(rank++, items[at[best]++]);
    }
  });
}

// The same, each slice sorted by std::sort.
template <typename T, typename Less, typename Visit>
void ParallelSortedVisit(std::vector<T>& items, int threads, Less less, Visit visit) {
  ParallelSortedVisit(items, threads, less, visit,
                      [&](T* first, T* last) { std::sort(first, last, less); });
}

}  // namespace acctseg

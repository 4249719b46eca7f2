#include "table/sort_keys.h"

#include <algorithm>
#include <bit>
#include <mutex>
#include <type_traits>

#include "common/parallel.h"
#include "common/parallel_sort.h"
#include "common/radix_sort.h"

namespace acctseg {

std::vector<uint32_t> ByteOrderRanks(const Dictionary& dictionary, int threads) {
  // Sorts on the first 12 bytes as big-endian integers and compares whole
  // strings only between equal prefixes: most comparisons never call
  // memcmp. 12 bytes, not 16, keep an entry at 16 bytes: a 10M-entry id
  // dictionary sorts in 320 MB (with the sort's scatter buffer) instead of
  // 480 MB, the tier step's peak.
  struct Entry {
    uint64_t high;  // bytes 0-7, zero-padded
    uint32_t low;   // bytes 8-11
    uint32_t code;
  };
  static_assert(sizeof(Entry) == 16);
  std::vector<Entry> entries(dictionary.size());
  ParallelRanges(entries.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t code = begin; code < end; ++code) {
      std::string_view text = dictionary.Get(static_cast<uint32_t>(code));
      uint64_t high = 0;
      uint32_t low = 0;
      for (size_t i = 0; i < 8; ++i)
        high = (high << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0);
      for (size_t i = 8; i < 12; ++i)
        low = (low << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0);
      entries[code] = {high, low, static_cast<uint32_t>(code)};
    }
  });
  // Zero padding ties "a" with "a\0": such pairs fall through to the full
  // comparison, which orders them correctly. Only ranks are wanted, so the
  // entries are never copied into one sorted array.
  std::vector<uint32_t> ranks(entries.size());
  auto less = [&](const Entry& a, const Entry& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    return dictionary.Get(a.code) < dictionary.Get(b.code);
  };
  // The 12 prefix bytes as radix keys; equal prefixes go to `less`.
  auto byte_of = [](const Entry& entry, int byte) {
    return byte < 8 ? WordByte(entry.high, byte)
                    : static_cast<int>((entry.low >> (24 - 8 * (byte - 8))) & 0xff);
  };
  ParallelSortedVisit(
      entries, threads, less,
      [&](size_t rank, const Entry& entry) { ranks[entry.code] = static_cast<uint32_t>(rank); },
      [&](Entry* first, Entry* last) { RadixSort(first, last, 0, 12, byte_of, less); });
  return ranks;
}

SortKeys::SortKeys(const std::vector<SortColumn>& columns, int threads) {
  for (const SortColumn& column : columns) {
    const Column& c = *column.column;
    Key& key = keys_.emplace_back();
    if (c.type.id == TypeId::kString) {
      key.codes = &c.codes;
      key.rank_of_code = ByteOrderRanks(*c.dictionary, threads);
    } else {
      key.ints = &c.ints;
    }
    key.descending = column.descending;
    key.nulls = c.HasNulls() ? &c.nulls : nullptr;
    key.nulls_first = column.nulls_first;
  }
}

void SortKeys::Sort(std::vector<int32_t>& rows, int threads) const {
  std::vector<Range> ranges;
  // A selection is in increasing order, so its last row is the largest.
  const int row_bits = std::bit_width(rows.empty() ? 0u : static_cast<uint32_t>(rows.back()));
  int bits = row_bits;
  for (const Key& key : keys_) {
    ranges.push_back(RangeOf(key, rows, threads));
    bits += ranges.back().bits;
  }
  // (One bit short of the width: no shift is ever by the full width.)
  if (bits < 64) return SortPacked<uint64_t>(ranges, row_bits, rows, threads);
  if (bits < 128) return SortPacked<unsigned __int128>(ranges, row_bits, rows, threads);
  std::stable_sort(rows.begin(), rows.end(), [&](int32_t a, int32_t b) { return Before(a, b); });
}

SortKeys::Range SortKeys::RangeOf(const Key& key, const std::vector<int32_t>& rows,
                                  int threads) const {
  std::mutex mutex;
  int64_t min = INT64_MAX, max = INT64_MIN;
  ParallelRanges(rows.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = begin; i < end; ++i) {
      int32_t row = rows[i];
      if (key.nulls && (*key.nulls)[row]) continue;
      const int64_t value = key.Value(row);
      lo = std::min(lo, value);
      hi = std::max(hi, value);
    }
    std::lock_guard<std::mutex> lock(mutex);
    min = std::min(min, lo);
    max = std::max(max, hi);
  });
  Range range;
  if (min > max) return range;  // all NULL: one value, no bits
  // Values map to value - min, NULL one past the largest; with NULLs first
  // everything moves up one and NULL takes 0.
  const uint64_t span = static_cast<uint64_t>(max) - static_cast<uint64_t>(min) + 1;
  const bool nulls_first = key.nulls && key.nulls_first;
  range.min = static_cast<int64_t>(static_cast<uint64_t>(min) - (nulls_first ? 1 : 0));
  range.null_value = nulls_first ? 0 : span;
  range.bits = std::bit_width(key.nulls ? span : span - 1);
  // A full 64-bit range and NULLs: 65 bits, and NULL's place (2^64) fits no
  // uint64_t. Too wide to pack, so the comparison sorts.
  if (key.nulls && span == 0) range.bits = 128;
  return range;
}

template <typename Word>
void SortKeys::SortPacked(const std::vector<Range>& ranges, int row_bits,
                          std::vector<int32_t>& rows, int threads) const {
  std::vector<Word> packed(rows.size());
  ParallelRanges(rows.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const int32_t row = rows[i];
      Word word = 0;
      for (size_t k = 0; k < keys_.size(); ++k) {
        const bool is_null = keys_[k].nulls && (*keys_[k].nulls)[row];
        uint64_t value = is_null ? ranges[k].null_value
                                 : static_cast<uint64_t>(keys_[k].Value(row)) -
                                       static_cast<uint64_t>(ranges[k].min);
        word = ranges[k].bits == 0 ? word : (word << ranges[k].bits) | value;
      }
      packed[i] = (word << row_bits) | static_cast<uint32_t>(row);
    }
  });
  // The row breaks every tie, so the order is total and a parallel sort
  // gives the same result at any thread count; each word's row goes
  // straight to its place (the rows are all in `packed` by now).
  const Word row_mask = (Word{1} << row_bits) - 1;
  auto visit = [&](size_t rank, Word word) { rows[rank] = static_cast<int32_t>(word & row_mask); };
  if constexpr (std::is_same_v<Word, uint64_t>) {
    ParallelSortedVisit(packed, threads, std::less<Word>(), visit, [](Word* first, Word* last) {
      RadixSort(first, last, 0, 8, WordByte, std::less<Word>());
    });
  } else {
    ParallelSortedVisit(packed, threads, std::less<Word>(), visit);
  }
}

bool SortKeys::Before(int32_t a, int32_t b) const {
  for (const Key& key : keys_) {
    if (key.nulls) {
      bool a_null = (*key.nulls)[a], b_null = (*key.nulls)[b];
      if (a_null || b_null) {
        if (a_null == b_null) continue;
        return key.nulls_first ? a_null : b_null;
      }
    }
    int64_t x = key.Value(a), y = key.Value(b);
    if (x != y) return x < y;
  }
  return false;  // tied on every key
}

}  // namespace acctseg

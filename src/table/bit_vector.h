// A bit a row in 64-bit words: which rows of a column are NULL (NullMask,
// table/null_mask.h) and the values of a column that holds only 0 and 1
// (booleans, table/packed_array.h) — an eighth of a byte a row. At 100M
// accounts such a column is 12.5 MB instead of 100 (docs/architecture.md,
// "Narrow columns"). Bits past the last row are always zero, so whole words
// can be compared and scanned.
//
// Writers set rows from several threads at once (a step's morsels, the CSV
// reader's chunks), and their ranges do not start on word boundaries: Set
// therefore changes its bit with an atomic read-modify-write, and only when
// the bit changes. A vector starts all zero and most rows of a NULL mask
// stay zero, so the common write is one plain load. Readers (operator[],
// CopyTo) read plainly: a finished column is immutable.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace acctseg {

class BitVector {
 public:
  BitVector() = default;
  BitVector(size_t rows, bool bit) { assign(rows, bit); }
  // A row's flag each, nonzero = 1 (tests and small tables).
  BitVector(std::initializer_list<int> flags);
  // A byte a row, nonzero = 1: the run store's stored form of NULLs.
  static BitVector FromBytes(std::span<const uint8_t> flags);
  // `rows` rows from their words (the input cache's stored form), which
  // the caller has checked number WordsFor(rows); bits past the last row
  // are cleared.
  static BitVector FromWords(size_t rows, std::vector<uint64_t> words);
  static size_t WordsFor(size_t rows) { return (rows + 63) / 64; }

  size_t size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  std::span<const uint64_t> words() const { return words_; }

  bool operator[](size_t row) const { return (words_[row >> 6] >> (row & 63)) & 1; }
  // Safe while other threads set other rows (see the file comment).
  void Set(size_t row, bool value) {
    std::atomic_ref<uint64_t> word(words_[row >> 6]);
    const uint64_t bit = uint64_t{1} << (row & 63);
    const bool was = (word.load(std::memory_order_relaxed) & bit) != 0;
    if (value && !was) word.fetch_or(bit, std::memory_order_relaxed);
    if (!value && was) word.fetch_and(~bit, std::memory_order_relaxed);
  }
  // Rows [begin, begin + count) from a value a row (nonzero = 1), a word
  // at a time; safe as Set is, for ranges of other threads.
  template <class T>
  void SetFrom(size_t begin, size_t count, const T* values);
  // out[i] = (*this)[begin + i] as 0/1 for i < count.
  template <class T>
  void CopyTo(size_t begin, size_t count, T* out) const;
  bool Any() const;

  void assign(size_t rows, bool bit);
  void Fill(bool bit) { assign(rows_, bit); }
  // Grows with zero rows or shrinks.
  void resize(size_t rows);
  // Room for `rows` rows: growing to them copies nothing.
  void reserve(size_t rows) { words_.reserve((rows + 63) / 64); }
  void push_back(bool bit);
  // Removes one row; the rows after it move up.
  void Erase(size_t row);
  void clear() {
    rows_ = 0;
    words_.clear();
    words_.shrink_to_fit();
  }

  friend bool operator==(const BitVector& a, const BitVector& b) {
    return a.rows_ == b.rows_ && a.words_ == b.words_;
  }

 private:
  void ClearPastLastRow();

  size_t rows_ = 0;
  std::vector<uint64_t> words_;
};

template <class T>
void BitVector::SetFrom(size_t begin, size_t count, const T* values) {
  size_t row = begin;
  const size_t end = begin + count;
  while (row < end) {
    const size_t first_bit = row & 63;
    const size_t bits = std::min<size_t>(64 - first_bit, end - row);
    uint64_t value = 0;
    for (size_t i = 0; i < bits; ++i) value |= uint64_t{values[row - begin + i] != 0} << i;
    value <<= first_bit;
    uint64_t& word = words_[row >> 6];
    if (bits == 64) {
      word = value;  // the whole word is this range's
    } else {
      // Other threads may be writing the word's other rows.
      const uint64_t mask = ((uint64_t{1} << bits) - 1) << first_bit;
      std::atomic_ref<uint64_t> shared(word);
      if ((shared.load(std::memory_order_relaxed) & mask) != value) {
        shared.fetch_and(~mask | value, std::memory_order_relaxed);
        shared.fetch_or(value, std::memory_order_relaxed);
      }
    }
    row += bits;
  }
}

template <class T>
void BitVector::CopyTo(size_t begin, size_t count, T* out) const {
  // A word at a time: the shifts of one word, not a load per row.
  size_t i = 0;
  while (i < count) {
    const size_t row = begin + i;
    const size_t first_bit = row & 63;
    const size_t bits = std::min<size_t>(64 - first_bit, count - i);
    const uint64_t word = words_[row >> 6] >> first_bit;
    for (size_t b = 0; b < bits; ++b) out[i + b] = static_cast<T>((word >> b) & 1);
    i += bits;
  }
}

}  // namespace acctseg

// Which rows of a column are NULL: a bit a row (1 = NULL) in 64-bit words,
// an eighth of the byte a row it replaced. At 100M accounts a nullable
// column's mask is 12.5 MB instead of 100 (docs/architecture.md, "Narrow
// columns"). Bits past the last row are always zero, so whole words can be
// compared and scanned.
//
// Writers set rows from several threads at once (a step's morsels, the CSV
// reader's chunks), and their ranges do not start on word boundaries: Set
// therefore changes its bit with an atomic read-modify-write, and only when
// the bit changes. A mask starts all zero and most rows stay zero, so the
// common write is one plain load. Readers (operator[], CopyTo) read plainly:
// a finished column is immutable.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace acctseg {

class NullMask {
 public:
  NullMask() = default;
  NullMask(size_t rows, bool null) { assign(rows, null); }
  // A row's flag each, nonzero = NULL (tests and small tables).
  NullMask(std::initializer_list<int> flags);
  // A byte a row, nonzero = NULL: the run store's stored form.
  static NullMask FromBytes(std::span<const uint8_t> flags);
  // `rows` rows from their words (the input cache's stored form), which
  // the caller has checked number WordsFor(rows); bits past the last row
  // are cleared.
  static NullMask FromWords(size_t rows, std::vector<uint64_t> words);
  static size_t WordsFor(size_t rows) { return (rows + 63) / 64; }

  size_t size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  std::span<const uint64_t> words() const { return words_; }

  bool operator[](size_t row) const { return (words_[row >> 6] >> (row & 63)) & 1; }
  // Safe while other threads set other rows (see the file comment).
  void Set(size_t row, bool null) {
    std::atomic_ref<uint64_t> word(words_[row >> 6]);
    const uint64_t bit = uint64_t{1} << (row & 63);
    const bool was = (word.load(std::memory_order_relaxed) & bit) != 0;
    if (null && !was) word.fetch_or(bit, std::memory_order_relaxed);
    if (!null && was) word.fetch_and(~bit, std::memory_order_relaxed);
  }
  // Rows [begin, begin + count) from a byte a row (nonzero = NULL), a word
  // at a time; safe as Set is, for ranges of other threads.
  void SetFrom(size_t begin, size_t count, const uint8_t* flags);
  // out[i] = (*this)[begin + i] as 0/1 for i < count.
  void CopyTo(size_t begin, size_t count, uint8_t* out) const;
  bool Any() const;

  void assign(size_t rows, bool null);
  void Fill(bool null) { assign(rows_, null); }
  // Grows with non-NULL rows or shrinks.
  void resize(size_t rows);
  void push_back(bool null);
  // Removes one row; the rows after it move up.
  void Erase(size_t row);
  void clear() {
    rows_ = 0;
    words_.clear();
    words_.shrink_to_fit();
  }

  friend bool operator==(const NullMask& a, const NullMask& b) {
    return a.rows_ == b.rows_ && a.words_ == b.words_;
  }

 private:
  void ClearPastLastRow();

  size_t rows_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace acctseg

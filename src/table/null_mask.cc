#include "table/null_mask.h"

#include <algorithm>

namespace acctseg {

NullMask::NullMask(std::initializer_list<int> flags) : rows_(flags.size()) {
  words_.assign(WordsFor(rows_), 0);
  size_t row = 0;
  for (int flag : flags) Set(row++, flag != 0);
}

NullMask NullMask::FromBytes(std::span<const uint8_t> flags) {
  NullMask mask(flags.size(), false);
  for (size_t row = 0; row < flags.size(); ++row)
    mask.words_[row >> 6] |= uint64_t{flags[row] != 0} << (row & 63);
  return mask;
}

NullMask NullMask::FromWords(size_t rows, std::vector<uint64_t> words) {
  NullMask mask;
  mask.rows_ = rows;
  mask.words_ = std::move(words);
  mask.words_.resize(WordsFor(rows), 0);
  mask.ClearPastLastRow();
  return mask;
}

void NullMask::SetFrom(size_t begin, size_t count, const uint8_t* flags) {
  size_t row = begin;
  const size_t end = begin + count;
  while (row < end) {
    const size_t first_bit = row & 63;
    const size_t bits = std::min<size_t>(64 - first_bit, end - row);
    uint64_t value = 0;
    for (size_t i = 0; i < bits; ++i) value |= uint64_t{flags[row - begin + i] != 0} << i;
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

void NullMask::CopyTo(size_t begin, size_t count, uint8_t* out) const {
  for (size_t i = 0; i < count; ++i) out[i] = (*this)[begin + i];
}

bool NullMask::Any() const {
  return std::any_of(words_.begin(), words_.end(), [](uint64_t word) { return word != 0; });
}

void NullMask::assign(size_t rows, bool null) {
  rows_ = rows;
  words_.assign(WordsFor(rows), null ? ~uint64_t{0} : 0);
  ClearPastLastRow();
}

void NullMask::resize(size_t rows) {
  rows_ = std::min(rows_, rows);
  ClearPastLastRow();  // rows dropped now, or rows added later, read as non-NULL
  rows_ = rows;
  words_.resize(WordsFor(rows), 0);
}

void NullMask::push_back(bool null) {
  if (rows_ % 64 == 0) words_.push_back(0);
  ++rows_;
  Set(rows_ - 1, null);
}

void NullMask::Erase(size_t row) {
  const size_t first = row >> 6;
  const uint64_t below = (uint64_t{1} << (row & 63)) - 1;
  uint64_t& word = words_[first];
  // Bits above `row` move down one; bit 63 comes from the next word.
  word = (word & below) | ((word >> 1) & ~below);
  for (size_t w = first; w + 1 < words_.size(); ++w) {
    words_[w] |= words_[w + 1] << 63;
    words_[w + 1] >>= 1;
  }
  --rows_;
  words_.resize(WordsFor(rows_));
}

void NullMask::ClearPastLastRow() {
  words_.resize(WordsFor(rows_));
  if (rows_ % 64 != 0) words_.back() &= (uint64_t{1} << (rows_ % 64)) - 1;
}

}  // namespace acctseg

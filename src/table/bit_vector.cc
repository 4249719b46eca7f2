#include "table/bit_vector.h"

#include <algorithm>

namespace acctseg {

BitVector::BitVector(std::initializer_list<int> flags) : rows_(flags.size()) {
  words_.assign(WordsFor(rows_), 0);
  size_t row = 0;
  for (int flag : flags) Set(row++, flag != 0);
}

BitVector BitVector::FromBytes(std::span<const uint8_t> flags) {
  BitVector mask(flags.size(), false);
  mask.SetFrom(0, flags.size(), flags.data());
  return mask;
}

BitVector BitVector::FromWords(size_t rows, std::vector<uint64_t> words) {
  BitVector mask;
  mask.rows_ = rows;
  mask.words_ = std::move(words);
  mask.words_.resize(WordsFor(rows), 0);
  mask.ClearPastLastRow();
  return mask;
}

bool BitVector::Any() const {
  return std::any_of(words_.begin(), words_.end(), [](uint64_t word) { return word != 0; });
}

void BitVector::assign(size_t rows, bool bit) {
  rows_ = rows;
  words_.assign(WordsFor(rows), bit ? ~uint64_t{0} : 0);
  ClearPastLastRow();
}

void BitVector::resize(size_t rows) {
  rows_ = std::min(rows_, rows);
  ClearPastLastRow();  // rows dropped now, or rows added later, read as zero
  rows_ = rows;
  words_.resize(WordsFor(rows), 0);
}

void BitVector::push_back(bool bit) {
  if (rows_ % 64 == 0) words_.push_back(0);
  ++rows_;
  Set(rows_ - 1, bit);
}

void BitVector::Erase(size_t row) {
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

void BitVector::ClearPastLastRow() {
  words_.resize(WordsFor(rows_));
  if (rows_ % 64 != 0) words_.back() &= (uint64_t{1} << (rows_ % 64)) - 1;
}

}  // namespace acctseg

// The issue bits of each row of a run (bit i: the plan's i-th issue code,
// see IssueRegistry in steps/step.h), stored as narrow as the plan's codes
// allow: a byte a row for up to eight codes instead of eight bytes, which
// at 100M accounts is 700 MB held from the read to the output.
//
// Steps set bits of distinct rows from several threads at once. That is
// safe because the width is fixed before they run and holds every mask of
// the plan's codes, so Add never re-stores the array under another thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "table/packed_array.h"

namespace acctseg {

class RowIssues {
 public:
  // No rows: a state no step runs on reads as without issues.
  RowIssues() = default;
  // `rows` rows without issues, room for `codes` issue codes.
  RowIssues(size_t rows, size_t codes);
  // A reader's masks, one a row, room for `codes` issue codes.
  RowIssues(std::vector<uint64_t> masks, size_t codes);

  size_t size() const { return masks_.size(); }
  bool empty() const { return masks_.empty(); }
  uint64_t operator[](size_t row) const { return masks_[row]; }
  // Sets `mask`'s bits of `row` (a mask of the plan's codes).
  void Add(size_t row, uint64_t mask) { masks_.Set(row, masks_[row] | mask); }
  void Set(size_t row, uint64_t mask) { masks_.Set(row, mask); }
  void push_back(uint64_t mask) { masks_.push_back(mask); }
  void reserve(size_t rows) { masks_.reserve(rows); }
  void Erase(size_t row) { masks_.Erase(row); }

 private:
  // Bytes a row that hold `codes` bits.
  static int WidthFor(size_t codes);

  PackedMasks masks_;
};

}  // namespace acctseg

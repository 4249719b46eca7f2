// Ids for the universe's rows that never change while the rows are renumbered:
// a row's id is given when the row is added, and ids grow with rows, so ids
// order as rows do. Structures that hold ids (the tier groups, the families)
// need nothing done when a row before theirs is removed; only the two arrays
// here are renumbered, each in one pass in order. Renumbering every family's
// rows instead (~100,000 of them, a cache miss each) made a remove at 1M
// accounts take 60–130 ms (bench/README.md, "Removes").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace acctseg {

// Row numbers held in `rows` after row `removed` was erased: later rows move
// up one, the removed row itself becomes -1 (whoever pointed at it is
// recomputed), -1 stays -1. Without a branch, so that the compiler
// vectorizes the pass over a million rows.
template <typename Row>
void RenumberAfterErase(std::vector<Row>& rows, Row removed) {
  for (Row& row : rows) row = row == removed ? Row{-1} : row - (row > removed ? 1 : 0);
}

class RowIds {
 public:
  // Rows 0 .. rows-1, with ids 0 .. rows-1.
  void Reset(size_t rows) {
    id_of_row_.resize(rows);
    row_of_id_.resize(rows);
    for (size_t row = 0; row < rows; ++row)
      id_of_row_[row] = row_of_id_[row] = static_cast<int32_t>(row);
  }
  // Whether `row` has an id (rows are added in order: the next one has not).
  bool Has(int32_t row) const { return static_cast<size_t>(row) < id_of_row_.size(); }
  int32_t IdOf(int32_t row) const { return id_of_row_[row]; }
  // The row of `id`; -1 once removed.
  int32_t RowOf(int32_t id) const { return row_of_id_[id]; }
  const int32_t* RowOfData() const { return row_of_id_.data(); }  // for prefetching
  const int32_t* IdOfData() const { return id_of_row_.data(); }
  size_t rows() const { return id_of_row_.size(); }
  size_t ids() const { return row_of_id_.size(); }

  // An id for the next row (row rows()); returns it.
  int32_t Add() {
    const int32_t id = static_cast<int32_t>(row_of_id_.size());
    id_of_row_.push_back(id);
    row_of_id_.push_back(static_cast<int32_t>(id_of_row_.size() - 1));
    return id;
  }
  // Row `row` is gone: its id names no row, and the rows after it move up one.
  void Erase(int32_t row) {
    id_of_row_.erase(id_of_row_.begin() + row);
    RenumberAfterErase(row_of_id_, row);  // its own id's row becomes -1
  }
  void Reserve(size_t rows) {
    id_of_row_.reserve(rows);
    row_of_id_.reserve(rows);
  }

 private:
  std::vector<int32_t> id_of_row_, row_of_id_;
};

}  // namespace acctseg

// The members of every family of two or more accounts in a live universe,
// kept as events change families and add and remove rows. Members are held
// by their RowIds (row_ids.h), so a remove touches the removed row's family
// and two arrays, not every family. Not thread-safe.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "live/row_ids.h"

namespace acctseg {

class FamilyIndex {
 public:
  // The families of `global_row` (each row's global account's row).
  void Reset(const std::vector<int32_t>& global_row);
  // Rows 0 .. rows-1, and no family (a plan without a family step).
  void Reset(size_t rows);
  // The rows of the family `top` heads, increasing, into `rows`; false,
  // with `rows` empty, when it heads none of two or more.
  bool MembersOf(int32_t top, std::vector<int32_t>& rows) const;
  // `members` (rows, increasing, two or more, `top` among them) are now `top`'s family.
  void Set(int32_t top, const std::vector<int32_t>& members);
  void Erase(int32_t top);  // `top` heads no family now
  // The universe appended a row (alone until Set says otherwise).
  void AppendRow() { ids_.Add(); }
  // The universe erased `row`, whose global account was `top`: that family
  // is dropped (the caller recomputes it and Sets it anew), and the rows
  // after `row` move up one.
  void EraseRow(int32_t row, int32_t top);
  void Reserve(size_t rows) { ids_.Reserve(rows); }

 private:
  RowIds ids_;
  std::unordered_map<int32_t, std::vector<int32_t>>
      members_;  // top's id -> members' ids, increasing
};

}  // namespace acctseg

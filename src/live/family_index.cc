#include "live/family_index.h"

#include <algorithm>

namespace acctseg {

void FamilyIndex::Reset(size_t rows) {
  ids_.Reset(rows);
  members_.clear();
}

void FamilyIndex::Reset(const std::vector<int32_t>& global_row) {
  Reset(global_row.size());
  // Row order: each family's members come out increasing.
  for (size_t row = 0; row < global_row.size(); ++row)
    if (global_row[row] != static_cast<int32_t>(row)) members_[global_row[row]].push_back(row);
  for (auto& [top, members] : members_) {
    members.insert(std::lower_bound(members.begin(), members.end(), top), top);
  }
}

bool FamilyIndex::MembersOf(int32_t top, std::vector<int32_t>& rows) const {
  rows.clear();
  if (top < 0) return false;
  auto it = members_.find(ids_.IdOf(top));
  if (it == members_.end()) return false;
  rows.reserve(it->second.size());
  for (int32_t id : it->second) rows.push_back(ids_.RowOf(id));
  return true;
}

void FamilyIndex::Set(int32_t top, const std::vector<int32_t>& members) {
  std::vector<int32_t>& ids = members_[ids_.IdOf(top)];
  ids.resize(members.size());
  for (size_t i = 0; i < members.size(); ++i) ids[i] = ids_.IdOf(members[i]);
}

void FamilyIndex::Erase(int32_t top) {
  // -1: a row whose global account was just removed (EraseRow dropped that family).
  if (top >= 0) members_.erase(ids_.IdOf(top));
}

void FamilyIndex::EraseRow(int32_t row, int32_t top) {
  Erase(top);
  ids_.Erase(row);
}

}  // namespace acctseg

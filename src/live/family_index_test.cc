// FamilyIndex (family_index.h) and the RowIds beneath it, against families
// kept as plain rows and renumbered by hand after every remove: members come
// back as rows, increasing, through appends, removes (before, inside and
// after a family) and families set and erased.
#include "live/family_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace acctseg {
namespace {

TEST(RowIds, RemovingARowMovesTheLaterRowsUpAndKeepsEveryIdsRow) {
  RowIds ids;
  ids.Reset(5);
  EXPECT_EQ(ids.Add(), 5);
  ids.Erase(1);  // id 1
  ids.Erase(3);  // row 3 is now id 4
  ASSERT_EQ(ids.rows(), 4u);
  ASSERT_EQ(ids.ids(), 6u);
  const std::vector<int32_t> row_of = {0, -1, 1, 2, -1, 3};
  for (int32_t id = 0; id < 6; ++id) EXPECT_EQ(ids.RowOf(id), row_of[id]) << "id " << id;
  const std::vector<int32_t> id_of = {0, 2, 3, 5};
  for (int32_t row = 0; row < 4; ++row) EXPECT_EQ(ids.IdOf(row), id_of[row]) << "row " << row;
  EXPECT_FALSE(ids.Has(4));
}

// What the index must say: families of two or more as rows, renumbered by hand.
using Families = std::map<int32_t, std::vector<int32_t>>;

void ExpectSame(const FamilyIndex& index, const Families& families, int32_t rows) {
  std::vector<int32_t> members;
  for (int32_t top = 0; top < rows; ++top) {
    auto it = families.find(top);
    ASSERT_EQ(index.MembersOf(top, members), it != families.end()) << "top " << top;
    if (it != families.end()) {
      EXPECT_EQ(members, it->second) << "top " << top;
    }
  }
  EXPECT_FALSE(index.MembersOf(-1, members));  // a removed global account's rows
}

TEST(FamilyIndex, MembersStayRightThroughAppendsRemovesAndResets) {
  // Rows 0..9: family of 2 {2, 5, 7}, family of 8 {8, 9}, the rest alone.
  const std::vector<int32_t> global = {0, 1, 2, 3, 4, 2, 6, 2, 8, 8};
  FamilyIndex index;
  index.Reset(global);
  Families families = {{2, {2, 5, 7}}, {8, {8, 9}}};
  int32_t rows = 10;
  ExpectSame(index, families, rows);

  // A row alone before both families: every later row moves up one.
  index.EraseRow(0, 0);
  families = {{1, {1, 4, 6}}, {7, {7, 8}}};
  rows = 9;
  ExpectSame(index, families, rows);

  // A member: its family is dropped (the caller re-indexes it), the other renumbered.
  index.EraseRow(4, 1);
  families = {{6, {6, 7}}};
  rows = 8;
  ExpectSame(index, families, rows);
  index.Set(1, {1, 5});  // what the caller's re-run found
  families[1] = {1, 5};
  ExpectSame(index, families, rows);

  // A new row joins a family; then a family top is removed.
  index.AppendRow();
  rows = 9;
  index.Set(6, {6, 7, 8});
  families[6] = {6, 7, 8};
  ExpectSame(index, families, rows);
  index.EraseRow(6, 6);
  families = {{1, {1, 5}}};
  rows = 8;
  ExpectSame(index, families, rows);
  index.Erase(1);
  families.clear();
  ExpectSame(index, families, rows);

  index.Reset(std::vector<int32_t>{1, 1, 2});
  ExpectSame(index, {{1, {0, 1}}}, 3);
}

TEST(FamilyIndex, RandomRemovesMatchFamiliesRenumberedByHand) {
  std::mt19937 random(11);
  std::vector<int32_t> global(400);
  for (size_t row = 0; row < global.size(); ++row)
    global[row] =
        random() % 3 == 0 ? static_cast<int32_t>(row) : static_cast<int32_t>(random() % 40);
  for (size_t row = 0; row < 40; ++row) global[row] = static_cast<int32_t>(row);
  FamilyIndex index;
  index.Reset(global);
  Families families;
  for (size_t row = 0; row < global.size(); ++row) families[global[row]].push_back(row);
  std::erase_if(families, [](const auto& family) { return family.second.size() < 2; });
  while (global.size() > 1) {
    const int32_t removed = static_cast<int32_t>(random() % global.size());
    index.EraseRow(removed, global[removed]);
    families.erase(global[removed]);
    global.erase(global.begin() + removed);
    for (int32_t& top : global) top = top == removed ? -1 : top - (top > removed);
    Families renumbered;
    for (auto& [top, members] : families) {
      for (int32_t& member : members) member -= member > removed;
      renumbered[top - (top > removed)] = members;
    }
    families = renumbered;
    ExpectSame(index, families, static_cast<int32_t>(global.size()));
  }
}

}  // namespace
}  // namespace acctseg

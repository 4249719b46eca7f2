// RowValues (universe_subset.h): what rows held before a re-run, kept as
// numbers and codes, compared with the same or another column afterwards.
#include "live/universe_subset.h"

#include <gtest/gtest.h>

#include "util/make_table.h"

namespace acctseg {
namespace {

using testing::IntColumn;
using testing::MakeTable;
using testing::StringColumn;

TEST(RowValuesTest, ComparesNumbersTextsAndNullsOfTheRowsTakenInTheirOrder) {
  const Table before =
      MakeTable({{"n", IntColumn(DataType::Int64(), {5, 6, 7}, {false, true, false})},
                 {"s", StringColumn({"a", "b", ""}, {false, false, true})}});
  const RowValues values(before, {2, 0});  // rows 2 and 0, in that order
  const Column& n = before.column(0);
  const Column& s = before.column(1);
  EXPECT_TRUE(values.Same(0, 0, n, 2));
  EXPECT_TRUE(values.Same(0, 1, n, 0));
  EXPECT_FALSE(values.Same(0, 0, n, 0));  // 7 against 5
  EXPECT_FALSE(values.Same(0, 0, n, 1));  // 7 against NULL
  EXPECT_TRUE(values.Same(1, 0, s, 2));   // NULL against NULL
  EXPECT_FALSE(values.Same(1, 0, s, 0));  // NULL against "a"
  EXPECT_TRUE(values.Same(1, 1, s, 0));
  EXPECT_FALSE(values.Same(1, 1, s, 1));  // "a" against "b"
}

TEST(RowValuesTest, TextsInAnotherDictionaryAreComparedAsText) {
  // A column rebuilt with its own dictionary: "b" has another code there.
  const Table before = MakeTable({{"s", StringColumn({"a", "b"})}});
  const Table after = MakeTable({{"s", StringColumn({"b", "c", "a"})}});
  const RowValues values(before, {0, 1});
  EXPECT_TRUE(values.Same(0, 1, after.column(0), 0));
  EXPECT_TRUE(values.Same(0, 0, after.column(0), 2));
  EXPECT_FALSE(values.Same(0, 0, after.column(0), 0));
  EXPECT_FALSE(values.Same(0, 1, after.column(0), 1));
}

TEST(RowValuesTest, KeepsTheTextsOfADictionaryItsColumnLetGo) {
  auto values = [] {
    const Table before = MakeTable({{"s", StringColumn({"kept"})}});
    return RowValues(before, {0});
  }();
  const Table after = MakeTable({{"s", StringColumn({"other", "kept"})}});
  EXPECT_TRUE(values.Same(0, 0, after.column(0), 1));
  EXPECT_FALSE(values.Same(0, 0, after.column(0), 0));
}

}  // namespace
}  // namespace acctseg

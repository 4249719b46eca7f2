#include "table/table.h"

#include <gtest/gtest.h>

#include "util/expect_error.h"

namespace acctseg {
namespace {

using testing::ExpectError;

std::shared_ptr<const Column> Ints(std::vector<int64_t> values) {
  Column column = Column::Make(DataType::Int64(), values.size(), false);
  column.ints = std::move(values);
  return std::make_shared<const Column>(std::move(column));
}

TEST(TableTest, KeepsColumnsInTheOrderAdded) {
  Table table(2);
  auto b = Ints({1, 2}), a = Ints({3, 4});
  table.Add("b", b);
  table.Add("a", a);
  EXPECT_EQ(table.row_count(), 2u);
  ASSERT_EQ(table.column_count(), 2u);
  EXPECT_EQ(table.names(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(table.name(1), "a");
  EXPECT_EQ(&table.column(0), b.get());
  EXPECT_EQ(table.shared_column(1), a);
  EXPECT_EQ(table.Find("a"), a.get());
  EXPECT_EQ(table.Get("b"), b);
  EXPECT_EQ(table.Find("c"), nullptr);
  EXPECT_EQ(table.Get("c"), nullptr);
}

TEST(TableTest, RefusesWhatWouldBreakItsInvariants) {
  Table table(3);
  table.Add("n", Ints({1, 2, 3}));
  ExpectError(ErrorKind::kInternal, "\"n\" is already in the table", [&] {
    table.Add("n", Ints({4, 5, 6}));
  });
  ExpectError(ErrorKind::kInternal, "\"short\" has 2 rows, the table 3", [&] {
    table.Add("short", Ints({1, 2}));
  });
  Column bad_nulls = *Ints({1, 2, 3});
  bad_nulls.nulls = {0, 1};
  ExpectError(ErrorKind::kInternal, "\"bad_nulls\" has 3 rows, the table 3",
              [&] { table.Add("bad_nulls", std::make_shared<const Column>(bad_nulls)); });
  ExpectError(ErrorKind::kInternal, "\"none\" is missing", [&] { table.Add("none", nullptr); });
  EXPECT_EQ(table.names(), (std::vector<std::string>{"n"}));
}

TEST(TableTest, SelectAndCopiesShareColumns) {
  Table table(1);
  table.Add("x", Ints({1}));
  table.Add("y", Ints({2}));
  table.Add("z", Ints({3}));
  Table selected = table.Select({"z", "x"});
  EXPECT_EQ(selected.row_count(), 1u);
  EXPECT_EQ(selected.names(), (std::vector<std::string>{"z", "x"}));
  EXPECT_EQ(selected.Get("x"), table.Get("x"));
  ExpectError(ErrorKind::kInternal, "no column \"w\"", [&] { table.Select({"x", "w"}); });

  Table copy = table;
  copy.Add("w", Ints({4}));
  EXPECT_EQ(copy.Get("y"), table.Get("y"));
  EXPECT_EQ(table.column_count(), 3u);  // the original is unchanged
}

}  // namespace
}  // namespace acctseg

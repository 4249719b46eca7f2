// ColumnSink: batches from several workers, in any order across workers,
// come out as one column in the width Column::Narrow would give, with text
// in order of first appearance in the rows.
#include "expr/column_sink.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/parallel.h"

namespace acctseg {
namespace {

// Adds rows [0, rows) in batches, batch b by worker b % 2: all of worker
// 0's batches first, then worker 1's (each worker's in increasing order),
// so the rows do not arrive in order.
template <class Fill>
std::shared_ptr<Column> SinkRows(DataType type, size_t rows, Fill fill,
                                 std::shared_ptr<const Dictionary> order = nullptr) {
  ColumnSink sink(type, rows, 2);
  const size_t batches = (rows + kBatchRows - 1) / kBatchRows;
  std::vector<std::vector<size_t>> of_worker(2);
  for (size_t b = 0; b < batches; ++b) of_worker[b % 2].push_back(b);
  Vector values;
  for (int w = 0; w < 2; ++w)
    for (size_t b : of_worker[w]) {
      const size_t begin = b * kBatchRows, count = std::min(kBatchRows, rows - begin);
      values.Reset(type, count);
      for (size_t i = 0; i < count; ++i) fill(begin + i, values, i);
      sink.Add(w, begin, values);
    }
  return sink.Finish(2, std::move(order));
}

TEST(ColumnSinkTest, NumbersComeOutInTheWidthTheirWholeRangeNeeds) {
  // Small values everywhere but one large one near the end: chunks narrow
  // to a byte, the column to 4 bytes.
  const size_t rows = 200'000;
  auto column = SinkRows(DataType::Int64(), rows, [](size_t row, Vector& v, size_t i) {
    v.num[i] = row == 190'000 ? 100'000 : static_cast<int64_t>(row % 100) - 50;
    v.null[i] = row % 7 == 0;
  });
  EXPECT_EQ(column->ints.width(), 4);
  ASSERT_EQ(column->size(), rows);
  for (size_t row : {size_t{1}, size_t{70'001}, size_t{190'000}, size_t{199'999}}) {
    EXPECT_FALSE(column->IsNull(row));
    EXPECT_EQ(column->ints[row], row == 190'000 ? 100'000 : static_cast<int64_t>(row % 100) - 50);
  }
  EXPECT_TRUE(column->IsNull(7));
  EXPECT_EQ(column->ints[7], 0);
}

TEST(ColumnSinkTest, ZerosAndOnesBecomeABitARowAndNoNullsNoMask) {
  auto column = SinkRows(DataType::Int64(), 70'000,
                         [](size_t row, Vector& v, size_t i) { v.num[i] = row % 3 == 0; });
  EXPECT_TRUE(column->ints.is_bits());
  EXPECT_FALSE(column->HasNulls());
  EXPECT_EQ(column->ints[69'999], 1);
  EXPECT_EQ(column->ints[69'998], 0);
}

TEST(ColumnSinkTest, TextTakesTheOrderOfFirstAppearanceInTheRows) {
  // Worker 0 adds batches 0, 2, ... first and meets "other" (batch 2)
  // before "late"; in the rows "late" (batch 1, worker 1) comes first.
  const std::vector<std::string> texts = {"early", "late", "other"};
  auto column = SinkRows(DataType::String(), 100'000, [&](size_t row, Vector& v, size_t i) {
    const bool late = (row >= kBatchRows && row < 2 * kBatchRows) || row == 2 * kBatchRows + 1;
    v.str[i] = texts[row < kBatchRows ? 0 : late ? 1 : 2];
  });
  ASSERT_EQ(column->dictionary->size(), 3u);
  EXPECT_EQ(column->dictionary->Get(0), "early");
  EXPECT_EQ(column->dictionary->Get(1), "late");
  EXPECT_EQ(column->dictionary->Get(2), "other");
  EXPECT_EQ(column->StringAt(2 * kBatchRows + 1), "late");
  EXPECT_EQ(column->StringAt(99'999), "other");
  EXPECT_EQ(column->codes.width(), 1);
}

TEST(ColumnSinkTest, TextTakesAnOrderTheCallerGives) {
  auto order = std::make_shared<Dictionary>();
  order->Intern("b");
  order->Intern("a");
  order->Intern("unused");
  auto column = SinkRows(
      DataType::String(), 5000,
      [](size_t row, Vector& v, size_t i) {
        v.str[i] = row % 2 ? "a" : "b";
        v.null[i] = row % 5 == 0;
      },
      order);
  EXPECT_EQ(column->dictionary, order);
  EXPECT_EQ(column->codes[1], 1u);  // "a"
  EXPECT_EQ(column->codes[2], 0u);  // "b"
  EXPECT_TRUE(column->IsNull(5));
}

TEST(ColumnSinkTest, TwoWorkersStartingTheSameChunkAtOnceKeepEachOthersRows) {
  // Both workers' first batches fall in the one chunk and are added at the
  // same moment, again and again: the chunk's buffer is made once, so no
  // batch lands in a buffer the other worker then replaces.
  const size_t rows = 2 * kBatchRows;
  for (int round = 0; round < 300; ++round) {
    for (DataType type : {DataType::Int64(), DataType::String()}) {
      ColumnSink sink(type, rows, 2);
      std::atomic<int> ready{0};
      auto add = [&](size_t worker) {
        Vector values;
        values.Reset(type, kBatchRows);
        for (size_t i = 0; i < kBatchRows; ++i) {
          if (type.id == TypeId::kString)
            values.str[i] = worker ? "one" : "zero";
          else
            values.num[i] = static_cast<int64_t>(worker * kBatchRows + i) + 1;
        }
        ready.fetch_add(1);
        while (ready.load() < 2) {
        }
        sink.Add(worker, worker * kBatchRows, values);
      };
      std::thread other(add, 1);
      add(0);
      other.join();
      auto column = sink.Finish(2);
      ASSERT_EQ(column->size(), rows);
      for (size_t row : {size_t{0}, kBatchRows - 1, kBatchRows, rows - 1}) {
        if (type.id == TypeId::kString)
          ASSERT_EQ(column->StringAt(row), row < kBatchRows ? "zero" : "one") << round;
        else
          ASSERT_EQ(column->ints[row], static_cast<int64_t>(row) + 1) << round;
      }
    }
  }
}

}  // namespace
}  // namespace acctseg

#include "common/parallel_sort.h"

#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

namespace acctseg {
namespace {

TEST(ParallelSortTest, SameAsStdSortAtAnyThreadCount) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<int, int>> items;
  // Few distinct keys, ties broken by the index: a strict total order.
  for (int i = 0; i < 500000; ++i) items.emplace_back(static_cast<int>(rng() % 100), i);
  std::vector<std::pair<int, int>> expected = items;
  std::sort(expected.begin(), expected.end());
  for (int threads : {1, 2, 3, 8}) {
    std::vector<std::pair<int, int>> sorted = items;
    ParallelSort(sorted, threads, std::less<std::pair<int, int>>());
    EXPECT_EQ(sorted, expected) << threads << " threads";
  }
}

TEST(ParallelSortTest, SortedReversedAndAllEqualKeys) {
  for (int shape = 0; shape < 3; ++shape) {
    std::vector<std::pair<int, int>> items;
    for (int i = 0; i < 200000; ++i) items.emplace_back(shape == 0 ? i : shape == 1 ? -i : 42, i);
    std::vector<std::pair<int, int>> expected = items;
    std::sort(expected.begin(), expected.end());
    ParallelSort(items, 4, std::less<std::pair<int, int>>());
    EXPECT_EQ(items, expected) << "shape " << shape;
  }
}

// Every item visited once, at its rank in the whole order, whatever the
// threads and the shape of the input (few keys, sorted, reversed, a run of
// equal keys that every splitter may fall in).
TEST(ParallelSortTest, SortedVisitGivesEveryItemItsRank) {
  std::mt19937_64 rng(11);
  for (int shape = 0; shape < 4; ++shape) {
    std::vector<std::pair<int, int>> items;
    for (int i = 0; i < 300000; ++i) {
      const int key = shape == 0   ? static_cast<int>(rng() % 100)
                      : shape == 1 ? i
                      : shape == 2 ? -i
                                   : (i % 1000 == 0 ? i : 42);
      items.emplace_back(key, i);
    }
    std::vector<std::pair<int, int>> expected = items;
    std::sort(expected.begin(), expected.end());
    for (int threads : {1, 2, 3, 8}) {
      std::vector<std::pair<int, int>> work = items;
      std::vector<std::pair<int, int>> at_rank(items.size(), {-1, -1});
      ParallelSortedVisit(
          work, threads, std::less<std::pair<int, int>>(),
          [&](size_t rank, const std::pair<int, int>& item) { at_rank[rank] = item; });
      EXPECT_EQ(at_rank, expected) << "shape " << shape << ", " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace acctseg

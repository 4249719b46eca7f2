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
    for (int i = 0; i < 200000; ++i)
      items.emplace_back(shape == 0 ? i : shape == 1 ? -i : 42, i);
    std::vector<std::pair<int, int>> expected = items;
    std::sort(expected.begin(), expected.end());
    ParallelSort(items, 4, std::less<std::pair<int, int>>());
    EXPECT_EQ(items, expected) << "shape " << shape;
  }
}

}  // namespace
}  // namespace acctseg

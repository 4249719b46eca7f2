#include "steps/row_issues.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace acctseg {
namespace {

std::vector<uint64_t> All(const RowIssues& issues) {
  std::vector<uint64_t> masks;
  for (size_t row = 0; row < issues.size(); ++row) masks.push_back(issues[row]);
  return masks;
}

TEST(RowIssues, EveryCodeOfThePlanFitsAndBitsAccumulate) {
  for (size_t codes : {1, 8, 9, 16, 17, 32, 33, 64}) {
    SCOPED_TRACE(codes);
    RowIssues issues(3, codes);
    const uint64_t top = uint64_t{1} << (codes - 1);
    issues.Add(0, 1);
    issues.Add(0, top);
    issues.Add(2, top);
    EXPECT_EQ(All(issues), (std::vector<uint64_t>{1 | top, 0, top}));
    issues.Set(0, 0);
    EXPECT_EQ(issues[0], 0u);
  }
}

TEST(RowIssues, FromAReadersMasksKeepsThemAndGrowsAndShrinks) {
  RowIssues issues(std::vector<uint64_t>{0, 4, uint64_t{1} << 20}, 3);
  EXPECT_EQ(All(issues), (std::vector<uint64_t>{0, 4, uint64_t{1} << 20}));
  issues.push_back(2);
  issues.Erase(0);
  EXPECT_EQ(All(issues), (std::vector<uint64_t>{4, uint64_t{1} << 20, 2}));
  EXPECT_TRUE(RowIssues().empty());
}

}  // namespace
}  // namespace acctseg

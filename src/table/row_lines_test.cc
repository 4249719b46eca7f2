#include "table/row_lines.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

namespace acctseg {
namespace {

void ExpectSame(const RowLines& lines, const std::vector<uint64_t>& expected) {
  ASSERT_EQ(lines.size(), expected.size());
  uint64_t most = 0;
  for (size_t row = 0; row < expected.size(); ++row) {
    ASSERT_EQ(lines[row], expected[row]) << "row " << row;
    most = std::max(most, expected[row]);
  }
  EXPECT_EQ(lines.Max(), most);
}

TEST(RowLines, ARegularFileIsOneRun) {
  RowLines lines;
  for (uint64_t line = 2; line < 1002; ++line) lines.push_back(line);
  EXPECT_EQ(lines.runs().size(), 1u);
  EXPECT_EQ(lines[0], 2u);
  EXPECT_EQ(lines[999], 1001u);
  EXPECT_EQ(lines.Max(), 1001u);
}

TEST(RowLines, BlankLinesAndQuotedNewlinesStartRuns) {
  RowLines lines;
  const std::vector<uint64_t> expected = {2, 3, 5, 6, 7, 10, 11, 4};  // a subset in any order, too
  for (uint64_t line : expected) lines.push_back(line);
  EXPECT_EQ(lines.runs().size(), 4u);
  ExpectSame(lines, expected);
}

// Random pushes, erases and appends against a plain vector of lines.
TEST(RowLines, AgreesWithAVectorOfLines) {
  std::mt19937_64 random(11);
  for (int round = 0; round < 200; ++round) {
    RowLines lines;
    std::vector<uint64_t> expected;
    uint64_t line = 2;
    for (int step = 0; step < 300; ++step) {
      const int what = static_cast<int>(random() % 10);
      if (what < 6 || expected.empty()) {
        line += random() % 4 == 0 ? 1 + random() % 3 : 1;
        lines.push_back(line);
        expected.push_back(line);
      } else if (what < 9) {
        const size_t row = random() % expected.size();
        lines.erase(row);
        expected.erase(expected.begin() + static_cast<std::ptrdiff_t>(row));
      } else {
        RowLines more;
        for (int i = 0, n = static_cast<int>(random() % 5); i < n; ++i) {
          line += 1 + random() % 2;
          more.push_back(line);
          expected.push_back(line);
        }
        lines.Append(more);
      }
      ASSERT_NO_FATAL_FAILURE(ExpectSame(lines, expected)) << "round " << round << " step " << step;
    }
    EXPECT_EQ(RowLines::FromRuns(lines.runs(), lines.size()), lines);
  }
}

TEST(RowLines, ErasingKeepsRunsFew) {
  RowLines lines;
  for (uint64_t line = 2; line < 102; ++line) lines.push_back(line);
  lines.erase(99);  // the last row: still one run
  EXPECT_EQ(lines.runs().size(), 1u);
  lines.erase(0);  // the first: still one run, from line 3
  EXPECT_EQ(lines.runs().size(), 1u);
  EXPECT_EQ(lines[0], 3u);
  lines.erase(10);  // a gap in the middle: two runs
  EXPECT_EQ(lines.runs().size(), 2u);
  EXPECT_EQ(lines[10], 14u);
}

TEST(RowLines, FromRunsRejectsRunsThatDoNotFitTheRows) {
  using Run = RowLines::Run;
  EXPECT_THROW(RowLines::FromRuns({}, 3), std::invalid_argument);
  EXPECT_THROW(RowLines::FromRuns({Run{1, 2}}, 3), std::invalid_argument);
  EXPECT_THROW(RowLines::FromRuns({Run{0, 2}, Run{0, 5}}, 3), std::invalid_argument);
  EXPECT_THROW(RowLines::FromRuns({Run{0, 2}, Run{3, 9}}, 3), std::invalid_argument);
  EXPECT_THROW(RowLines::FromRuns({Run{0, 2}}, 0), std::invalid_argument);
  EXPECT_EQ(RowLines::FromRuns({Run{0, 2}, Run{2, 9}}, 3)[2], 9u);
}

}  // namespace
}  // namespace acctseg

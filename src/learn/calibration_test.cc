#include "learn/calibration.h"

#include <gtest/gtest.h>

namespace acctseg::learn {
namespace {

TEST(IsotonicCalibration, PoolsViolatorsAndInterpolates) {
  // Scores 0.1..0.6 with outcomes 0 1 0 1 1 1: 0.2 and 0.3 pool to 0.5.
  IsotonicCalibration c =
      IsotonicCalibration::Fit({0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {0, 1, 0, 1, 1, 1});
  EXPECT_EQ(c.Apply(0.0), 0.0);   // clipped below
  EXPECT_EQ(c.Apply(0.25), 0.5);  // inside the pooled block
  EXPECT_DOUBLE_EQ(c.Apply(0.35), 0.75);
  EXPECT_EQ(c.Apply(0.9), 1.0);  // clipped above
  for (size_t i = 1; i < c.y().size(); ++i) EXPECT_LE(c.y()[i - 1], c.y()[i]);
  EXPECT_EQ(IsotonicCalibration().Apply(0.3), 0.3);  // nothing fitted: unchanged
}

TEST(CalibrationTable, EqualCountDeciles) {
  std::vector<double> p;
  std::vector<uint8_t> y;
  for (int i = 0; i < 100; ++i) {
    p.push_back(i / 100.0);
    y.push_back(i % 10 == 0);
  }
  std::vector<CalibrationBin> table = CalibrationTable(p, y);
  ASSERT_EQ(table.size(), 10u);
  EXPECT_EQ(table[0].rows, 10u);
  EXPECT_DOUBLE_EQ(table[0].predicted, 0.045);
  EXPECT_DOUBLE_EQ(table[9].observed, 0.1);
  EXPECT_EQ(CalibrationTable({0.5}, {1}).size(), 1u);  // fewer rows than bins
}

}  // namespace
}  // namespace acctseg::learn

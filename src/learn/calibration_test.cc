#include "learn/calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

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

// Apply's halving finds the knots upper_bound finds: against the plain
// search, over knot counts odd and even, repeated knots, scores on the
// knots, between them and just beside them; a NaN stays NaN. The values
// grow fivefold a knot, so interpolating from the wrong knot (at a knot,
// y[k - 1] + 1 x (y[k] - y[k - 1]) instead of y[k]) shows in the bits.
TEST(IsotonicCalibration, ApplyFindsTheKnotsUpperBoundFinds) {
  uint64_t state = 17;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (size_t knots : {1, 2, 3, 4, 7, 8, 33, 64, 100}) {
    std::vector<double> x, y;
    for (size_t i = 0; i < knots; ++i) {
      // Every fifth knot repeats the one before (stored knots may).
      x.push_back(x.empty() ? 0.5 : x.back() + (i % 5 == 4 ? 0 : 0.001 + uniform()));
      y.push_back((y.empty() ? 0.01 : y.back() * 5) + uniform() * 0.01);
    }
    const IsotonicCalibration c(x, y);
    auto reference = [&](double score) {
      if (score <= x.front()) return y.front();
      if (score >= x.back()) return y.back();
      const size_t hi = std::upper_bound(x.begin(), x.end(), score) - x.begin(), lo = hi - 1;
      return y[lo] + (score - x[lo]) / (x[hi] - x[lo]) * (y[hi] - y[lo]);
    };
    std::vector<double> scores;
    for (double knot : x)
      for (double s : {knot, std::nextafter(knot, -1.0), std::nextafter(knot, 1e9)})
        scores.push_back(s);
    for (int i = 0; i < 1000; ++i) scores.push_back(uniform() * (x.back() + 1) - 0.5);
    for (double score : scores)
      ASSERT_EQ(c.Apply(score), reference(score)) << knots << " knots, score " << score;
    // Side by side (eight at a time, then one by one: the count is not a
    // multiple of eight), into another array and in place.
    scores.push_back(0.75);
    std::vector<double> all(scores.size());
    c.ApplyAll(scores.data(), scores.size(), all.data());
    for (size_t i = 0; i < scores.size(); ++i)
      ASSERT_EQ(all[i], reference(scores[i])) << knots << " knots, score " << scores[i];
    c.ApplyAll(scores.data(), scores.size(), scores.data());
    ASSERT_EQ(scores, all) << knots << " knots, in place";
  }
  EXPECT_TRUE(std::isnan(IsotonicCalibration({0.1, 0.5}, {0.2, 0.7}).Apply(std::nan(""))));
  // A NaN among scores found side by side stays NaN, and leaves the others be.
  const IsotonicCalibration c({0.1, 0.5}, {0.2, 0.7});
  std::vector<double> scores = {0.3, std::nan(""), 0.05, 0.9, 0.1, 0.5, 0.2, 0.4, std::nan("")};
  std::vector<double> out(scores.size());
  c.ApplyAll(scores.data(), scores.size(), out.data());
  for (size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i]))
      EXPECT_TRUE(std::isnan(out[i])) << i;
    else
      EXPECT_EQ(out[i], c.Apply(scores[i])) << i;
  }
  // Nothing fitted: unchanged, eight at a time and after.
  IsotonicCalibration().ApplyAll(scores.data(), scores.size(), out.data());
  EXPECT_EQ(out[0], 0.3);
  EXPECT_EQ(out[7], 0.4);
  EXPECT_TRUE(std::isnan(out[8]));
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

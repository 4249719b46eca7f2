#include "learn/lift_stats.h"

#include <gtest/gtest.h>

namespace acctseg::learn {
namespace {

TEST(LiftStats, WilsonMatchesPublishedValues) {
  Interval ci = WilsonInterval(8, 10);  // Newcombe (1998), 8/10
  EXPECT_NEAR(ci.low, 0.4902, 5e-5);
  EXPECT_NEAR(ci.high, 0.9433, 5e-5);
  Interval none = WilsonInterval(0, 10);
  EXPECT_EQ(none.low, 0);
  EXPECT_NEAR(none.high, 0.2775, 5e-5);
  Interval all = WilsonInterval(10, 10);
  EXPECT_NEAR(all.low, 0.7225, 5e-5);
  EXPECT_NEAR(all.high, 1, 1e-12);
}

TEST(LiftStats, BenjaminiHochbergByHand) {
  // Sorted: 0.005 (rank 1) -> 0.02, 0.01 (2) -> 0.02, 0.03 (3) -> 0.04,
  // 0.04 (4) -> 0.04; then the running minimum from the top.
  std::vector<double> q = BenjaminiHochberg({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(q.size(), 4u);
  EXPECT_NEAR(q[0], 0.02, 1e-12);
  EXPECT_NEAR(q[1], 0.04, 1e-12);
  EXPECT_NEAR(q[2], 0.04, 1e-12);
  EXPECT_NEAR(q[3], 0.02, 1e-12);
  // A step-up: 0.04 at rank 2 of 2 pulls 0.03 down to 0.04 (not 0.06),
  // and nothing exceeds 1.
  std::vector<double> up = BenjaminiHochberg({0.03, 0.04, 0.9});
  EXPECT_NEAR(up[0], 0.06, 1e-12);
  EXPECT_NEAR(up[1], 0.06, 1e-12);
  EXPECT_NEAR(up[2], 0.9, 1e-12);
  EXPECT_TRUE(BenjaminiHochberg({}).empty());
}

TEST(LiftStats, TwoProportionZTest) {
  // 30/100 vs 20/100: pooled 0.25, z = 0.1 / sqrt(0.25 * 0.75 * 0.02) = 1.633.
  EXPECT_NEAR(TwoProportionP(30, 100, 20, 100), 0.10247, 5e-5);
  EXPECT_EQ(TwoProportionP(0, 50, 0, 50), 1);
}

TEST(LiftStats, StudentTMatchesTables) {
  EXPECT_NEAR(StudentQuantile95(10), 2.228139, 1e-5);
  EXPECT_NEAR(StudentQuantile95(1), 12.7062, 1e-3);
  EXPECT_NEAR(StudentQuantile95(1e6), kZ95, 1e-4);
  EXPECT_NEAR(StudentTwoSidedP(2.0, 5), 0.101939, 1e-5);
  EXPECT_NEAR(StudentTwoSidedP(0, 7), 1, 1e-12);
}

TEST(LiftStats, MeansAndRatios) {
  Sample s = Summarize({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(s.n, 8u);
  EXPECT_DOUBLE_EQ(s.mean, 5);
  EXPECT_NEAR(s.sd, 2.13809, 1e-5);
  Interval ci = MeanInterval(s);  // 5 +- 2.364624 * 2.138090 / sqrt(8)
  EXPECT_NEAR(ci.low, 5 - 1.787488, 1e-5);
  EXPECT_NEAR(ci.high, 5 + 1.787488, 1e-5);

  Sample a = Summarize({1, 2, 3}), b = Summarize({4, 5, 6, 7});
  Sample pooled = Pool(a, b), direct = Summarize({1, 2, 3, 4, 5, 6, 7});
  EXPECT_DOUBLE_EQ(pooled.mean, direct.mean);
  EXPECT_NEAR(pooled.sd, direct.sd, 1e-12);

  // Welch: means 2 and 5.5, variances 1 and 5/3: t = -4.041, df = 4.96.
  EXPECT_NEAR(WelchP(a, b), 0.0101, 2e-4);
  EXPECT_EQ(WelchP(Summarize({3, 3}), Summarize({3, 3, 3})), 1);

  // A bin like the rest: the ratio to the overall mean is about 1 and its
  // interval holds 1; a bin at twice the rest: about 2 / 1.1 when it is a
  // tenth of the deals.
  Sample same = {100, 10, 2}, rest = {900, 10, 2};
  Interval around = MeanRatioInterval(same, rest);
  EXPECT_LT(around.low, 1);
  EXPECT_GT(around.high, 1);
  Interval doubled = MeanRatioInterval({100, 20, 2}, rest);
  EXPECT_LT(doubled.low, 20 / 11.0);
  EXPECT_GT(doubled.high, 20 / 11.0);
  EXPECT_GT(doubled.low, 1.7);
}

}  // namespace
}  // namespace acctseg::learn

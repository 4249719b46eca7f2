// The Newton fit against scikit-learn on the same generated data, and its
// behaviour when the classes separate perfectly.
#include "learn/logistic_regression.h"

#include <gtest/gtest.h>

#include <cmath>

namespace acctseg::learn {
namespace {

// 400 rows without randomness, so the same data is easy to make in Python:
//   x1 = ((i*37) % 101) / 50 - 1,  x2 = ((i*53) % 97) / 48 - 1,
//   u = ((i*7919) % 1000 + 0.5) / 1000,  y = u < 1 / (1 + exp(-(0.5 + 1.5 x1 - 2 x2)))
void Generated(Eigen::MatrixXd& x, std::vector<uint8_t>& y) {
  const int n = 400;
  x.resize(n, 2);
  y.clear();
  for (int i = 0; i < n; ++i) {
    x(i, 0) = ((i * 37) % 101) / 50.0 - 1;
    x(i, 1) = ((i * 53) % 97) / 48.0 - 1;
    double u = ((i * 7919) % 1000 + 0.5) / 1000;
    y.push_back(u < 1 / (1 + std::exp(-(0.5 + 1.5 * x(i, 0) - 2 * x(i, 1)))));
  }
}

// Reference values from Debian's python3-sklearn, computed once by hand:
//   LogisticRegression(C=1.0, solver='newton-cg', tol=1e-14, max_iter=100000).fit(X, y)
//     (our l2 = 1):  0.4666642199849113, 1.415578264605497, -2.1434155754334836
//   LogisticRegression(penalty=None, solver='newton-cg', tol=1e-14, ...).fit(X, y)
//     (our l2 = 0):  0.48512506777446557, 1.5367780256144707, -2.3080241103989727
// (233 of the 400 rows are wins. The default lbfgs solver agrees with C=1 to
// 1e-7 but stops early without a penalty, 1e-5 off; plain Newton in numpy
// agrees with newton-cg.)
TEST(LogisticRegression, MatchesScikitLearn) {
  Eigen::MatrixXd x;
  std::vector<uint8_t> y;
  Generated(x, y);
  LogisticOptions options;
  LogisticFit fit = FitLogistic(x, y, options);
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.intercept, 0.4666642199849113, 1e-7);
  EXPECT_NEAR(fit.coefficients[0], 1.415578264605497, 1e-7);
  EXPECT_NEAR(fit.coefficients[1], -2.1434155754334836, 1e-7);
  options.l2 = 0;
  fit = FitLogistic(x, y, options);
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.intercept, 0.48512506777446557, 1e-7);
  EXPECT_NEAR(fit.coefficients[0], 1.5367780256144707, 1e-7);
  EXPECT_NEAR(fit.coefficients[1], -2.3080241103989727, 1e-7);
}

// y = (x > 0) exactly: without a penalty the coefficient would grow
// without bound; with it the fit converges to a finite value.
TEST(LogisticRegression, PenaltyKeepsSeparatedClassesFinite) {
  Eigen::MatrixXd x(20, 1);
  std::vector<uint8_t> y;
  for (int i = 0; i < 20; ++i) {
    x(i, 0) = i - 9.5;
    y.push_back(i >= 10);
  }
  LogisticFit fit = FitLogistic(x, y, LogisticOptions{});
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(std::isfinite(fit.coefficients[0]));
  EXPECT_GT(fit.coefficients[0], 1);
  EXPECT_LT(fit.coefficients[0], 10);
}

TEST(LogisticRegression, SaysWhenItDidNotConverge) {
  Eigen::MatrixXd x;
  std::vector<uint8_t> y;
  Generated(x, y);
  LogisticOptions options;
  options.max_iterations = 1;
  LogisticFit fit = FitLogistic(x, y, options);
  EXPECT_FALSE(fit.converged);
  EXPECT_EQ(fit.iterations, 1);
}

}  // namespace
}  // namespace acctseg::learn

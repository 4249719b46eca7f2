#include "learn/lift_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace acctseg::learn {
namespace {

// The continued fraction of the regularized incomplete beta function
// (modified Lentz, as in Numerical Recipes' betacf); converges fast for
// x < (a + 1) / (a + b + 2).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < 1e-15) break;
  }
  return h;
}

// I_x(a, b), the regularized incomplete beta function.
double IncompleteBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

}  // namespace

Interval WilsonInterval(uint64_t successes, uint64_t trials) {
  double n = static_cast<double>(trials);
  double p = static_cast<double>(successes) / n;
  double z2 = kZ95 * kZ95;
  double center = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = kZ95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double TwoProportionP(uint64_t a, uint64_t n_a, uint64_t b, uint64_t n_b) {
  double na = static_cast<double>(n_a), nb = static_cast<double>(n_b);
  double pooled = static_cast<double>(a + b) / (na + nb);
  double se = std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se == 0) return 1;
  double z = (static_cast<double>(a) / na - static_cast<double>(b) / nb) / se;
  return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

std::vector<double> BenjaminiHochberg(const std::vector<double>& p) {
  size_t m = p.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  // Ties keep their input order, so equal p get equal q either way.
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return p[x] < p[y]; });
  std::vector<double> q(m);
  double running = 1;
  for (size_t k = m; k-- > 0;) {
    double adjusted = p[order[k]] * static_cast<double>(m) / static_cast<double>(k + 1);
    running = std::min(running, adjusted);
    q[order[k]] = running;
  }
  return q;
}

double StudentTwoSidedP(double t, double df) {
  if (std::isinf(t)) return 0;
  return IncompleteBeta(df / 2, 0.5, df / (df + t * t));
}

double StudentQuantile95(double df) {
  // Bisection on the exact tail: 200 halvings of [0, 1e6] is far below
  // double precision, and the call is once per bin.
  double low = 0, high = 1e6;
  for (int i = 0; i < 200 && high - low > 1e-12 * high; ++i) {
    double mid = (low + high) / 2;
    (StudentTwoSidedP(mid, df) > 0.05 ? low : high) = mid;
  }
  return (low + high) / 2;
}

Sample Summarize(const std::vector<double>& values) {
  Sample s;
  s.n = values.size();
  if (s.n == 0) return s;
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(s.n);
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(squares / static_cast<double>(s.n - 1)) : 0;
  return s;
}

Sample Pool(const Sample& a, const Sample& b) {
  Sample s;
  s.n = a.n + b.n;
  if (s.n == 0) return s;
  double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
  s.mean = (na * a.mean + nb * b.mean) / (na + nb);
  // Sum of squares about the pooled mean: within each part plus between.
  double squares = (na > 1 ? (na - 1) * a.sd * a.sd : 0) + (nb > 1 ? (nb - 1) * b.sd * b.sd : 0) +
                   na * (a.mean - s.mean) * (a.mean - s.mean) +
                   nb * (b.mean - s.mean) * (b.mean - s.mean);
  s.sd = s.n > 1 ? std::sqrt(squares / (na + nb - 1)) : 0;
  return s;
}

Interval MeanInterval(const Sample& sample) {
  double half = StudentQuantile95(static_cast<double>(sample.n - 1)) * sample.sd /
                std::sqrt(static_cast<double>(sample.n));
  return {sample.mean - half, sample.mean + half};
}

double WelchP(const Sample& a, const Sample& b) {
  double va = a.sd * a.sd / static_cast<double>(a.n), vb = b.sd * b.sd / static_cast<double>(b.n);
  double diff = a.mean - b.mean;
  if (va + vb == 0) return diff == 0 ? 1 : 0;
  double t = diff / std::sqrt(va + vb);
  double df = (va + vb) * (va + vb) /
              (va * va / static_cast<double>(a.n - 1) + vb * vb / static_cast<double>(b.n - 1));
  return StudentTwoSidedP(t, df);
}

Interval MeanRatioInterval(const Sample& bin, const Sample& rest) {
  Sample all = Pool(bin, rest);
  double share_bin = static_cast<double>(bin.n) / static_cast<double>(all.n);
  double share_rest = 1 - share_bin;
  // log R = log m_bin - log(share_bin m_bin + share_rest m_rest).
  double d_bin = 1 / bin.mean - share_bin / all.mean;
  double d_rest = -share_rest / all.mean;
  double variance = d_bin * d_bin * bin.sd * bin.sd / static_cast<double>(bin.n) +
                    d_rest * d_rest * rest.sd * rest.sd / static_cast<double>(rest.n);
  double ratio = bin.mean / all.mean, half = kZ95 * std::sqrt(variance);
  return {ratio * std::exp(-half), ratio * std::exp(half)};
}

}  // namespace acctseg::learn

// The statistics of a lift table, kept apart from the table so each can be
// checked against published values: the Wilson interval of a rate, the
// two-proportion z-test of a bin against the rest, Benjamini-Hochberg
// q-values, and Student-t intervals and Welch tests for mean amounts and
// cycle times. Pure functions, no state; every interval is 95%.
#pragma once

#include <cstdint>
#include <vector>

namespace acctseg::learn {

// The two-sided 95% normal quantile (1.959964...).
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval of successes/trials at 95% (8/10 -> 0.4902 to
// 0.9433). Trials must be > 0.
Interval WilsonInterval(uint64_t successes, uint64_t trials);

// Two-sided p of the pooled two-proportion z-test: do a/n_a and b/n_b
// differ? 1 when both rates are 0 or 1 (nothing varies). Both n > 0.
double TwoProportionP(uint64_t a, uint64_t n_a, uint64_t b, uint64_t n_b);

// Benjamini-Hochberg adjusted p-values (q-values), in the order given:
// q_i = min over j with p_j >= p_i of p_j * m / rank_j, capped at 1.
// Controls the false discovery rate over all m tests at once.
std::vector<double> BenjaminiHochberg(const std::vector<double>& p);

// Two-sided tail of Student's t with `df` degrees of freedom: P(|T| >= t).
// df may be fractional (Welch).
double StudentTwoSidedP(double t, double df);

// The t with StudentTwoSidedP(t, df) = 0.05 (2.228 for df = 10).
double StudentQuantile95(double df);

// Mean, sample standard deviation and count of a sample.
struct Sample {
  uint64_t n = 0;
  double mean = 0;
  double sd = 0;
};
Sample Summarize(const std::vector<double>& values);
// The pooled sample of two disjoint samples (a bin and the rest = overall).
Sample Pool(const Sample& a, const Sample& b);

// 95% t interval of a sample's mean; needs n >= 2.
Interval MeanInterval(const Sample& sample);

// Welch's two-sided test of equal means (a bin against the rest); 1 when
// neither sample varies and the means are equal, 0 when they differ.
// Needs n >= 2 in each.
double WelchP(const Sample& a, const Sample& b);

// The 95% interval of mean(bin) / mean(bin + rest) by the delta method on
// the log scale, with the bin and the rest as independent samples (the
// overall mean contains the bin, so the ratio's spread shrinks as the bin
// grows). Needs both means > 0 and n >= 2 in each sample.
Interval MeanRatioInterval(const Sample& bin, const Sample& rest);

}  // namespace acctseg::learn

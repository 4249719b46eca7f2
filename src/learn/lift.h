// Lift tables: for each attribute of a learning frame (a category, a
// quantile bin of a number, missing), how many deals, how many won, the
// win rate and its lift over the overall rate with 95% intervals, and
// whether the difference survives a correction for the many bins tested;
// optionally the same for the average won amount ("25% higher ACV") and
// the days to close of won deals ("closes 2x faster").
//
// Statistics (docs/learning/lift.md says why): Wilson intervals for rates;
// lift = rate / overall rate with the Wilson bounds divided by the overall
// rate; a pooled two-proportion z-test of each bin against the rest of the
// deals; Benjamini-Hochberg q-values over every tested bin of every
// attribute; means with Student-t intervals, Welch tests against the rest,
// ratios to the overall mean by the delta method on the log scale, each
// measure corrected as its own family. A bin with fewer than `min_deals`
// observations gets counts and a note, no interval and no test.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learn/learning_frame.h"
#include "learn/lift_bins.h"
#include "learn/lift_stats.h"

namespace acctseg::learn {

struct LiftOptions {
  std::vector<std::string> by;  // attributes (frame features); empty = all
  int bins = 5;                 // quantile bins per numeric attribute
  uint64_t min_deals = 30;      // fewer: no interval, no test
  double alpha = 0.05;          // significant: q < alpha
};

// A mean measure (won amount, days to close) in one bin, on won deals with
// a value.
struct MeasureCell {
  Sample sample;        // n, mean, sd of the bin's won deals
  bool tested = false;  // n >= min_deals (and the rest too)
  Interval mean_ci;     // when tested
  // mean / overall mean, NaN when either mean is 0 or less: a ratio of
  // -51.3 to -21.9 reads as "134% higher" for a mean that is lower, so
  // such a cell is described by its difference alone.
  double ratio = 0;
  double difference = 0;  // mean - overall mean
  Interval ratio_ci;      // when tested and both means > 0
  bool ratio_ci_known = false;
  double p = 1, q = 1;  // Welch against the rest; BH within the measure
  bool significant = false;
};

struct LiftRow {
  std::string label;
  GroupKind kind = GroupKind::kValue;
  uint64_t deals = 0;
  uint64_t wins = 0;
  double rate = 0;
  double lift = 0;
  bool tested = false;  // deals >= min_deals and some deals outside the bin
  Interval rate_ci, lift_ci;
  double p = 1, q = 1;
  bool significant = false;
  // Why a row has no interval or test ("12 deals, fewer than 30"), or a
  // mean has none ("28 won deals with a value, fewer than 30 (amount)").
  std::string note;
  std::optional<MeasureCell> amount, cycle;
};

struct LiftAttribute {
  std::string name;
  std::string description;  // "categorical, 5 values"
  std::vector<LiftRow> rows;
  // |log lift| of the strongest significant row (0 when none): the sort key.
  double strength = 0;
};

struct MeasureSummary {
  std::string name;  // the column
  Sample overall;    // won deals with a value
  Interval mean_ci;
  size_t tests = 0;
};

struct LiftReport {
  std::string outcome;
  uint64_t deals = 0, wins = 0;
  double base_rate = 0;
  Interval base_ci;
  LiftOptions options;
  size_t tests = 0;  // tested rows across all attributes (the BH family)
  std::optional<MeasureSummary> amount, cycle;
  // Strongest first: attributes with a significant row by strength, then
  // the rest in frame order.
  std::vector<LiftAttribute> attributes;
};

// Errors (acctseg::Error, kUsage): --by naming no feature of the frame
// (why, for a column of the run the frame left out: frame.not_features;
// else with a suggestion), --bins < 2, a measure with no value on any won
// deal.
LiftReport ComputeLift(const LearningFrame& frame, const LiftOptions& options);

// A significant finding, for headlines: the attribute and row.
struct LiftFinding {
  const LiftAttribute* attribute;
  const LiftRow* row;
};
// Significant rows by |log lift| (win rate), or by |log ratio| for a
// measure (`which`: 0 win rate, 1 amount, 2 cycle; by the size of the
// difference where the overall mean is 0 or less), strongest first, at
// most `limit`.
std::vector<LiftFinding> TopFindings(const LiftReport& report, int which, size_t limit);

}  // namespace acctseg::learn

// The rows of a lift table for one attribute: which group each deal falls
// in. Categories stay as they are (rare ones merged into "(other)"),
// numbers are cut at quantiles, and missing values are a group of their
// own, so that "no industry given" can show its own win rate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learn/learning_frame.h"

namespace acctseg::learn {

enum class GroupKind : uint8_t {
  kValue,    // one category, or one value of a number with few values
  kRange,    // a quantile bin of a number: [low, high)
  kOther,    // the rare categories together
  kMissing,  // no value
};

// "value", "range", "other", "missing", as the CSV and JSON reports say it.
const char* GroupKindName(GroupKind kind);

struct AttributeGroups {
  std::vector<std::string> labels;  // one per group, in table order
  std::vector<GroupKind> kinds;
  std::vector<int32_t> group_of_row;  // index into labels, per frame row
  std::string description;            // "categorical, 12 values", "numeric, 5 quantile bins"
};

// Lower edges of up to `bins` quantile bins of sorted, finite values (the
// first edge is the minimum): the value at rank floor(k n / bins) starts
// bin k, and equal edges (ties, discrete data) collapse into one bin.
std::vector<double> QuantileEdges(const std::vector<double>& sorted_values, int bins);

// A number as a bin label shows it: a date as YYYY-MM-DD, a whole number
// without decimals, others with 6 significant digits.
std::string FormatEdge(double value, bool is_date);

// Groups of `feature`. Categorical: each category with at least
// `min_deals` rows is a group; two or more rarer categories are merged into
// "(other: N values)" (one alone keeps its name and is flagged as too few
// by the table). Numeric: one group per value when it has at most `bins`
// distinct values, else quantile bins labelled "[10, 50)" (the last one
// closed, "[50, 90]", or "90" when it holds only the maximum). Missing
// values: a last group "(missing)".
AttributeGroups GroupFeature(const Feature& feature, int bins, uint64_t min_deals);

}  // namespace acctseg::learn

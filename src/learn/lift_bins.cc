#include "learn/lift_bins.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "table/date_time.h"

namespace acctseg::learn {
namespace {

constexpr const char* kMissingLabel = "(missing)";

AttributeGroups CategoricalGroups(const Feature& feature, uint64_t min_deals) {
  std::vector<uint64_t> counts(feature.categories.size(), 0);
  for (int32_t code : feature.codes)
    if (code >= 0) ++counts[code];
  size_t rare = 0;
  for (uint64_t count : counts)
    if (count > 0 && count < min_deals) ++rare;
  bool merge = rare >= 2;
  AttributeGroups groups;
  std::vector<int32_t> group_of_code(counts.size(), -1);
  for (size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] == 0 || (merge && counts[c] < min_deals)) continue;
    group_of_code[c] = static_cast<int32_t>(groups.labels.size());
    groups.labels.push_back(feature.categories[c]);
    groups.kinds.push_back(GroupKind::kValue);
  }
  int32_t other = -1;
  if (merge) {
    other = static_cast<int32_t>(groups.labels.size());
    groups.labels.push_back("(other: " + std::to_string(rare) + " values)");
    groups.kinds.push_back(GroupKind::kOther);
  }
  size_t used = std::count_if(counts.begin(), counts.end(), [](uint64_t n) { return n > 0; });
  groups.description = "categorical, " + std::to_string(used) + " values";
  if (merge)
    groups.description += ", " + std::to_string(rare) + " with fewer than " +
                          std::to_string(min_deals) + " deals merged";
  groups.group_of_row.resize(feature.codes.size(), -1);
  for (size_t r = 0; r < feature.codes.size(); ++r) {
    int32_t code = feature.codes[r];
    if (code >= 0) groups.group_of_row[r] = group_of_code[code] >= 0 ? group_of_code[code] : other;
  }
  return groups;
}

AttributeGroups NumericGroups(const Feature& feature, int bins) {
  std::vector<double> sorted;
  for (double v : feature.values)
    if (!std::isnan(v)) sorted.push_back(v);
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> distinct = sorted;
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  bool by_value = distinct.size() <= static_cast<size_t>(bins);
  std::vector<double> edges = by_value ? distinct : QuantileEdges(sorted, bins);
  AttributeGroups groups;
  const char* kind = feature.is_date ? "date" : "numeric";
  // A boolean's two values are false and true, not 0 and 1.
  auto text = [&](double value) {
    if (feature.is_boolean) return std::string(value ? "true" : "false");
    return FormatEdge(value, feature.is_date);
  };
  for (size_t b = 0; b < edges.size(); ++b) {
    std::string low = text(edges[b]);
    bool last = b + 1 == edges.size();
    // A bin that holds one value (a heap of ties at the maximum, or the
    // zeros of a mostly-zero column) is that value, not "[30, 30]" or "[0, 1)".
    auto above = std::upper_bound(sorted.begin(), sorted.end(), edges[b]);
    if (by_value || above == sorted.end() || (!last && *above == edges[b + 1])) {
      groups.labels.push_back(low);
      groups.kinds.push_back(GroupKind::kValue);
      continue;
    }
    double high = last ? sorted.back() : edges[b + 1];
    groups.labels.push_back("[" + low + ", " + text(high) + (last ? "]" : ")"));
    groups.kinds.push_back(GroupKind::kRange);
  }
  groups.description = std::string(kind) + ", " +
                       (edges.empty() ? std::string("no values")
                        : by_value    ? std::to_string(edges.size()) + " values"
                                      : std::to_string(edges.size()) + " quantile bins");
  if (feature.is_boolean && by_value) groups.description = "boolean";
  groups.group_of_row.resize(feature.values.size(), -1);
  for (size_t r = 0; r < feature.values.size(); ++r) {
    double v = feature.values[r];
    if (std::isnan(v)) continue;
    auto above = std::upper_bound(edges.begin(), edges.end(), v);
    groups.group_of_row[r] = static_cast<int32_t>(above - edges.begin()) - 1;
  }
  return groups;
}

}  // namespace

const char* GroupKindName(GroupKind kind) {
  switch (kind) {
    case GroupKind::kRange:
      return "range";
    case GroupKind::kOther:
      return "other";
    case GroupKind::kMissing:
      return "missing";
    case GroupKind::kValue:
      break;
  }
  return "value";
}

std::vector<double> QuantileEdges(const std::vector<double>& sorted_values, int bins) {
  std::vector<double> edges;
  if (sorted_values.empty()) return edges;
  size_t n = sorted_values.size();
  for (int k = 0; k < bins; ++k) {
    double edge = sorted_values[static_cast<size_t>(k) * n / static_cast<size_t>(bins)];
    if (edges.empty() || edge > edges.back()) {
      edges.push_back(edge);
      continue;
    }
    if (edge < edges.back()) continue;
    // One value fills a bin's share or more: it gets a bin of its own, the
    // next starting at the value after it. (A column of mostly zeros was one
    // bin of every deal, lift 1.00, its effect hidden.)
    auto [first, last] = std::equal_range(sorted_values.begin(), sorted_values.end(), edge);
    if (last != sorted_values.end() && static_cast<size_t>(last - first) * bins >= n)
      edges.push_back(*last);
  }
  return edges;
}

std::string FormatEdge(double value, bool is_date) {
  if (is_date) return FormatDate(static_cast<int64_t>(std::floor(value)));
  char text[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    std::snprintf(text, sizeof text, "%.0f", value);
  else
    std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

AttributeGroups GroupFeature(const Feature& feature, int bins, uint64_t min_deals) {
  AttributeGroups groups = feature.kind == FeatureKind::kCategorical
                               ? CategoricalGroups(feature, min_deals)
                               : NumericGroups(feature, bins);
  bool any_missing = false;
  for (size_t r = 0; r < feature.rows() && !any_missing; ++r) any_missing = feature.IsMissing(r);
  if (any_missing) {
    int32_t missing = static_cast<int32_t>(groups.labels.size());
    groups.labels.push_back(kMissingLabel);
    groups.kinds.push_back(GroupKind::kMissing);
    for (size_t r = 0; r < feature.rows(); ++r)
      if (feature.IsMissing(r)) groups.group_of_row[r] = missing;
  }
  return groups;
}

}  // namespace acctseg::learn

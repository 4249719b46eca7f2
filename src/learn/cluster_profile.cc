#include "learn/cluster_profile.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace acctseg::learn {
namespace {

// Below this distance from the overall mean (in sds, or standardized share
// difference) an attribute is not distinctive enough to name a cluster.
constexpr double kDistinctive = 0.5;

struct Attribute {
  double strength;
  std::string words;
};

std::string CategoryName(const Feature& feature, int32_t code) {
  return code < 0 ? "(missing)" : feature.categories[code];
}

CategoricalProfile ProfileCategories(const Feature& feature, const std::vector<int>& labels,
                                     int cluster, size_t size, std::vector<Attribute>& names) {
  // Rows per code, shifted by one (-1 = missing).
  std::vector<size_t> in_cluster(feature.categories.size() + 1, 0), overall(in_cluster);
  for (size_t r = 0; r < labels.size(); ++r) {
    ++overall[feature.codes[r] + 1];
    if (labels[r] == cluster) ++in_cluster[feature.codes[r] + 1];
  }
  std::vector<std::pair<size_t, int32_t>> order;  // rows, code
  for (size_t i = 0; i < in_cluster.size(); ++i)
    if (in_cluster[i] > 0) order.emplace_back(in_cluster[i], static_cast<int32_t>(i) - 1);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  CategoricalProfile profile{feature.name, {}};
  const double all = static_cast<double>(labels.size());
  for (size_t i = 0; i < order.size(); ++i) {
    double share = static_cast<double>(order[i].first) / static_cast<double>(size);
    double p = static_cast<double>(overall[order[i].second + 1]) / all;
    if (i < 3) profile.top.push_back({CategoryName(feature, order[i].second), share, p});
    // A share difference in units of the category's spread, comparable to
    // a numeric feature's deviation in sds.
    double strength = p < 1 ? (share - p) / std::sqrt(p * (1 - p)) : 0;
    if (share >= 0.5 && strength >= kDistinctive)
      names.push_back({strength, CategoryName(feature, order[i].second)});
  }
  return profile;
}

std::string NameFrom(std::vector<Attribute> attributes) {
  std::stable_sort(attributes.begin(), attributes.end(),
                   [](const Attribute& a, const Attribute& b) { return a.strength > b.strength; });
  std::string name;
  for (size_t i = 0; i < attributes.size() && i < 2; ++i)
    name += (i ? " · " : "") + attributes[i].words;
  return name.empty() ? "Typical" : name;
}

}  // namespace

std::vector<ClusterProfile> ProfileClusters(const LearningFrame& frame,
                                            const ClusterFeatures& features,
                                            const std::vector<int>& labels, int k) {
  std::vector<ClusterProfile> profiles(k);
  for (int c = 0; c < k; ++c) profiles[c].cluster = c;
  std::vector<size_t> wins(k, 0), amounts(k, 0);
  std::vector<double> amount_sum(k, 0);
  for (size_t r = 0; r < labels.size(); ++r) {
    ClusterProfile& p = profiles[labels[r]];
    ++p.rows;
    wins[labels[r]] += frame.outcome[r];
    if (!frame.amount.empty() && !std::isnan(frame.amount[r]))
      amount_sum[labels[r]] += frame.amount[r], ++amounts[labels[r]];
  }
  std::map<std::string, int> name_uses;
  for (int c = 0; c < k; ++c) {
    ClusterProfile& p = profiles[c];
    const double size = static_cast<double>(p.rows);
    p.share = size / static_cast<double>(labels.size());
    p.win_rate = p.rows ? static_cast<double>(wins[c]) / size : NAN;
    p.total_amount = frame.amount.empty() ? NAN : amount_sum[c];
    p.mean_amount = amounts[c] ? amount_sum[c] / static_cast<double>(amounts[c]) : NAN;
    std::vector<Attribute> attributes;
    for (size_t j = 0; j < features.numeric.size(); ++j) {
      const Feature& feature = frame.features[features.numeric[j]];
      double sum = 0, present = 0;
      for (size_t r = 0; r < labels.size(); ++r)
        if (labels[r] == c && !std::isnan(feature.values[r])) sum += feature.values[r], ++present;
      double mean = present ? sum / present : NAN;
      double deviation = present ? (mean - features.means[j]) / features.sds[j] : 0;
      p.numeric.push_back({feature.name, mean, deviation, feature.is_date});
      if (std::fabs(deviation) >= kDistinctive)
        attributes.push_back(
            {std::fabs(deviation), (deviation > 0 ? "High " : "Low ") + feature.name});
    }
    for (size_t index : features.categorical)
      p.categorical.push_back(
          ProfileCategories(frame.features[index], labels, c, p.rows, attributes));
    p.name = NameFrom(std::move(attributes));
    int uses = ++name_uses[p.name];
    if (uses > 1) p.name += " " + std::to_string(uses);
  }
  return profiles;
}

}  // namespace acctseg::learn

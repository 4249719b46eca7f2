// What each discovered cluster is, in the frame's original units: its size,
// the mean of each numeric feature (and how far that is from the overall
// mean, in standard deviations), its most common categories, its win rate
// and, with an amount, its mean and total amount (the potential). And a
// suggested name from its most distinctive attributes: a numeric feature
// whose cluster mean is at least half a standard deviation off ("High
// Opportunity Amount USD"), or a category held by most of the cluster and
// over-represented in it ("Reseller"); at most two, the strongest first,
// joined by " · ", "Typical" when nothing stands out. Names are unique (a
// repeated one gets " 2", " 3").
#pragma once

#include <string>
#include <vector>

#include "learn/cluster_data.h"

namespace acctseg::learn {

struct NumericProfile {
  std::string feature;
  double mean = 0;       // over the cluster's rows with a value (NaN if none)
  double deviation = 0;  // (mean - overall mean) / overall sd
  bool is_date = false;  // the mean is a day since 1970-01-01: shown as a date
};

struct CategoryShare {
  std::string value;   // "(missing)" for rows without one
  double share = 0;    // within the cluster
  double overall = 0;  // over all rows
};

struct CategoricalProfile {
  std::string feature;
  std::vector<CategoryShare> top;  // up to 3, most common first
};

struct ClusterProfile {
  int cluster = 0;
  size_t rows = 0;
  double share = 0;  // of all rows
  std::vector<NumericProfile> numeric;
  std::vector<CategoricalProfile> categorical;
  double win_rate = 0;
  double mean_amount = 0;   // NaN without --amount or without amounts
  double total_amount = 0;  // NaN without --amount
  std::string name;
};

std::vector<ClusterProfile> ProfileClusters(const LearningFrame& frame,
                                            const ClusterFeatures& features,
                                            const std::vector<int>& labels, int k);

}  // namespace acctseg::learn

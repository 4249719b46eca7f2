// Weight-of-evidence binning, the first half of a credit-style scorecard:
// each feature is cut into a few bins (numeric by quantiles, merged until
// the win rate moves one way only; categorical by category, rare ones
// pooled as "other"; missing values always a bin of their own), and each
// bin gets its weight of evidence, the log of its share of wins over its
// share of losses. A feature's information value sums how far its bins
// pull apart. Pure functions of the rows given; no randomness.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "learn/learning_frame.h"

namespace acctseg::learn {

struct WoeBin {
  // Numeric value bins hold lower <= x < upper (infinite at the ends).
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  // Categorical value bins: the category codes it holds.
  std::vector<int32_t> codes;
  bool is_other = false;    // categorical: every category not listed in another bin
  bool is_missing = false;  // NaN / NULL
  int64_t wins = 0;
  int64_t losses = 0;
  double woe = 0;  // 0 for a bin without training rows: no evidence either way

  int64_t deals() const { return wins + losses; }
  double win_rate() const { return deals() ? static_cast<double>(wins) / deals() : 0; }
};

struct BinningOptions {
  int bins = 5;                 // quantile bins before merging (numeric)
  double min_bin_share = 0.05;  // smaller value bins are merged (numeric) or pooled (categorical)
  // Added to every bin's win and loss counts before taking shares, so a
  // bin without wins (or losses) has a large but finite weight.
  double smoothing = 0.5;
};

// A feature's bins: the value bins in order, then (categorical) the other
// bin, then the missing bin, always present (neutral when training had no
// missing values), so every row falls in exactly one bin.
struct BinnedFeature {
  std::string name;
  FeatureKind kind = FeatureKind::kNumeric;
  std::vector<std::string> categories;  // categorical: the frame's, to name codes
  std::vector<WoeBin> bins;
  double iv = 0;  // information value

  // The bin of one row of `feature` (the frame's feature of the same name).
  size_t BinOf(const Feature& feature, size_t row) const;
  // Value bins with training rows (a feature with fewer than 2 tells nothing).
  size_t OccupiedBins() const;

 private:
  friend BinnedFeature BinFeature(const Feature&, const std::vector<uint8_t>&,
                                  const std::vector<size_t>&, const BinningOptions&);
  std::vector<int32_t> bin_of_code_;  // categorical: code -> bin
};

// Sets each bin's WoE from its counts and returns the information value:
// woe = ln(((wins + s) / (W + s·B)) / ((losses + s) / (L + s·B))) over the
// B bins with rows, iv = sum over them of (win share - loss share) · woe.
double ComputeWoe(std::vector<WoeBin>& bins, double smoothing);

// Bins `feature` on the rows listed (a training fold).
BinnedFeature BinFeature(const Feature& feature, const std::vector<uint8_t>& outcome,
                         const std::vector<size_t>& rows, const BinningOptions& options);

}  // namespace acctseg::learn

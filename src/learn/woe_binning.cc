#include "learn/woe_binning.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace acctseg::learn {
namespace {

// Bins [0, value_bins) hold values; the missing bin is last.
size_t ValueBins(const std::vector<WoeBin>& bins) { return bins.size() - 1; }

void MergeWithNext(std::vector<WoeBin>& bins, size_t i) {
  bins[i].upper = bins[i + 1].upper;
  bins[i].wins += bins[i + 1].wins;
  bins[i].losses += bins[i + 1].losses;
  bins.erase(bins.begin() + static_cast<std::ptrdiff_t>(i) + 1);
}

// A bin with fewer than `min_deals` rows is merged into its smaller
// neighbour, smallest first, so no bin's weight rests on a handful of deals.
void MergeSmallBins(std::vector<WoeBin>& bins, int64_t min_deals) {
  while (ValueBins(bins) > 1) {
    size_t smallest = 0;
    for (size_t i = 1; i < ValueBins(bins); ++i)
      if (bins[i].deals() < bins[smallest].deals()) smallest = i;
    if (bins[smallest].deals() >= min_deals) return;
    bool has_left = smallest > 0, has_right = smallest + 1 < ValueBins(bins);
    bool left =
        has_left && (!has_right || bins[smallest - 1].deals() <= bins[smallest + 1].deals());
    MergeWithNext(bins, left ? smallest - 1 : smallest);
  }
}

// Merges the first adjacent pair whose WoE goes the wrong way until none
// does: a points table that rises, falls and rises again with the value is
// more likely noise than a pattern a person would sign off.
void MakeMonotone(std::vector<WoeBin>& bins, bool increasing, double smoothing) {
  for (;;) {
    ComputeWoe(bins, smoothing);
    size_t i = 0;
    for (; i + 1 < ValueBins(bins); ++i)
      if (increasing ? bins[i + 1].woe < bins[i].woe : bins[i + 1].woe > bins[i].woe) break;
    if (i + 1 >= ValueBins(bins)) return;
    MergeWithNext(bins, i);
  }
}

void NumericBins(BinnedFeature& out, const Feature& feature, const std::vector<uint8_t>& outcome,
                 const std::vector<size_t>& rows, const BinningOptions& options) {
  std::vector<std::pair<double, uint8_t>> values;
  WoeBin missing;
  missing.is_missing = true;
  for (size_t row : rows) {
    double v = feature.values[row];
    if (std::isnan(v))
      (outcome[row] ? missing.wins : missing.losses)++;
    else
      values.emplace_back(v, outcome[row]);
  }
  std::sort(values.begin(), values.end());
  // Quantile cuts at data values. A cut equal to the previous one (or to
  // the smallest value) would leave a bin empty: it moves up to the next
  // value, so a value most rows share (0 for "no revenue") gets a bin of
  // its own instead of swallowing its neighbours; bins left too small are
  // merged below.
  std::vector<WoeBin> bins(1);
  const size_t m = values.size();
  const auto above = [](double v, const std::pair<double, uint8_t>& e) { return v < e.first; };
  for (int q = 1; q < options.bins && m > 0; ++q) {
    size_t at = static_cast<size_t>(q) * m / static_cast<size_t>(options.bins);
    double floor = bins.size() == 1 ? values.front().first : bins.back().lower;
    if (values[at].first <= floor)
      at = static_cast<size_t>(std::upper_bound(values.begin(), values.end(), floor, above) -
                               values.begin());
    if (at >= m) break;
    bins.back().upper = values[at].first;
    bins.emplace_back().lower = values[at].first;
  }
  size_t bin = 0;
  for (const auto& [value, won] : values) {
    while (value >= bins[bin].upper) ++bin;
    (won ? bins[bin].wins : bins[bin].losses)++;
  }
  bins.push_back(missing);
  MergeSmallBins(bins, static_cast<int64_t>(std::ceil(options.min_bin_share * m)));
  // Whichever direction keeps more bins (then more information) wins.
  std::vector<WoeBin> rising = bins, falling = bins;
  MakeMonotone(rising, true, options.smoothing);
  MakeMonotone(falling, false, options.smoothing);
  double iv_rising = ComputeWoe(rising, options.smoothing);
  double iv_falling = ComputeWoe(falling, options.smoothing);
  bool keep_rising =
      rising.size() != falling.size() ? rising.size() > falling.size() : iv_rising >= iv_falling;
  out.bins = keep_rising ? std::move(rising) : std::move(falling);
}

}  // namespace

double ComputeWoe(std::vector<WoeBin>& bins, double smoothing) {
  double wins = 0, losses = 0, occupied = 0;
  for (const WoeBin& b : bins) {
    wins += static_cast<double>(b.wins);
    losses += static_cast<double>(b.losses);
    occupied += b.deals() > 0 ? 1 : 0;
  }
  double iv = 0;
  for (WoeBin& b : bins) {
    if (b.deals() == 0) {
      b.woe = 0;
      continue;
    }
    double win_share = (static_cast<double>(b.wins) + smoothing) / (wins + smoothing * occupied);
    double loss_share =
        (static_cast<double>(b.losses) + smoothing) / (losses + smoothing * occupied);
    b.woe = std::log(win_share / loss_share);
    iv += (win_share - loss_share) * b.woe;
  }
  return iv;
}

size_t BinnedFeature::BinOf(const Feature& feature, size_t row) const {
  if (feature.IsMissing(row)) return bins.size() - 1;
  if (kind == FeatureKind::kCategorical) {
    auto code = static_cast<size_t>(feature.codes[row]);
    return code < bin_of_code_.size() ? static_cast<size_t>(bin_of_code_[code]) : bins.size() - 2;
  }
  size_t bin = 0;
  while (feature.values[row] >= bins[bin].upper) ++bin;
  return bin;
}

size_t BinnedFeature::OccupiedBins() const {
  size_t occupied = 0;
  for (const WoeBin& b : bins) occupied += !b.is_missing && b.deals() > 0;
  return occupied;
}

BinnedFeature BinFeature(const Feature& feature, const std::vector<uint8_t>& outcome,
                         const std::vector<size_t>& rows, const BinningOptions& options) {
  BinnedFeature out;
  out.name = feature.name;
  out.kind = feature.kind;
  if (feature.kind == FeatureKind::kNumeric) {
    NumericBins(out, feature, outcome, rows, options);
    out.iv = ComputeWoe(out.bins, options.smoothing);
    return out;
  }
  out.categories = feature.categories;
  std::vector<WoeBin> per_code(feature.categories.size());
  WoeBin other, missing;
  other.is_other = true;
  missing.is_missing = true;
  int64_t present = 0;
  for (size_t row : rows) {
    int32_t code = feature.codes[row];
    WoeBin& b = code < 0 ? missing : per_code[static_cast<size_t>(code)];
    (outcome[row] ? b.wins : b.losses)++;
    present += code >= 0;
  }
  // Frequent categories get a bin each; rare and unseen ones share "other".
  auto min_deals = static_cast<int64_t>(std::ceil(options.min_bin_share * present));
  out.bin_of_code_.assign(per_code.size(), -1);
  for (size_t code = 0; code < per_code.size(); ++code) {
    WoeBin& b = per_code[code];
    if (b.deals() > 0 && b.deals() >= min_deals) {
      b.codes = {static_cast<int32_t>(code)};
      out.bin_of_code_[code] = static_cast<int32_t>(out.bins.size());
      out.bins.push_back(std::move(b));
    } else {
      other.codes.push_back(static_cast<int32_t>(code));
      other.wins += b.wins;
      other.losses += b.losses;
    }
  }
  for (int32_t& bin : out.bin_of_code_)
    if (bin < 0) bin = static_cast<int32_t>(out.bins.size());
  out.bins.push_back(std::move(other));
  out.bins.push_back(std::move(missing));
  out.iv = ComputeWoe(out.bins, options.smoothing);
  return out;
}

}  // namespace acctseg::learn

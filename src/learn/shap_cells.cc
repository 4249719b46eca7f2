#include "learn/shap_cells.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace acctseg::learn {

float ShapCells::FeatureBins::Representative(uint32_t bin) const {
  if (bin + 1 == count) return std::numeric_limits<float>::quiet_NaN();
  if (kind == Kind::kNumeric)
    return bin == 0 ? -std::numeric_limits<float>::infinity() : cuts[bin - 1];
  return code_of_bin[bin];
}

namespace {

// Binning a categorical feature looks at every code below the highest in
// its sets; a frame's codes number its categories, which stay far below.
constexpr uint32_t kMaxCategorySpan = 1u << 18;

// The split nodes under `node`, itself included.
void SplitsUnder(const TreeEnsemble& trees, int32_t node, std::vector<int32_t>& out) {
  if (trees.IsLeaf(node)) return;
  out.push_back(node);
  SplitsUnder(trees, trees.LeftChild(node), out);
  SplitsUnder(trees, trees.LeftChild(node) + 1, out);
}

}  // namespace

ShapCells::ShapCells(const TreeEnsemble& trees, uint32_t unit_cells, uint64_t max_cells,
                     uint32_t max_bins) {
  BinFeatures(trees, std::min<uint32_t>(max_bins, uint32_t{1} << 16));
  for (size_t t = 0; t < trees.trees(); ++t) {
    tree_begin_.push_back(units_.size());
    AddUnits(trees, t, unit_cells, max_cells);
  }
  tree_begin_.push_back(units_.size());
}

void ShapCells::BinFeatures(const TreeEnsemble& trees, uint32_t max_bins) {
  using Kind = FeatureBins::Kind;
  features_.assign(trees.features(), {});
  std::vector<int32_t> splits;
  for (size_t t = 0; t < trees.trees(); ++t) SplitsUnder(trees, trees.Root(t), splits);
  std::vector<std::vector<int32_t>> category_splits(features_.size());
  for (int32_t node : splits) {
    const TreeEnsemble::Split split = trees.SplitAt(node);
    FeatureBins& f = features_[split.feature];
    Kind kind = split.categorical ? Kind::kCategorical : Kind::kNumeric;
    // XGBoost never mixes the kinds on one feature; a model that did
    // would need a binning of both, which nothing makes.
    f.kind = f.kind == Kind::kUnused || f.kind == kind ? kind : Kind::kUnbinnable;
    if (kind == Kind::kNumeric) {
      f.cuts.push_back(split.threshold);
    } else {
      f.span = std::max(f.span, split.category_span);
      category_splits[split.feature].push_back(node);
    }
  }
  for (size_t feature = 0; feature < features_.size(); ++feature) {
    FeatureBins& f = features_[feature];
    std::sort(f.cuts.begin(), f.cuts.end());
    f.cuts.erase(std::unique(f.cuts.begin(), f.cuts.end()), f.cuts.end());
    if (f.kind == Kind::kNumeric) f.count = static_cast<uint32_t>(f.cuts.size()) + 2;
    if (f.kind == Kind::kCategorical && f.span > kMaxCategorySpan) f.kind = Kind::kUnbinnable;
    if (f.kind == Kind::kCategorical) BinCategories(trees, category_splits[feature], f);
    if (f.count > max_bins) f.kind = Kind::kUnbinnable;
  }
}

void ShapCells::BinCategories(const TreeEnsemble& trees, const std::vector<int32_t>& nodes,
                              FeatureBins& f) {
  // A bin per distinct membership across all the feature's splits,
  // numbered as first met; bin 0 is membership in none.
  std::map<std::vector<bool>, uint32_t> bin_of_membership = {
      {std::vector<bool>(nodes.size(), false), 0}};
  f.code_of_bin = {-1.0f};
  f.bin_of_code.resize(f.span);
  std::vector<bool> membership(nodes.size());
  for (uint32_t code = 0; code < f.span; ++code) {
    for (size_t k = 0; k < nodes.size(); ++k)
      membership[k] = trees.GoesRight(nodes[k], static_cast<float>(code));
    auto [at, added] =
        bin_of_membership.emplace(membership, static_cast<uint32_t>(bin_of_membership.size()));
    if (added) f.code_of_bin.push_back(static_cast<float>(code));
    f.bin_of_code[code] = at->second;
  }
  f.code_of_bin.push_back(std::numeric_limits<float>::quiet_NaN());  // missing
  f.count = static_cast<uint32_t>(f.code_of_bin.size());
}

void ShapCells::AddUnits(const TreeEnsemble& trees, size_t tree, uint32_t unit_cells,
                         uint64_t max_cells) {
  // Depth first, left before right, so units come in a fixed order; a
  // subtree with too many cells gives way to its two children.
  std::vector<std::vector<int32_t>> pending = {{trees.Root(tree)}};
  while (!pending.empty()) {
    std::vector<int32_t> route = std::move(pending.back());
    pending.pop_back();
    const int32_t node = route.back();
    std::vector<uint32_t> tables;
    bool binnable = true;
    Unit unit = IndexUnit(trees, route, tables, binnable);
    // Splitting what cannot be binned would only multiply the fallback.
    if (unit.cells <= unit_cells || !binnable || trees.IsLeaf(node)) {
      unit.cached = binnable && unit.cells <= max_cells;
      for (uint32_t& offset : unit.table_offsets) offset += class_strides_.size();
      class_strides_.insert(class_strides_.end(), tables.begin(), tables.end());
      units_.push_back(std::move(unit));
      continue;
    }
    for (int32_t child : {trees.LeftChild(node) + 1, trees.LeftChild(node)}) {
      pending.push_back(route);
      pending.back().push_back(child);
    }
  }
}

ShapCells::Unit ShapCells::IndexUnit(const TreeEnsemble& trees, std::vector<int32_t> route,
                                     std::vector<uint32_t>& tables, bool& binnable) const {
  Unit out;
  out.cells = UINT32_MAX;  // until counted
  out.route = std::move(route);
  // The splits that decide the unit's credits: its ancestors' and its own.
  std::vector<int32_t> splits(out.route.begin(), out.route.end() - 1);
  SplitsUnder(trees, out.route.back(), splits);
  std::map<uint32_t, std::vector<int32_t>> nodes_of;  // feature -> its splits' nodes
  for (int32_t node : splits) nodes_of[trees.SplitAt(node).feature].push_back(node);
  for (const auto& [feature, nodes] : nodes_of) {
    out.features.push_back(feature);
    // Depth 6 has 63 splits at most; one pattern bit per split must fit.
    if (features_[feature].kind == FeatureBins::Kind::kUnbinnable || nodes.size() > 64)
      binnable = false;
  }
  if (!binnable) return out;
  uint64_t stride = 1;
  for (uint32_t feature : out.features) {
    const FeatureBins& bins = features_[feature];
    const std::vector<int32_t>& nodes = nodes_of[feature];
    // A class per distinct pattern of decisions, numbered as first met.
    std::map<uint64_t, uint32_t> class_of;
    std::vector<uint32_t> classes(bins.count);
    std::vector<float> representatives;
    for (uint32_t bin = 0; bin < bins.count; ++bin) {
      const float value = bins.Representative(bin);
      uint64_t pattern = 0;
      for (size_t k = 0; k < nodes.size(); ++k)
        pattern |= uint64_t{trees.GoesRight(nodes[k], value)} << k;
      auto [at, added] = class_of.emplace(pattern, static_cast<uint32_t>(class_of.size()));
      if (added) representatives.push_back(value);
      classes[bin] = at->second;
    }
    out.table_offsets.push_back(static_cast<uint32_t>(tables.size()));
    for (uint32_t c : classes) tables.push_back(static_cast<uint32_t>(c * stride));
    out.strides.push_back(static_cast<uint32_t>(std::min<uint64_t>(stride, UINT32_MAX)));
    out.representatives.push_back(std::move(representatives));
    stride *= class_of.size();
    if (stride >= UINT32_MAX) return out;  // too many to number
  }
  out.cells = static_cast<uint32_t>(stride);
  return out;
}

void ShapCells::CellRow(size_t unit, uint32_t cell, float* row) const {
  const Unit& u = units_[unit];
  std::fill(row, row + features_.size(), std::numeric_limits<float>::quiet_NaN());
  for (size_t k = 0; k < u.features.size(); ++k) {
    const std::vector<float>& values = u.representatives[k];
    row[u.features[k]] = values[(cell / u.strides[k]) % values.size()];
  }
}

namespace {

// How many of `cuts` (ascending) are <= v[i], for kValues values (any
// for a NaN, which its caller replaces): std::upper_bound's answer. The
// halving is chosen with a mask, not a branch (a row's value mispredicts
// one half the time), and not a conditional choice either, which GCC
// turned into branches when the searches go side by side.
template <size_t kValues>
void CutsAtOrBelow(const float* cuts, size_t count, const float* v, uint32_t* below) {
  if (count == 0) {
    std::fill(below, below + kValues, 0);
    return;
  }
  size_t base[kValues] = {};
  for (size_t length = count; length > 1;) {
    const size_t half = length / 2;
    for (size_t i = 0; i < kValues; ++i)
      base[i] += half & (size_t{0} - static_cast<size_t>(cuts[base[i] + half - 1] <= v[i]));
    length -= half;
  }
  for (size_t i = 0; i < kValues; ++i)
    below[i] = static_cast<uint32_t>(base[i]) + (cuts[base[i]] <= v[i]);
}

}  // namespace

void ShapCells::BinRows(const float* x, size_t rows, BinCode* bins) const {
  const size_t width = features_.size();
  for (size_t f = 0; f < width; ++f) {
    const FeatureBins& b = features_[f];
    BinCode* out = bins + f * rows;
    const auto missing = static_cast<BinCode>(b.count - 1);
    if (b.kind == FeatureBins::Kind::kNumeric) {
      // A search's halvings depend on each other; searches of different
      // rows do not, so a few go side by side.
      constexpr size_t kSideBySide = 8;
      size_t r = 0;
      for (; r + kSideBySide <= rows; r += kSideBySide) {
        float v[kSideBySide];
        for (size_t i = 0; i < kSideBySide; ++i) v[i] = x[(r + i) * width + f];
        uint32_t below[kSideBySide];
        CutsAtOrBelow<kSideBySide>(b.cuts.data(), b.cuts.size(), v, below);
        for (size_t i = 0; i < kSideBySide; ++i)
          out[r + i] = std::isnan(v[i]) ? missing : static_cast<BinCode>(below[i]);
      }
      for (; r < rows; ++r) {
        const float v = x[r * width + f];
        uint32_t below;
        CutsAtOrBelow<1>(b.cuts.data(), b.cuts.size(), &v, &below);
        out[r] = std::isnan(v) ? missing : static_cast<BinCode>(below);
      }
    } else if (b.kind == FeatureBins::Kind::kCategorical) {
      for (size_t r = 0; r < rows; ++r) {
        const float v = x[r * width + f];
        // Truncated like the predictor's category test.
        out[r] = std::isnan(v) ? missing
                 : v >= 0 && v < b.span
                     ? static_cast<BinCode>(b.bin_of_code[static_cast<uint32_t>(v)])
                     : 0;
      }
    } else {
      std::fill(out, out + rows, 0);
    }
  }
}

}  // namespace acctseg::learn

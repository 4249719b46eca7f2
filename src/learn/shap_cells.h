// The cells that make exact TreeSHAP cheap across many rows. Path-dependent
// TreeSHAP credits each leaf by the row's decisions on the way to it, so
// the credit the leaves under one node (a "unit") give a row depends only
// on the row's decisions at that node's ancestors and inside its subtree.
// Rows in the same cell of the partition those splits induce get the same
// credits: a unit's values are computed once per cell and shared.
//
// A unit is the largest subtree with at most a chosen number of cells:
// whole trees have very many when features are continuous (every
// threshold of every split cuts), subtrees far fewer, but each unit costs
// every row a lookup. A row is binned once per feature: a number against
// the model-wide thresholds (one binary search), a category by its
// membership in the model's category sets. Per unit, a table maps a
// feature's bin to its class (the distinct pattern of the unit's decisions
// on the feature) times a stride, and the sum over the unit's features is
// the row's cell.
//
// Immutable once built; safe to share between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/tree_ensemble.h"

namespace acctseg::learn {

class ShapCells {
 public:
  // Units are the largest subtrees with at most `unit_cells` cells (down
  // to single leaves, which may have more). A unit whose cells would
  // number more than `max_cells` has none (Cached says false) and is
  // computed row by row. Features whose bins would number more than
  // `max_bins`, and categorical ones with codes in their sets from 2^18 on
  // (each code is looked at once), leave every unit that splits on them to
  // that fallback. `max_bins` above 2^16 counts as 2^16.
  explicit ShapCells(const TreeEnsemble& trees, uint32_t unit_cells = UINT32_MAX,
                     uint64_t max_cells = UINT32_MAX, uint32_t max_bins = 1u << 16);

  size_t features() const { return features_.size(); }
  // Bins are below 2^16 (max_bins is at most that), so a row's bins take
  // 2 bytes a feature: the block of rows ExactShap credits stays in cache.
  using BinCode = uint16_t;
  // Bins `rows` rows of `x` (row-major, features() values each) feature by
  // feature: feature f's bin of row r at bins[f * rows + r].
  void BinRows(const float* x, size_t rows, BinCode* bins) const;
  // Bins of feature `feature` (bins range over 0 .. count - 1).
  uint32_t BinCount(size_t feature) const { return features_[feature].count; }

  // Units come tree by tree; units_of_tree(t) is the first of tree t's,
  // units_of_tree(t + 1) one past its last.
  size_t units() const { return units_.size(); }
  size_t units_of_tree(size_t tree) const { return tree_begin_[tree]; }
  // The nodes from the unit's tree's root down to the unit's root.
  const std::vector<int32_t>& Route(size_t unit) const { return units_[unit].route; }
  bool Cached(size_t unit) const { return units_[unit].cached; }
  // The cells of a unit (UINT32_MAX: too many to number).
  uint32_t CellCount(size_t unit) const { return units_[unit].cells; }
  // The features the unit's splits use, ascending: the only ones its
  // leaves can credit.
  const std::vector<uint32_t>& FeaturesOf(size_t unit) const { return units_[unit].features; }
  // Per feature of a Cached unit (as FeaturesOf), its table: bin -> the
  // bin's class x the feature's stride; a row's cell is the sum over the
  // unit's features.
  const uint32_t* ClassTable(size_t unit, size_t k) const {
    return class_strides_.data() + units_[unit].table_offsets[k];
  }
  // A row in cell `cell` of a Cached unit: the unit's features set to a
  // value of their class, the others missing (`row`: features() values).
  void CellRow(size_t unit, uint32_t cell, float* row) const;

 private:
  // How a feature's values are binned model-wide.
  struct FeatureBins {
    enum class Kind { kUnused, kNumeric, kCategorical, kUnbinnable } kind = Kind::kUnused;
    std::vector<float> cuts;  // kNumeric: every tree's thresholds, ascending, distinct
    // kCategorical: codes with the same membership in every split's set
    // share a bin (bin 0: in none, like negative codes and codes from
    // `span` on), so a feature of many categories has few bins.
    uint32_t span = 0;
    std::vector<uint32_t> bin_of_code;  // per code below span
    std::vector<float> code_of_bin;     // a code of each bin, -1 for bin 0
    uint32_t count = 0;                 // bins, the last one for missing
    float Representative(uint32_t bin) const;
  };
  struct Unit {
    std::vector<int32_t> route;
    bool cached = false;
    uint32_t cells = 0;
    std::vector<uint32_t> features;
    std::vector<uint32_t> table_offsets;              // per feature, into class_strides_
    std::vector<uint32_t> strides;                    // per feature
    std::vector<std::vector<float>> representatives;  // per feature and class
  };
  void BinFeatures(const TreeEnsemble& trees, uint32_t max_bins);
  static void BinCategories(const TreeEnsemble& trees, const std::vector<int32_t>& nodes,
                            FeatureBins& f);
  void AddUnits(const TreeEnsemble& trees, size_t tree, uint32_t unit_cells, uint64_t max_cells);
  // The unit rooted at route.back(), not yet Cached, with its cell count
  // (UINT32_MAX: too many to number); its class tables go to `tables`, the
  // offsets relative to them. `binnable` turns false if a feature cannot be
  // binned.
  Unit IndexUnit(const TreeEnsemble& trees, std::vector<int32_t> route,
                 std::vector<uint32_t>& tables, bool& binnable) const;

  std::vector<FeatureBins> features_;
  std::vector<Unit> units_;
  std::vector<size_t> tree_begin_;       // per tree and one past the last: its first unit
  std::vector<uint32_t> class_strides_;  // per unit and feature: bin -> class x stride
};

}  // namespace acctseg::learn

// The cells of each tree's own partition of the feature space, which make
// exact TreeSHAP cheap across many rows. Path-dependent TreeSHAP of one
// tree for one row depends only on the row's decision at each of the
// tree's splits (left, right, or the missing default), so every row in the
// same cell of the partition that the tree's own thresholds and category
// sets induce gets the same Shapley values and the same leaf. A row is
// binned once per feature against the model-wide thresholds (one binary
// search); per tree, a table maps a feature's bin to its class (the
// distinct pattern of that tree's decisions on the feature) times a
// stride, and the sum over the tree's features is the row's cell.
//
// Immutable once built; safe to share between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/tree_ensemble.h"

namespace acctseg::learn {

class ShapCells {
 public:
  // A tree whose cells would number more than `max_cells` has none (Cached
  // says false) and is computed row by row. Features whose bins would
  // number more than `max_bins` (huge category codes) leave every tree
  // that splits on them to that fallback.
  explicit ShapCells(const TreeEnsemble& trees, uint64_t max_cells = UINT32_MAX,
                     uint32_t max_bins = 1u << 16);

  size_t features() const { return features_.size(); }
  size_t trees() const { return trees_.size(); }
  // Writes each feature's bin for `row` (features() values).
  void Bin(const float* row, uint32_t* bins) const;

  bool Cached(size_t tree) const { return trees_[tree].cached; }
  uint32_t CellCount(size_t tree) const { return trees_[tree].cells; }
  // The features tree `tree` splits on, ascending: the ones its Shapley
  // values can be non-zero for.
  const std::vector<uint32_t>& FeaturesOf(size_t tree) const { return trees_[tree].features; }
  // The cell of a binned row in a tree that is Cached.
  uint32_t CellOf(size_t tree, const uint32_t* bins) const {
    const TreeCells& t = trees_[tree];
    uint32_t cell = 0;
    for (size_t k = 0; k < t.features.size(); ++k)
      cell += class_strides_[t.table_offsets[k] + bins[t.features[k]]];
    return cell;
  }

 private:
  // How a feature's values are binned model-wide.
  struct FeatureBins {
    enum class Kind { kUnused, kNumeric, kCategorical, kUnbinnable } kind = Kind::kUnused;
    std::vector<float> cuts;  // kNumeric: every tree's thresholds, ascending, distinct
    uint32_t span = 0;        // kCategorical: codes below span are their own bin
    uint32_t count = 0;       // bins, the last one for missing
    float Representative(uint32_t bin) const;
  };
  struct TreeCells {
    bool cached = false;
    uint32_t cells = 0;
    std::vector<uint32_t> features;
    std::vector<uint32_t> table_offsets;  // per feature, into class_strides_
  };
  void BinFeatures(const TreeEnsemble& trees, uint32_t max_bins);
  TreeCells IndexTree(const TreeEnsemble& trees, size_t tree, uint64_t max_cells);

  std::vector<FeatureBins> features_;
  std::vector<TreeCells> trees_;
  std::vector<uint32_t> class_strides_;  // per tree and feature: bin -> class x stride
};

}  // namespace acctseg::learn

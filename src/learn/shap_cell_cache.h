// One thread's memory of the tree cells it has met (shap_cells.h): per
// tree, a cell's leaf value and the tree's Shapley values for the features
// it splits on. A tree with few cells gets a dense table, one with many an
// open-addressing hash. Not thread-safe: each thread has its own
// (exact_shap.h lends them out). What a cell holds does not depend on which
// row filled it, so a cache changes the speed, never the values.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/shap_cells.h"

namespace acctseg::learn {

class ShapCellCache {
 public:
  // Trees of at most `dense_cells` cells are indexed densely.
  ShapCellCache(const ShapCells& cells, uint32_t dense_cells);

  // The values of `cell` in tree `tree` (leaf value, then one per
  // FeaturesOf(tree)), or nullptr if not cached yet.
  const float* Find(size_t tree, uint32_t cell) const {
    const TreeCache& t = trees_[tree];
    uint32_t entry = t.dense ? (t.slots.empty() ? 0 : t.slots[cell]) : HashFind(t, cell);
    return entry == 0 ? nullptr : t.values.data() + size_t{entry - 1} * t.width;
  }
  // Room for a new cell's values, for the caller to fill; valid until the
  // next Insert.
  float* Insert(size_t tree, uint32_t cell);
  // Values held, over all trees; Clear forgets them all.
  size_t floats() const { return floats_; }
  void Clear();

 private:
  struct TreeCache {
    bool dense = false;
    uint32_t cells = 0;
    uint32_t width = 0;             // 1 + the tree's features
    uint32_t count = 0;             // cells held
    std::vector<uint32_t> slots;    // dense: cell -> entry + 1; hash: entry + 1
    std::vector<uint32_t> keys;     // hash: cell + 1 per slot, 0 = empty
    std::vector<float> values;      // per entry, `width` floats
  };
  static uint32_t HashFind(const TreeCache& t, uint32_t cell);
  static size_t HashSlot(const TreeCache& t, uint32_t cell);
  static void Grow(TreeCache& t);

  std::vector<TreeCache> trees_;
  size_t floats_ = 0;
};

}  // namespace acctseg::learn

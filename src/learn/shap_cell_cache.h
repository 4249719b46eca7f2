// One thread's memory of the cells it has met (shap_cells.h), for units
// with too many cells to compute them all up front: per unit, an
// open-addressing hash from a cell to its leaf value (0 if the row's leaf
// is not under the unit) and the unit's credits for the features it splits
// on. Not thread-safe: each thread has its own (exact_shap.h lends them
// out). What a cell holds does not depend on which row filled it, so a
// cache changes the speed, never the values.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/shap_cells.h"

namespace acctseg::learn {

class ShapCellCache {
 public:
  explicit ShapCellCache(const ShapCells& cells);

  // The values of `cell` in unit `unit` (leaf value, then one per
  // FeaturesOf(unit)), or nullptr if not cached yet.
  const float* Find(size_t unit, uint32_t cell) const;
  // Room for a new cell's values, for the caller to fill; valid until the
  // next Insert.
  float* Insert(size_t unit, uint32_t cell);
  // Values held, over all units; Clear forgets them all.
  size_t floats() const { return floats_; }
  void Clear();

 private:
  struct UnitCache {
    uint32_t width = 0;           // 1 + the unit's features
    uint32_t count = 0;           // cells held
    std::vector<uint32_t> keys;   // cell + 1 per slot, 0 = empty
    std::vector<uint32_t> slots;  // per slot: entry + 1
    std::vector<float> values;    // per entry, `width` floats
  };
  static size_t SlotOf(const UnitCache& u, uint32_t cell);
  static void Grow(UnitCache& u);

  std::vector<UnitCache> units_;
  size_t floats_ = 0;
};

}  // namespace acctseg::learn

// One thread's memory of the cells it has met (shap_cells.h): per unit, a
// cell's leaf value (0 if the row's leaf is not under the unit) and the
// unit's credits for the features it splits on. A unit with few cells gets
// a dense table, one with many an open-addressing hash. Not thread-safe: each thread has its own
// (exact_shap.h lends them out). What a cell holds does not depend on which
// row filled it, so a cache changes the speed, never the values.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/shap_cells.h"

namespace acctseg::learn {

class ShapCellCache {
 public:
  // Units of at most `dense_cells` cells are indexed densely.
  ShapCellCache(const ShapCells& cells, uint32_t dense_cells);

  // The values of `cell` in unit `unit` (leaf value, then one per
  // FeaturesOf(unit)), or nullptr if not cached yet.
  const float* Find(size_t unit, uint32_t cell) const {
    const UnitCache& t = units_[unit];
    uint32_t entry = t.dense ? (t.slots.empty() ? 0 : t.slots[cell]) : HashFind(t, cell);
    return entry == 0 ? nullptr : t.values.data() + size_t{entry - 1} * t.width;
  }
  // Room for a new cell's values, for the caller to fill; valid until the
  // next Insert.
  float* Insert(size_t unit, uint32_t cell);
  // Values held, over all units; Clear forgets them all.
  size_t floats() const { return floats_; }
  void Clear();

 private:
  struct UnitCache {
    bool dense = false;
    uint32_t cells = 0;
    uint32_t width = 0;             // 1 + the unit's features
    uint32_t count = 0;             // cells held
    std::vector<uint32_t> slots;    // dense: cell -> entry + 1; hash: entry + 1
    std::vector<uint32_t> keys;     // hash: cell + 1 per slot, 0 = empty
    std::vector<float> values;      // per entry, `width` floats
  };
  static uint32_t HashFind(const UnitCache& t, uint32_t cell);
  static size_t HashSlot(const UnitCache& t, uint32_t cell);
  static void Grow(UnitCache& t);

  std::vector<UnitCache> units_;
  size_t floats_ = 0;
};

}  // namespace acctseg::learn

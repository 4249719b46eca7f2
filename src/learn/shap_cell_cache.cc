#include "learn/shap_cell_cache.h"

namespace acctseg::learn {
namespace {

constexpr size_t kFirstHashSlots = 64;

}  // namespace

ShapCellCache::ShapCellCache(const ShapCells& cells, uint32_t dense_cells) {
  units_.resize(cells.units());
  for (size_t unit = 0; unit < units_.size(); ++unit) {
    UnitCache& t = units_[unit];
    t.cells = cells.Cached(unit) ? cells.CellCount(unit) : 0;
    t.dense = t.cells <= dense_cells;
    t.width = static_cast<uint32_t>(1 + cells.FeaturesOf(unit).size());
  }
}

size_t ShapCellCache::HashSlot(const UnitCache& t, uint32_t cell) {
  // Fibonacci hashing: the top bits of the product spread neighbouring cells.
  const uint64_t mixed = (cell + uint64_t{1}) * 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(mixed >> 32) & (t.keys.size() - 1);
}

uint32_t ShapCellCache::HashFind(const UnitCache& t, uint32_t cell) {
  if (t.keys.empty()) return 0;
  for (size_t slot = HashSlot(t, cell);; slot = (slot + 1) & (t.keys.size() - 1)) {
    if (t.keys[slot] == cell + 1) return t.slots[slot];
    if (t.keys[slot] == 0) return 0;
  }
}

void ShapCellCache::Grow(UnitCache& t) {
  std::vector<uint32_t> keys = std::move(t.keys), entries = std::move(t.slots);
  const size_t size = keys.empty() ? kFirstHashSlots : keys.size() * 2;
  t.keys.assign(size, 0);
  t.slots.assign(size, 0);
  for (size_t old = 0; old < keys.size(); ++old) {
    if (keys[old] == 0) continue;
    size_t slot = HashSlot(t, keys[old] - 1);
    while (t.keys[slot] != 0) slot = (slot + 1) & (size - 1);
    t.keys[slot] = keys[old];
    t.slots[slot] = entries[old];
  }
}

float* ShapCellCache::Insert(size_t unit, uint32_t cell) {
  UnitCache& t = units_[unit];
  const uint32_t entry = ++t.count;
  if (t.dense) {
    if (t.slots.empty()) t.slots.assign(t.cells, 0);
    t.slots[cell] = entry;
  } else {
    // At most half full, so probes stay short.
    if (size_t{t.count} * 2 > t.keys.size()) Grow(t);
    size_t slot = HashSlot(t, cell);
    while (t.keys[slot] != 0) slot = (slot + 1) & (t.keys.size() - 1);
    t.keys[slot] = cell + 1;
    t.slots[slot] = entry;
  }
  t.values.resize(t.values.size() + t.width);
  floats_ += t.width;
  return t.values.data() + t.values.size() - t.width;
}

void ShapCellCache::Clear() {
  for (UnitCache& t : units_) {
    t.count = 0;
    t.slots.clear();
    t.keys.clear();
    t.values.clear();
  }
  floats_ = 0;
}

}  // namespace acctseg::learn

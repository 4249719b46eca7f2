#include "learn/shap_cell_cache.h"

namespace acctseg::learn {
namespace {

constexpr size_t kFirstSlots = 64;

}  // namespace

ShapCellCache::ShapCellCache(const ShapCells& cells) {
  units_.resize(cells.units());
  for (size_t unit = 0; unit < units_.size(); ++unit)
    units_[unit].width = static_cast<uint32_t>(1 + cells.FeaturesOf(unit).size());
}

size_t ShapCellCache::SlotOf(const UnitCache& u, uint32_t cell) {
  // Fibonacci hashing: the top bits of the product spread neighbouring cells.
  const uint64_t mixed = (cell + uint64_t{1}) * 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(mixed >> 32) & (u.keys.size() - 1);
}

const float* ShapCellCache::Find(size_t unit, uint32_t cell) const {
  const UnitCache& u = units_[unit];
  if (u.keys.empty()) return nullptr;
  for (size_t slot = SlotOf(u, cell);; slot = (slot + 1) & (u.keys.size() - 1)) {
    if (u.keys[slot] == cell + 1) return u.values.data() + size_t{u.slots[slot] - 1} * u.width;
    if (u.keys[slot] == 0) return nullptr;
  }
}

void ShapCellCache::Grow(UnitCache& u) {
  std::vector<uint32_t> keys = std::move(u.keys), entries = std::move(u.slots);
  const size_t size = keys.empty() ? kFirstSlots : keys.size() * 2;
  u.keys.assign(size, 0);
  u.slots.assign(size, 0);
  for (size_t old = 0; old < keys.size(); ++old) {
    if (keys[old] == 0) continue;
    size_t slot = SlotOf(u, keys[old] - 1);
    while (u.keys[slot] != 0) slot = (slot + 1) & (size - 1);
    u.keys[slot] = keys[old];
    u.slots[slot] = entries[old];
  }
}

float* ShapCellCache::Insert(size_t unit, uint32_t cell) {
  UnitCache& u = units_[unit];
  // At most half full, so probes stay short.
  if (size_t{u.count + 1} * 2 > u.keys.size()) Grow(u);
  size_t slot = SlotOf(u, cell);
  while (u.keys[slot] != 0) slot = (slot + 1) & (u.keys.size() - 1);
  u.keys[slot] = cell + 1;
  u.slots[slot] = ++u.count;
  u.values.resize(u.values.size() + u.width);
  floats_ += u.width;
  return u.values.data() + u.values.size() - u.width;
}

void ShapCellCache::Clear() {
  for (UnitCache& u : units_) {
    u.count = 0;
    u.keys.clear();
    u.slots.clear();
    u.values.clear();
  }
  floats_ = 0;
}

}  // namespace acctseg::learn

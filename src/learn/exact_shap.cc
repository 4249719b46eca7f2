#include "learn/exact_shap.h"

#include <algorithm>

namespace acctseg::learn {
namespace {

// Rows binned at a time, then credited unit by unit, so a unit's tables
// stay in the processor's cache while the block's rows use them. Bins and
// credits are kept feature by feature, so each unit reads and writes
// contiguous runs.
constexpr size_t kBlock = 4096;

}  // namespace

ExactShap::ExactShap(const TreeEnsemble& trees, Options options)
    : trees_(trees), cells_(trees, options.unit_depth, options.max_cells), options_(options) {
  // XGBoost adds each tree's expected value to the bias in tree order,
  // then the base margin.
  for (size_t t = 0; t < trees.trees(); ++t) bias_ += trees.TreeMean(t);
  bias_ += trees.base_margin();
  std::vector<float> row(trees.features()), phi(trees.features() + 1);
  for (size_t unit = 0; unit < cells_.units(); ++unit) {
    const size_t width = 1 + cells_.FeaturesOf(unit).size();
    const bool tabled = cells_.Cached(unit) && cells_.CellCount(unit) <= options.table_cells;
    table_offsets_.push_back(tabled ? tables_.size() : kNoTable);
    if (!tabled) continue;
    tables_.resize(tables_.size() + cells_.CellCount(unit) * width);
    for (uint32_t cell = 0; cell < cells_.CellCount(unit); ++cell) {
      cells_.CellRow(unit, cell, row.data());
      Fill(unit, row.data(), phi.data(), tables_.data() + table_offsets_[unit] + cell * width);
    }
  }
}

ExactShap::~ExactShap() = default;

std::unique_ptr<ShapCellCache> ExactShap::Borrow() const {
  {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<ShapCellCache> cache = std::move(idle_.back());
      idle_.pop_back();
      return cache;
    }
  }
  return std::make_unique<ShapCellCache>(cells_);
}

void ExactShap::GiveBack(std::unique_ptr<ShapCellCache> cache) const {
  if (cache->floats() > options_.cache_floats) cache->Clear();
  std::lock_guard<std::mutex> lock(idle_mutex_);
  idle_.push_back(std::move(cache));
}

void ExactShap::Fill(size_t unit, const float* row, float* phi, float* out) const {
  std::fill(phi, phi + trees_.features() + 1, 0.0f);
  const std::vector<int32_t>& route = cells_.Route(unit);
  out[0] = trees_.SubtreeShap(route.data(), route.size(), row, phi);
  const std::vector<uint32_t>& features = cells_.FeaturesOf(unit);
  for (size_t k = 0; k < features.size(); ++k) out[1 + k] = phi[features[k]];
}

void ExactShap::Compute(const float* x, size_t rows, float* margins,
                        float* contributions) const {
  const size_t features = trees_.features(), width = features + 1;
  std::unique_ptr<ShapCellCache> cache = Borrow();
  const size_t block = std::min(rows, kBlock);
  std::vector<uint32_t> bins(block * features), row_bins(features), cells(block);
  std::vector<float> credits(block * features), phi(width);
  std::vector<const float*> values(block);
  std::vector<float> uncached(block * width);  // values of units computed row by row
  for (size_t begin = 0; begin < rows; begin += block) {
    const size_t count = std::min(rows - begin, block);
    const float* block_x = x + begin * features;
    for (size_t r = 0; r < count; ++r) {
      cells_.Bin(block_x + r * features, row_bins.data());
      for (size_t f = 0; f < features; ++f) bins[f * count + r] = row_bins[f];
      margins[begin + r] = trees_.base_margin();
    }
    std::fill(credits.begin(), credits.begin() + count * features, 0.0f);
    for (size_t unit = 0; unit < cells_.units(); ++unit) {
      const std::vector<uint32_t>& unit_features = cells_.FeaturesOf(unit);
      const size_t unit_width = 1 + unit_features.size();
      if (cells_.Cached(unit)) {
        std::fill(cells.begin(), cells.begin() + count, 0u);
        for (size_t k = 0; k < unit_features.size(); ++k) {
          const uint32_t* classes = cells_.ClassTable(unit, k);
          const uint32_t* feature_bins = bins.data() + unit_features[k] * count;
          for (size_t r = 0; r < count; ++r) cells[r] += classes[feature_bins[r]];
        }
      }
      if (Tabled(unit)) {
        const float* table = tables_.data() + table_offsets_[unit];
        for (size_t r = 0; r < count; ++r) values[r] = table + cells[r] * unit_width;
      } else if (cells_.Cached(unit)) {
        // Fill the cells missing first: an Insert may move the values
        // found before it.
        for (size_t r = 0; r < count; ++r)
          if (cache->Find(unit, cells[r]) == nullptr)
            Fill(unit, block_x + r * features, phi.data(), cache->Insert(unit, cells[r]));
        for (size_t r = 0; r < count; ++r) values[r] = cache->Find(unit, cells[r]);
      } else {
        for (size_t r = 0; r < count; ++r) {
          Fill(unit, block_x + r * features, phi.data(), uncached.data() + r * width);
          values[r] = uncached.data() + r * width;
        }
      }
      // One unit of a tree holds the row's leaf, the others add 0.
      for (size_t r = 0; r < count; ++r) margins[begin + r] += values[r][0];
      for (size_t k = 0; k < unit_features.size(); ++k) {
        float* feature_credits = credits.data() + unit_features[k] * count;
        for (size_t r = 0; r < count; ++r) feature_credits[r] += values[r][1 + k];
      }
    }
    for (size_t r = 0; r < count; ++r) {
      float* out = contributions + (begin + r) * width;
      for (size_t f = 0; f < features; ++f) out[f] = credits[f * count + r];
      out[features] = bias_;
    }
  }
  GiveBack(std::move(cache));
}

}  // namespace acctseg::learn

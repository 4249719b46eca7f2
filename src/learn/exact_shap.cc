#include "learn/exact_shap.h"

#include <algorithm>

namespace acctseg::learn {
namespace {

// Rows binned at a time, then walked tree by tree, so a tree's tables and
// cache stay in the processor's cache while the block's rows use them.
constexpr size_t kBlock = 256;

}  // namespace

ExactShap::ExactShap(const TreeEnsemble& trees, Options options)
    : trees_(trees), cells_(trees, options.unit_depth, options.max_cells), options_(options) {
  // XGBoost adds each tree's expected value to the bias in tree order,
  // then the base margin.
  for (size_t t = 0; t < trees.trees(); ++t) bias_ += trees.TreeMean(t);
  bias_ += trees.base_margin();
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
  return std::make_unique<ShapCellCache>(cells_, options_.dense_cells);
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
  std::fill(contributions, contributions + rows * width, 0.0f);
  std::unique_ptr<ShapCellCache> cache = Borrow();
  std::vector<uint32_t> bins(kBlock * features);
  std::vector<float> phi(width), uncached(width);
  for (size_t begin = 0; begin < rows; begin += kBlock) {
    const size_t count = std::min(rows - begin, kBlock);
    for (size_t r = 0; r < count; ++r) {
      cells_.Bin(x + (begin + r) * features, bins.data() + r * features);
      margins[begin + r] = trees_.base_margin();
    }
    for (size_t unit = 0; unit < cells_.units(); ++unit) {
      const std::vector<uint32_t>& unit_features = cells_.FeaturesOf(unit);
      const bool cached = cells_.Cached(unit);
      for (size_t r = 0; r < count; ++r) {
        const float* row = x + (begin + r) * features;
        const float* values = nullptr;
        if (cached) {
          const uint32_t cell = cells_.CellOf(unit, bins.data() + r * features);
          values = cache->Find(unit, cell);
          if (values == nullptr) {
            float* filled = cache->Insert(unit, cell);
            Fill(unit, row, phi.data(), filled);
            values = filled;
          }
        } else {
          Fill(unit, row, phi.data(), uncached.data());
          values = uncached.data();
        }
        // One unit of a tree holds the row's leaf, the others add 0.
        margins[begin + r] += values[0];
        float* credit = contributions + (begin + r) * width;
        for (size_t k = 0; k < unit_features.size(); ++k)
          credit[unit_features[k]] += values[1 + k];
      }
    }
    for (size_t r = 0; r < count; ++r) contributions[(begin + r) * width + features] = bias_;
  }
  GiveBack(std::move(cache));
}

}  // namespace acctseg::learn

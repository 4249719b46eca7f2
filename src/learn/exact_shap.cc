#include "learn/exact_shap.h"

#include <algorithm>

#include "learn/tabled_credit.h"

namespace acctseg::learn {
namespace {

// Rows binned at a time, then credited unit by unit, so a unit's tables
// stay in the processor's cache while the block's rows use them (a whole
// predict morsel measured fastest). Bins and credits are kept feature by
// feature, so each unit reads and writes contiguous runs.
constexpr size_t kBlock = 16384;

}  // namespace

ExactShap::ExactShap(const TreeEnsemble& trees, Options options)
    : trees_(trees), cells_(trees, options.unit_cells, options.max_cells, options.max_bins), options_(options) {
  // XGBoost adds each tree's expected value to the bias in tree order,
  // then the base margin.
  for (size_t t = 0; t < trees.trees(); ++t) bias_ += trees.TreeMean(t);
  bias_ += trees.base_margin();
  size_t table_floats = 0;
  for (size_t unit = 0; unit < cells_.units(); ++unit) {
    const bool tabled = cells_.Cached(unit) && cells_.CellCount(unit) <= options.table_cells;
    table_offsets_.push_back(tabled ? table_floats : kNoTable);
    scaled_offsets_.push_back(scaled_classes_.size());
    if (!tabled) continue;
    const size_t width = 1 + cells_.FeaturesOf(unit).size();
    table_floats += size_t{cells_.CellCount(unit)} * width;
    // Each bin's class times the cell's stride times the width: the row's
    // first value in the table, found with additions alone.
    for (size_t k = 0; k + 1 < width; ++k) {
      const uint32_t* classes = cells_.ClassTable(unit, k);
      for (uint32_t bin = 0; bin < cells_.BinCount(cells_.FeaturesOf(unit)[k]); ++bin)
        scaled_classes_.push_back(classes[bin] * static_cast<uint32_t>(width));
    }
  }
}

void ExactShap::FillTables() const {
  std::call_once(tables_filled_, [&] {
    std::vector<float> row(trees_.features()), phi(trees_.features() + 1);
    for (size_t unit = 0; unit < cells_.units(); ++unit) {
      if (!Tabled(unit)) continue;
      const size_t width = 1 + cells_.FeaturesOf(unit).size();
      tables_.resize(table_offsets_[unit] + size_t{cells_.CellCount(unit)} * width);
      // Classes are independent per feature, so every cell has rows: one
      // made of each class's representative value.
      for (uint32_t cell = 0; cell < cells_.CellCount(unit); ++cell) {
        cells_.CellRow(unit, cell, row.data());
        Fill(unit, row.data(), phi.data(), tables_.data() + table_offsets_[unit] + cell * width);
      }
    }
    tables_ready_ = true;
  });
}

ExactShap::~ExactShap() = default;

// What one Compute call works in: the thread's cache of the units not
// tabled, and the block's bins, credits and margins, feature by feature,
// kept between calls so large blocks do not fault in fresh pages each time.
struct ExactShap::Workspace {
  explicit Workspace(const ShapCells& cells) : cache(cells) {}
  ShapCellCache cache;
  std::vector<ShapCells::BinCode> bins;
  std::vector<uint32_t> cells;
  std::vector<float> credits, margins, phi, uncached;
  std::vector<const float*> values;
  std::vector<const ShapCells::BinCode*> unit_bins;
  std::vector<const uint32_t*> unit_classes;
  std::vector<float*> unit_credits;
};

std::unique_ptr<ExactShap::Workspace> ExactShap::Borrow() const {
  {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Workspace> workspace = std::move(idle_.back());
      idle_.pop_back();
      return workspace;
    }
  }
  return std::make_unique<Workspace>(cells_);
}

void ExactShap::GiveBack(std::unique_ptr<Workspace> workspace) const {
  if (workspace->cache.floats() > options_.cache_floats) workspace->cache.Clear();
  std::lock_guard<std::mutex> lock(idle_mutex_);
  idle_.push_back(std::move(workspace));
}

void ExactShap::Fill(size_t unit, const float* row, float* phi, float* out) const {
  std::fill(phi, phi + trees_.features() + 1, 0.0f);
  const std::vector<int32_t>& route = cells_.Route(unit);
  out[0] = trees_.SubtreeShap(route.data(), route.size(), row, phi);
  const std::vector<uint32_t>& features = cells_.FeaturesOf(unit);
  for (size_t k = 0; k < features.size(); ++k) out[1 + k] = phi[features[k]];
}

void ExactShap::CreditUnit(size_t unit, const float* x, size_t count, Workspace& w) const {
  const size_t features = trees_.features();
  const std::vector<uint32_t>& unit_features = cells_.FeaturesOf(unit);
  const size_t k_count = unit_features.size();
  for (size_t k = 0; k < k_count; ++k) {
    w.unit_bins[k] = w.bins.data() + unit_features[k] * count;
    w.unit_credits[k] = w.credits.data() + unit_features[k] * count;
    if (cells_.Cached(unit)) w.unit_classes[k] = cells_.ClassTable(unit, k);
  }
  if (Tabled(unit)) {
    const uint32_t* scaled = scaled_classes_.data() + scaled_offsets_[unit];
    for (size_t k = 0; k < k_count; ++k) {
      w.unit_classes[k] = scaled;
      scaled += cells_.BinCount(unit_features[k]);
    }
    CreditTabledUnit({tables_.data() + table_offsets_[unit], k_count, w.unit_bins.data(),
                      w.unit_classes.data(), w.unit_credits.data(), w.margins.data(), count});
    return;
  }
  if (cells_.Cached(unit)) {
    for (size_t r = 0; r < count; ++r) {
      uint32_t cell = 0;
      for (size_t k = 0; k < k_count; ++k) cell += w.unit_classes[k][w.unit_bins[k][r]];
      w.cells[r] = cell;
    }
    // Fill the cells missing first: an Insert may move the values found
    // before it.
    for (size_t r = 0; r < count; ++r)
      if (w.cache.Find(unit, w.cells[r]) == nullptr)
        Fill(unit, x + r * features, w.phi.data(), w.cache.Insert(unit, w.cells[r]));
    for (size_t r = 0; r < count; ++r) w.values[r] = w.cache.Find(unit, w.cells[r]);
  } else {
    for (size_t r = 0; r < count; ++r) {
      w.values[r] = w.uncached.data() + r * (features + 1);
      Fill(unit, x + r * features, w.phi.data(), w.uncached.data() + r * (features + 1));
    }
  }
  for (size_t r = 0; r < count; ++r) {
    w.margins[r] += w.values[r][0];
    for (size_t k = 0; k < k_count; ++k) w.unit_credits[k][r] += w.values[r][1 + k];
  }
}

void ExactShap::ComputeRowByRow(const float* x, size_t rows, float* margins,
                                float* contributions) const {
  const size_t features = trees_.features(), width = features + 1;
  std::vector<float> phi(width), values(width);
  for (size_t r = 0; r < rows; ++r) {
    const float* row = x + r * features;
    float* credits = contributions + r * width;
    std::fill(credits, credits + features, 0.0f);
    margins[r] = trees_.base_margin();
    for (size_t unit = 0; unit < cells_.units(); ++unit) {
      Fill(unit, row, phi.data(), values.data());
      margins[r] += values[0];
      const std::vector<uint32_t>& unit_features = cells_.FeaturesOf(unit);
      for (size_t k = 0; k < unit_features.size(); ++k) credits[unit_features[k]] += values[1 + k];
    }
    credits[features] = bias_;
  }
}

void ExactShap::Compute(const float* x, size_t rows, float* margins, float* contributions) const {
  if (!tables_ready_ && rows < options_.rows_for_tables)
    return ComputeRowByRow(x, rows, margins, contributions);
  FillTables();
  const size_t features = trees_.features(), width = features + 1;
  std::unique_ptr<Workspace> w = Borrow();
  const size_t block = std::min(rows, kBlock);
  w->bins.resize(block * features);
  w->cells.resize(block);
  w->credits.resize(block * features);
  w->margins.resize(block);
  w->phi.resize(width);
  w->values.resize(block);
  w->unit_bins.resize(features);
  w->unit_classes.resize(features);
  w->unit_credits.resize(features);
  for (size_t begin = 0; begin < rows; begin += block) {
    const size_t count = std::min(rows - begin, block);
    const float* block_x = x + begin * features;
    cells_.BinRows(block_x, count, w->bins.data());
    std::fill(w->margins.begin(), w->margins.begin() + count, trees_.base_margin());
    std::fill(w->credits.begin(), w->credits.begin() + count * features, 0.0f);
    for (size_t unit = 0; unit < cells_.units(); ++unit) {
      if (!cells_.Cached(unit) && w->uncached.empty()) w->uncached.resize(block * width);
      CreditUnit(unit, block_x, count, *w);
    }
    for (size_t r = 0; r < count; ++r) {
      float* out = contributions + (begin + r) * width;
      for (size_t f = 0; f < features; ++f) out[f] = w->credits[f * count + r];
      out[features] = bias_;
      margins[begin + r] = w->margins[r];
    }
  }
  GiveBack(std::move(w));
}

}  // namespace acctseg::learn

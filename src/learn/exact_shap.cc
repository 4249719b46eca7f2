#include "learn/exact_shap.h"

#include <algorithm>

#include "learn/tabled_credit.h"

namespace acctseg::learn {
namespace {

// Rows binned at a time, then credited a pass of units at a time, so the
// units' tables stay in the processor's cache while the block's rows use
// them. The block's sums (tabled_credit.h) take at most this many bytes:
// 65,536 rows of a model of up to 15 features, a predict step's largest
// piece. Each table is fetched once per block, and in a run, between two
// calls, the run's other work leaves little of them in cache: blocks of
// 65,536 rows took the pass ~5-30% less CPU than blocks of 16,384 in a 1M
// run's profile (bench/learn/README.md, "Pieces as large as the pass's blocks"),
// though a loop of calls alone, with the tables kept warm, runs as fast
// with either. The sums are read in order, so the prefetcher brings them
// from beyond the L2 cache.
constexpr size_t kBlockSumBytes = size_t{1} << 22;

size_t RoundUp(size_t value, size_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

}  // namespace

ExactShap::ExactShap(const TreeEnsemble& trees, Options options)
    : trees_(trees),
      cells_(trees, options.unit_cells, options.max_cells, options.max_bins),
      options_(options) {
  // XGBoost adds each tree's expected value to the bias in tree order,
  // then the base margin.
  for (size_t t = 0; t < trees.trees(); ++t) bias_ += trees.TreeMean(t);
  bias_ += trees.base_margin();
  row_lanes_ = RoundUp(1 + trees.features(), kCreditLanes);
  runs_.resize(cells_.units());
  for (size_t unit = 0; unit < cells_.units(); ++unit) {
    const bool tabled = cells_.Cached(unit) && cells_.CellCount(unit) <= options.table_cells;
    table_offsets_.push_back(tabled ? table_floats_ : kNoTable);
    scaled_offsets_.push_back(scaled_classes_.size());
    if (!tabled) continue;
    const std::vector<uint32_t>& features = cells_.FeaturesOf(unit);
    std::vector<uint32_t>& runs = runs_[unit];
    runs.push_back(0);  // the margin's
    for (uint32_t f : features) runs.push_back(static_cast<uint32_t>((1 + f) / kCreditLanes));
    runs.erase(std::unique(runs.begin(), runs.end()), runs.end());  // features ascend
    const size_t width = runs.size() * kCreditLanes;
    table_floats_ += size_t{cells_.CellCount(unit)} * width;
    // Each bin's class times the cell's stride times the width: the row's
    // first value in the table, found with additions alone.
    for (size_t k = 0; k < features.size(); ++k) {
      const uint32_t* classes = cells_.ClassTable(unit, k);
      for (uint32_t bin = 0; bin < cells_.BinCount(cells_.FeaturesOf(unit)[k]); ++bin)
        scaled_classes_.push_back(classes[bin] * static_cast<uint32_t>(width));
    }
  }
  IndexPasses();
}

void ExactShap::IndexPasses() {
  // A unit's cell is one run of values (tabled_credit.h's TabledPass).
  if (row_lanes_ != kCreditLanes) return;
  for (size_t unit = 0; unit < cells_.units();) {
    if (!Tabled(unit)) {
      ++unit;
      continue;
    }
    Pass& pass = passes_.emplace_back();
    pass.first = unit;
    while (unit < cells_.units() && unit - pass.first < kPassUnits && Tabled(unit)) ++unit;
    pass.end = unit;
    // Where each unit's cells begin, from the first's; the lanes' sums
    // must not overflow 32 bits.
    const size_t last_cells = size_t{cells_.CellCount(pass.end - 1)} * kCreditLanes;
    if (table_offsets_[pass.end - 1] - table_offsets_[pass.first] + last_cells > UINT32_MAX) {
      passes_.clear();
      return;
    }
    for (size_t u = pass.first; u < pass.end; ++u)
      pass.starts[u - pass.first] =
          static_cast<uint32_t>(table_offsets_[u] - table_offsets_[pass.first]);
    for (size_t u = pass.first; u < pass.end; ++u)
      for (uint32_t f : cells_.FeaturesOf(u)) pass.uses.push_back(f);
    std::sort(pass.uses.begin(), pass.uses.end());
    pass.uses.erase(std::unique(pass.uses.begin(), pass.uses.end()), pass.uses.end());
  }
  // The bins of the features some pass splits on have entries, numbered
  // feature after feature (no lookup reads another feature's: a pass that
  // adds every entry of a row splits on every feature); a row's are
  // 16-bit.
  std::vector<bool> used(trees_.features(), false);
  for (const Pass& pass : passes_)
    for (uint32_t f : pass.uses) used[f] = true;
  size_t entries = 0;
  for (size_t f = 0; f < trees_.features(); ++f) {
    first_entry_.push_back(static_cast<uint32_t>(entries));
    if (!used[f]) continue;
    entry_features_.push_back(static_cast<uint32_t>(f));
    entries += cells_.BinCount(f);
  }
  if (entries > size_t{UINT16_MAX} + 1) {
    passes_.clear();
    first_entry_.clear();
    entry_features_.clear();
    return;
  }
  for (Pass& pass : passes_) {
    // Each entry's lanes, 64 bytes: every lookup is one aligned load.
    pass.lanes_offset = pass_lanes_.size();
    pass_lanes_.resize(pass.lanes_offset + entries * kPassUnits, 0);
    for (size_t u = pass.first; u < pass.end; ++u) {
      const std::vector<uint32_t>& features = cells_.FeaturesOf(u);
      for (size_t k = 0; k < features.size(); ++k) {
        const uint32_t* classes = cells_.ClassTable(u, k);
        uint32_t* lanes = pass_lanes_.data() + pass.lanes_offset +
                          size_t{first_entry_[features[k]]} * kPassUnits + (u - pass.first);
        for (uint32_t bin = 0; bin < cells_.BinCount(features[k]); ++bin)
          lanes[bin * kPassUnits] = classes[bin] * static_cast<uint32_t>(kCreditLanes);
      }
    }
  }
}

void ExactShap::FillTables() const {
  std::call_once(tables_filled_, [&] {
    std::vector<float> row(trees_.features()), phi(trees_.features() + 1),
        values(trees_.features() + 1);
    // Lanes of features a unit does not split on add 0.
    tables_.assign(table_floats_, 0.0f);
    for (size_t unit = 0; unit < cells_.units(); ++unit) {
      if (!Tabled(unit)) continue;
      const std::vector<uint32_t>& runs = runs_[unit];
      const std::vector<uint32_t>& features = cells_.FeaturesOf(unit);
      const size_t width = runs.size() * kCreditLanes;
      // Where each of the unit's values goes in a cell's runs: lane 0 of
      // run 0 for the leaf value, lane 1 + f for feature f's credit.
      std::vector<size_t> place_of = {0};
      for (uint32_t f : features) {
        const size_t lane = 1 + f, run = lane / kCreditLanes;
        const size_t index = std::find(runs.begin(), runs.end(), run) - runs.begin();
        place_of.push_back(index * kCreditLanes + lane % kCreditLanes);
      }
      // Classes are independent per feature, so every cell has rows: one
      // made of each class's representative value.
      for (uint32_t cell = 0; cell < cells_.CellCount(unit); ++cell) {
        cells_.CellRow(unit, cell, row.data());
        Fill(unit, row.data(), phi.data(), values.data());
        float* entry = tables_.data() + table_offsets_[unit] + cell * width;
        for (size_t v = 0; v < place_of.size(); ++v) entry[place_of[v]] = values[v];
      }
    }
    tables_ready_ = true;
  });
}

ExactShap::~ExactShap() = default;

// What one Compute call works in: the thread's cache of the units not
// tabled, the block's bins (feature by feature), the passes' entries and
// the sums (row by row), kept between calls so blocks do not fault in
// fresh pages each time.
struct ExactShap::Workspace {
  explicit Workspace(const ShapCells& cells) : cache(cells) {}
  ShapCellCache cache;
  std::vector<ShapCells::BinCode> bins;
  std::vector<uint16_t> entries;  // the passes' (tabled_credit.h), row after row
  std::vector<uint32_t> cells;
  CacheAlignedVector<float> sums;  // a row's runs on cache lines
  std::vector<float> phi, uncached;
  std::vector<const float*> values;
  std::vector<const ShapCells::BinCode*> unit_bins;
  std::vector<const uint32_t*> unit_classes;
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

void ExactShap::CreditTabled(size_t first, size_t end, size_t count, Workspace& w) const {
  TabledUnit units[kUnitsPerPass];
  const ShapCells::BinCode** bins = w.unit_bins.data();
  const uint32_t** classes = w.unit_classes.data();
  for (size_t unit = first; unit < end; ++unit) {
    const std::vector<uint32_t>& features = cells_.FeaturesOf(unit);
    const uint32_t* scaled = scaled_classes_.data() + scaled_offsets_[unit];
    for (size_t k = 0; k < features.size(); ++k) {
      bins[k] = w.bins.data() + features[k] * count;
      classes[k] = scaled;
      scaled += cells_.BinCount(features[k]);
    }
    units[unit - first] = {tables_.data() + table_offsets_[unit],
                           features.size(),
                           bins,
                           classes,
                           runs_[unit].data(),
                           runs_[unit].size()};
    bins += features.size();
    classes += features.size();
  }
  CreditTabledUnits(units, end - first, {w.sums.data(), row_lanes_, count});
}

void ExactShap::CreditPass(const Pass& pass, size_t count, Workspace& w) const {
  CreditTabledPass({tables_.data() + table_offsets_[pass.first], pass.starts.data(),
                    pass.end - pass.first, w.entries.data(), trees_.features(),
                    pass_lanes_.data() + pass.lanes_offset, pass.uses.data(), pass.uses.size()},
                   {w.sums.data(), row_lanes_, count});
}

void ExactShap::RowEntries(const ShapCells::BinCode* bins, size_t count, uint16_t* entries) const {
  const size_t features = trees_.features();
  for (uint32_t f : entry_features_) {
    const ShapCells::BinCode* bin = bins + f * count;
    for (size_t r = 0; r < count; ++r)
      entries[r * features + f] = static_cast<uint16_t>(first_entry_[f] + bin[r]);
  }
}

void ExactShap::CreditUnit(size_t unit, const float* x, size_t count, Workspace& w) const {
  const size_t features = trees_.features();
  const std::vector<uint32_t>& unit_features = cells_.FeaturesOf(unit);
  const size_t k_count = unit_features.size();
  for (size_t k = 0; k < k_count; ++k) {
    w.unit_bins[k] = w.bins.data() + unit_features[k] * count;
    if (cells_.Cached(unit)) w.unit_classes[k] = cells_.ClassTable(unit, k);
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
    float* sums = w.sums.data() + r * row_lanes_;
    sums[0] += w.values[r][0];
    for (size_t k = 0; k < k_count; ++k) sums[1 + unit_features[k]] += w.values[r][1 + k];
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
  const size_t block =
      std::min(rows, std::max<size_t>(64, kBlockSumBytes / (row_lanes_ * sizeof(float))));
  w->bins.resize(block * features);
  if (!passes_.empty()) w->entries.resize(block * features);
  w->cells.resize(block);
  w->sums.resize(block * row_lanes_);
  w->phi.resize(width);
  w->values.resize(block);
  // Room for a pass of tabled units' addresses (tabled_credit.h).
  w->unit_bins.resize(features * kUnitsPerPass);
  w->unit_classes.resize(features * kUnitsPerPass);
  for (size_t begin = 0; begin < rows; begin += block) {
    const size_t count = std::min(rows - begin, block);
    const float* block_x = x + begin * features;
    cells_.BinRows(block_x, count, w->bins.data());
    if (!passes_.empty()) RowEntries(w->bins.data(), count, w->entries.data());
    std::fill(w->sums.begin(), w->sums.begin() + count * row_lanes_, 0.0f);
    for (size_t r = 0; r < count; ++r) w->sums[r * row_lanes_] = trees_.base_margin();
    // Consecutive tabled units a pass at a time; the order of the units,
    // and so of each sum's additions, stays the same.
    size_t next_pass = 0;
    for (size_t unit = 0; unit < cells_.units();) {
      if (!passes_.empty() && Tabled(unit)) {
        const Pass& pass = passes_[next_pass++];
        CreditPass(pass, count, *w);
        unit = pass.end;
        continue;
      }
      size_t end = unit;
      while (end < cells_.units() && end - unit < kUnitsPerPass && Tabled(end)) ++end;
      if (end > unit) {
        CreditTabled(unit, end, count, *w);
        unit = end;
        continue;
      }
      if (!cells_.Cached(unit) && w->uncached.empty()) w->uncached.resize(block * width);
      CreditUnit(unit, block_x, count, *w);
      ++unit;
    }
    for (size_t r = 0; r < count; ++r) {
      const float* sums = w->sums.data() + r * row_lanes_;
      float* out = contributions + (begin + r) * width;
      std::copy(sums + 1, sums + 1 + features, out);
      out[features] = bias_;
      margins[begin + r] = sums[0];
    }
  }
  GiveBack(std::move(w));
}

}  // namespace acctseg::learn

// Exact TreeSHAP contributions for many rows, shared across rows that
// decide alike (shap_cells.h). Each unit's credits (a subtree's leaves')
// and leaf value are computed once per cell, by our TreeSHAP with XGBoost's
// arithmetic (tree_ensemble.h), and then looked up; per row the units'
// values are added in tree order. With whole trees as units that is
// XGBoost's contribution prediction bit for bit; with subtrees, each
// tree's credits are summed in another order (a few units in the last
// place of a float). Either way the same bytes whatever the threads and
// whatever the caches held before.
//
// Thread-safe: Compute may run on several threads at once; each call
// borrows a workspace of its own (a cache and scratch), kept for the next
// call.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "common/cache_aligned.h"
#include "learn/shap_cell_cache.h"
#include "learn/shap_cells.h"
#include "learn/tabled_credit.h"
#include "learn/tree_ensemble.h"

namespace acctseg::learn {

class ExactShap {
 public:
  struct Options {
    // Units are the largest subtrees with at most this many cells: a
    // depth-6 tree of the benchmark's model (4 continuous features) splits
    // into ~7 of them. Fewer cells: more units, each a lookup per row.
    uint32_t unit_cells = 1024;
    // Units of at most this many cells have every cell computed (by the
    // first call of at least `rows_for_tables` rows: ~0.3 s for 200 trees,
    // the cost of ~700 rows computed unit by unit, which smaller calls
    // before it are), shared by all threads; the others fill per-thread
    // caches as rows meet their cells, and beyond max_cells are computed
    // row by row.
    uint32_t table_cells = 2048;
    size_t rows_for_tables = 512;
    uint64_t max_cells = UINT32_MAX;
    uint32_t max_bins = 1u << 16;           // a feature binned in more: its units row by row
    size_t cache_floats = size_t{1} << 24;  // a cache holding more (64 MB) starts afresh
  };
  // `trees` must outlive this.
  explicit ExactShap(const TreeEnsemble& trees) : ExactShap(trees, Options()) {}
  ExactShap(const TreeEnsemble& trees, Options options);
  ~ExactShap();

  // For `rows` rows of `x` (row-major, trees.features() values each, NaN =
  // missing): the margins (rows floats, the same as TreeEnsemble::Margins)
  // and the contributions (rows x (features + 1), the bias last),
  // XGBoost's contribution prediction.
  void Compute(const float* x, size_t rows, float* margins, float* contributions) const;

  // Fills the tables now, as the first call of at least rows_for_tables
  // rows would: for a caller that wants that one-time work (~0.15 s for
  // the benchmark's 60 trees) done at its own priority, not by whichever
  // thread computes first while the others wait for it.
  void Prepare() const { FillTables(); }

  // How the trees are indexed, for tests and benchmarks.
  const ShapCells& cells() const { return cells_; }
  bool Tabled(size_t unit) const { return table_offsets_[unit] != kNoTable; }

 private:
  struct Workspace;  // a cache and scratch for one call (exact_shap.cc)
  std::unique_ptr<Workspace> Borrow() const;
  void GiveBack(std::unique_ptr<Workspace> workspace) const;
  // Credits the rows of one block with tabled units [first, end), at most
  // kUnitsPerPass (tabled_credit.h), and with unit `unit`, not tabled.
  void CreditTabled(size_t first, size_t end, size_t count, Workspace& w) const;
  void CreditUnit(size_t unit, const float* x, size_t count, Workspace& w) const;
  // Indexes the runs of consecutive tabled units as passes (passes_).
  void IndexPasses();
  struct Pass;
  void CreditPass(const Pass& pass, size_t count, Workspace& w) const;
  // The passes' entries of `count` rows (row after row) from their bins
  // (feature after feature, as ShapCells::BinRows gives them).
  void RowEntries(const ShapCells::BinCode* bins, size_t count, uint16_t* entries) const;
  // Every unit's values computed row by row, adding in the same order as
  // the blocks do, so the bytes are the same.
  void ComputeRowByRow(const float* x, size_t rows, float* margins, float* contributions) const;
  void FillTables() const;
  // The values of unit `unit` for `row` (as ShapCellCache holds them) into `out`.
  void Fill(size_t unit, const float* row, float* phi, float* out) const;

  static constexpr size_t kNoTable = SIZE_MAX;
  const TreeEnsemble& trees_;
  ShapCells cells_;
  Options options_;
  float bias_ = 0;  // every row's bias contribution
  // A row's sums while a block is credited (tabled_credit.h): lane 0 the
  // margin, lane 1 + f feature f's credit, in runs of kCreditLanes.
  size_t row_lanes_ = 0;
  std::vector<size_t> table_offsets_;  // per unit: into tables_, or kNoTable
  size_t table_floats_ = 0;            // in all tables
  // Per tabled unit: the runs of a row's sums its cells add to.
  std::vector<std::vector<uint32_t>> runs_;
  // Per tabled unit and feature, bin -> the offset of the bin's class in
  // the unit's table (ShapCells' class x stride, times the values a cell
  // has); per unit: where its features' tables begin.
  std::vector<uint32_t> scaled_classes_;
  std::vector<size_t> scaled_offsets_;
  // When every tabled unit adds to the first run only (models of up to 15
  // features: tabled_credit.h's TabledPass) and the bins of the features
  // they split on number at most 2^16 in all, consecutive tabled units are
  // credited kPassUnits at a time, their cells found together: per pass,
  // its units [first, end), where each unit's cells begin from the
  // first's, the features any of them splits on and where its lanes (an
  // entry's for every bin of those features) begin in pass_lanes_. Else
  // passes_ is empty and units are credited kUnitsPerPass at a time.
  struct Pass {
    size_t first = 0, end = 0;
    alignas(kCacheLine) std::array<uint32_t, kPassUnits> starts{};
    std::vector<uint32_t> uses;  // the features any of its units splits on, ascending
    size_t lanes_offset = 0;     // where its lanes begin in pass_lanes_
  };
  // A row's entries for the passes (tabled_credit.h): feature f's are
  // first_entry_[f] plus its bin, for the features some pass splits on
  // (entry_features_); the others' are never read.
  std::vector<uint32_t> first_entry_;
  std::vector<uint32_t> entry_features_;
  std::vector<Pass> passes_;
  CacheAlignedVector<uint32_t> pass_lanes_;
  mutable std::once_flag tables_filled_;
  mutable std::atomic<bool> tables_ready_{false};
  // Every cell's values of the tabled units; cells start on cache lines.
  mutable CacheAlignedVector<float> tables_;
  mutable std::mutex idle_mutex_;
  mutable std::vector<std::unique_ptr<Workspace>> idle_;
};

}  // namespace acctseg::learn

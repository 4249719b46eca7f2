// The inner loop of exact SHAP (exact_shap.h): a block of rows credited
// with a few consecutive units whose every cell's values are in a table.
// Per row and unit, the cell is found from the row's bins (a class table
// per feature, scaled to the cell's first value), and the cell's values
// are added to the row's sums: lane 0 its margin, lane 1 + f its credit
// for feature f.
//
// A row's sums are row-major, kCreditLanes lanes to a run, and a cell's
// values are laid out lane for lane over the runs the unit touches (0
// where the unit does not credit a feature). So a unit costs a row one
// vector addition per run however many features it splits on, and a row's
// sums are loaded and stored once for the whole group of units rather than
// once per unit and feature. Adding 0 leaves a sum's bits as they are (no
// sum is ever -0: they start at +0), so each lane sees the same
// single-precision additions in the same order, unit after unit, as a
// plain loop over the units' features makes them: the bytes depend
// neither on the processor nor on the vector width (AVX-512, AVX2 or
// none, chosen at run time).
#pragma once

#include <cstddef>
#include <cstdint>

#include "learn/shap_cells.h"

namespace acctseg::learn {

// Lanes per run of a row's sums.
inline constexpr size_t kCreditLanes = 16;
// Units credited in one pass over a block's sums, at most.
inline constexpr size_t kUnitsPerPass = 8;

struct TabledUnit {
  const float* table;  // per cell: `runs` runs of kCreditLanes values
  size_t features;     // the unit's
  // Per unit feature: the block's bins of that feature, and bin -> the
  // offset of the bin's class in `table`.
  const ShapCells::BinCode* const* bins;
  const uint32_t* const* classes;
  // The runs of a row's sums the unit adds to, ascending, and how many.
  const uint32_t* run_of;
  size_t runs;
};

struct TabledBlock {
  float* sums;       // `row_lanes` floats a row
  size_t row_lanes;  // a multiple of kCreditLanes
  size_t rows;
};

// A pass of up to kPassUnits consecutive units that add to the first run
// only (models of up to 15 features), whose cells are found together. A
// row's bins come as its entries, row after row: per model feature, the
// feature's first entry plus the row's bin. The pass's lanes map an entry
// to kPassUnits 32-bit lanes, lane u the bin's class x stride x
// kCreditLanes in unit u (0 where unit u does not split on the feature);
// lane u of `starts` is where unit u's cells begin, in floats from
// `table`. So lane u of `starts` plus the lanes' sum over the row's
// entries the pass uses is where the row's values in unit u are: a row
// makes one lookup per feature of the pass (at most the model's features)
// instead of one per unit and feature (~46 for 8 units of the benchmark's
// model), each a read of the row's entry and one of its lanes, and a
// unit's values are then one addressed read. The cells, and so the
// additions to the sums and their order, are those of CreditTabledUnits.
inline constexpr size_t kPassUnits = 16;

struct TabledPass {
  const float* table;       // the first unit's cells, kCreditLanes values each
  const uint32_t* starts;   // kPassUnits lanes, 64-byte aligned
  size_t units;             // at most kPassUnits
  const uint16_t* entries;  // the block's rows' entries, `row_entries` a row
  size_t row_entries;       // the model's features
  const uint32_t* lanes;    // per entry: kPassUnits lanes, 64-byte aligned
  const uint32_t* uses;     // which of a row's entries the pass adds up, ascending
  size_t used;              // how many (all row_entries: uses[k] == k)
};

// Credits `block` (row_lanes == kCreditLanes) with the pass's units, in order.
void CreditTabledPass(const TabledPass& pass, const TabledBlock& block);

// Credits `block` with units[0], units[1], ... units[count - 1], in that
// order; count is at most kUnitsPerPass.
void CreditTabledUnits(const TabledUnit* units, size_t count, const TabledBlock& block);
// The loop without vector instructions, for tests to compare with.
void CreditTabledUnitsScalar(const TabledUnit* units, size_t count, const TabledBlock& block);

}  // namespace acctseg::learn

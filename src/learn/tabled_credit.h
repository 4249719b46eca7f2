// The inner loop of exact SHAP (exact_shap.h): a block of rows credited
// with one unit whose every cell's values are in a table. Per row, the
// cell is found from the row's bins (a class table per feature, scaled to
// the cell's first value), the cell's leaf value is added to the row's
// margin and its credits to the row's credits, feature by feature.
//
// Each addition is the same single-precision addition in the same order
// as a plain loop makes it, whether done one row at a time or eight rows
// per vector instruction (AVX2, chosen at run time where the processor has
// it): the bytes do not depend on the processor.
#pragma once

#include <cstddef>
#include <cstdint>

#include "learn/shap_cells.h"

namespace acctseg::learn {

struct TabledUnitBlock {
  const float* table;  // per cell: the leaf value, then one credit per feature
  size_t features;     // the unit's
  // Per unit feature: the block's bins of that feature, bin -> offset of
  // the bin's class in `table`, and the block's credits of that feature.
  const ShapCells::BinCode* const* bins;
  const uint32_t* const* classes;
  float* const* credits;
  float* margins;  // the block's
  size_t rows;
};

void CreditTabledUnit(const TabledUnitBlock& block);
// The loop without vector instructions, for tests to compare with.
void CreditTabledUnitScalar(const TabledUnitBlock& block);

}  // namespace acctseg::learn

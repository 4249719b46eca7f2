// A normalizer (quality/normalizers.h) over a whole string column, the fast
// way: each distinct value of the column's dictionary is normalized once, on
// all threads, and rows then take their value's result by code. The normalize
// step and the normalizer functions (functions_normalize.cc) share it.
#pragma once

#include <memory>

#include "quality/normalizers.h"
#include "table/column.h"

namespace acctseg {

// A new string column of values.size() rows: the normalized text, NULL where
// `values` is NULL or not recognized. `values` must be a string column.
std::shared_ptr<const Column> NormalizeColumn(NormalizerKind kind, const Column& values,
                                              int threads);

}  // namespace acctseg

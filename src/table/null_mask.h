// Which rows of a column are NULL: a bit a row (1 = NULL), an eighth of the
// byte a row it replaced. A column's `nulls` is empty when no row is NULL
// (table/column.h); the bits themselves are a BitVector.
#pragma once

#include "table/bit_vector.h"

namespace acctseg {

using NullMask = BitVector;

}  // namespace acctseg

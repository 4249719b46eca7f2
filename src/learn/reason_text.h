// Which features a row's reasons are; their words are table/reason_text.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "table/reason_text.h"

namespace acctseg::learn {

using ::acctseg::AppendNumberText;
using ::acctseg::AppendReasonText;

// The `top` features (top <= features) of one row's contributions, largest
// |contribution| first, ties by feature order, into `out`. (A NaN counts
// as larger than any number, NaNs among themselves by their bits.)
void TopContributions(const float* contributions, size_t features, size_t top, uint32_t* out);

}  // namespace acctseg::learn

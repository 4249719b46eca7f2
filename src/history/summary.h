// A run's summary: counts and measure sums per value of each summary
// dimension (the policy's `summary:`). The run store keeps it with every run
// record; `runs show` prints it and diff reads its key and dimensions.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/plan.h"

namespace acctseg {

// {"rows", "key", "measures": [...], "dimensions": {dim: {value: {"count", measure: sum}}}}
// Dimensions in the policy's order, values sorted; NULL is counted under
// "(none)" (a text "(none)" under "\"(none)\"", common/dimension_value.h).
// An integer measure's sums are JSON integers, a decimal's its exact text
// at its scale ("1234.50").
nlohmann::ordered_json SummarizeRun(const Execution& execution);

}  // namespace acctseg

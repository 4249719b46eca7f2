// What a propensity model is asked to score that its training never had: a
// NULL in a feature no training row lacked, or a category no training row
// had. XGBoost sends such a value down each split's default branch, which
// no data chose for it, so the score is a guess, however confident its
// reasons look (`account = (missing): +1.31`). The predict step says so in
// a run's notes (docs/learning/propensity.md).
#pragma once

#include <string>
#include <vector>

#include "job/propensity_scorer.h"
#include "learn/propensity_model.h"
#include "table/column.h"

namespace acctseg {

// A sentence on the rows [0, rows) of `columns` (one per model feature, in
// its order) that fall outside training, per feature; "" when none. `codes`:
// CategoryCodesOf(model). A model stored before it kept which features were
// complete counts unseen categories only.
std::string OutsideTrainingNote(const learn::PropensityModel& model, const CategoryCodes& codes,
                                const std::vector<const Column*>& columns, size_t rows);

}  // namespace acctseg

// A propensity model bound to a run's columns for the predict step
// (steps/scoring_model.h): rows go from the engine's columns straight to
// the model's float rows (a text column's dictionary matched to the
// model's categories once, not a text lookup per row), and reasons come
// out as text packed per morsel, ready for a dictionary built in parallel.
// The words and values are those of learn::PropensityModel::Predict over a
// learning frame of the same rows (propensity_scorer_test.cc).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "learn/propensity_model.h"
#include "steps/scoring_model.h"

namespace acctseg {

// Per feature of `model`, its categories' codes by text (empty for a
// numeric feature): what BindPropensityModel matches dictionaries against.
using CategoryCodes = std::vector<std::unordered_map<std::string, int32_t>>;
CategoryCodes CategoryCodesOf(const learn::PropensityModel& model);

// `model`, `codes` (CategoryCodesOf(model)) and `columns` must outlive the
// scorer. The columns' kinds are the model's (the predict step checks when
// it binds the policy).
std::unique_ptr<const ScoringModel::ColumnScorer> BindPropensityModel(
    const learn::PropensityModel& model, const CategoryCodes& codes,
    const std::vector<const Column*>& columns, size_t top_reasons, bool exact_reasons);

}  // namespace acctseg

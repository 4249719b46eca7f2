// What `acctseg learn scorecard` prints about the card it learned: the
// cross-validated AUC in a "models compared" table (one row here; other
// learners' rows can join it), the features with their information value,
// coefficient and points per bin, what was left out and why, and how the
// points are scaled. Text for people, JSON for scripts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "learn/scorecard_yaml.h"

namespace acctseg::learn {

// A row of the models-compared table.
struct ModelAuc {
  std::string model;  // "scorecard (6 features)"
  Spread cv_auc;
  size_t folds = 0;
};

ModelAuc ScorecardModelAuc(const ScorecardResult& result);

// "Models compared" with one row per model, AUC as mean ± sd.
std::string ModelsComparedText(const std::vector<ModelAuc>& models);

// `others`: more rows for the models-compared table, cross-validated on
// the same folds (the boosted trees the command trains beside the card).
std::string ScorecardReportText(const ScorecardResult& result, const ScorecardOptions& options,
                                const ScorecardYamlOptions& yaml,
                                const std::vector<ModelAuc>& others = {});
nlohmann::ordered_json ScorecardReportJson(const ScorecardResult& result,
                                           const ScorecardOptions& options,
                                           const ScorecardYamlOptions& yaml,
                                           const std::vector<ModelAuc>& others = {});

}  // namespace acctseg::learn

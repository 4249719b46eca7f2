// Trained models and the run store: saving one with its provenance, listing,
// showing and comparing versions, and the resolver that hands stored models
// to predict steps (steps/scoring_model.h).
// Errors: acctseg::Error (kStore for the store, kNotFound for a model or
// version that does not exist, listing what there is).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "job/learn_job.h"
#include "steps/scoring_model.h"
#include "store/model_record.h"
#include "store/run_store.h"

namespace acctseg {

// A model trained on `data`, ready to save as `name`: who, when, which
// acctseg, the policy (path and hash), each input's fingerprint, rows and
// wins under info["data"], --features and --exclude as given under
// info["selection"], and `info` (params, features, metrics) merged in.
ModelRecord DescribeTrainedModel(const LearnData& data, const LearnDataOptions& options,
                                 const std::string& name, const std::string& kind,
                                 nlohmann::json info, std::string payload);

// Saves it as the next version of its name; returns "name@version". The
// store is opened before the training (LearnDataOptions::open_store), so
// that one the command cannot use fails before the work.
std::string SaveModel(RunStore& store, ModelRecord& record);

std::vector<ModelRecord> ListModels(const std::string& store);
ModelRecord GetModel(const std::string& store, const std::string& reference);

// What changed from `before` to `after`: parameters, features added and
// removed, each metric's two values, the training data.
nlohmann::ordered_json DiffModels(const ModelRecord& before, const ModelRecord& after);

// Models from the store at `store` ("" = the default location), opened on
// first use; each reference is loaded once.
ModelResolver StoredModels(const std::string& store);

}  // namespace acctseg

// Stored models as predict steps see them (steps/scoring_model.h): the
// resolver opens the run store on first use and loads each model once; the
// adapter binds the propensity model to a run's columns (propensity_scorer.h).
#include <mutex>

#include "common/error.h"
#include "job/model_jobs.h"
#include "job/outside_training.h"
#include "job/propensity_scorer.h"
#include "learn/propensity_model.h"
#include "store/run_store.h"

namespace acctseg {
namespace {

class StoredPropensityModel final : public ScoringModel {
 public:
  StoredPropensityModel(std::string reference, learn::PropensityModel model)
      : reference_(std::move(reference)),
        model_(std::move(model)),
        category_codes_(CategoryCodesOf(model_)) {
    for (const learn::ModelFeature& f : model_.features())
      features_.push_back({f.name, f.kind == learn::FeatureKind::kCategorical});
  }

  const std::string& reference() const override { return reference_; }
  const std::vector<Feature>& features() const override { return features_; }

  std::unique_ptr<const ColumnScorer> Bind(const std::vector<const Column*>& columns,
                                           size_t top_reasons, bool exact_reasons) const override {
    return BindPropensityModel(model_, category_codes_, columns, top_reasons, exact_reasons);
  }

  std::string OutsideTraining(const std::vector<const Column*>& columns,
                              size_t rows) const override {
    return OutsideTrainingNote(model_, category_codes_, columns, rows);
  }

 private:
  std::string reference_;
  learn::PropensityModel model_;
  CategoryCodes category_codes_;
  std::vector<Feature> features_;
};

}  // namespace

ModelResolver StoredModels(const std::string& store) {
  struct Cache {
    std::mutex mutex;
    std::unique_ptr<RunStore> store;
    std::map<std::string, std::shared_ptr<const ScoringModel>> models;
  };
  auto cache = std::make_shared<Cache>();
  const std::string location = store.empty() ? RunStore::DefaultLocation() : store;
  return [cache, location](const std::string& reference) -> std::shared_ptr<const ScoringModel> {
    std::lock_guard<std::mutex> lock(cache->mutex);
    if (auto it = cache->models.find(reference); it != cache->models.end()) return it->second;
    if (!cache->store) {
      try {
        cache->store = RunStore::OpenExisting(location);
      } catch (const Error& e) {
        // Said of runs, the store's absence did not say what needed it.
        throw Error(e.kind(), "the policy's predict step needs model \"" + reference +
                                  "\" from a run store: " + e.what());
      }
    }
    ModelRecord record = cache->store->GetModel(reference);
    if (record.kind != "propensity")
      throw Error(ErrorKind::kUsage, "model " + record.reference() + " is a " + record.kind +
                                         " model; predict takes propensity models");
    auto model = std::make_shared<StoredPropensityModel>(
        record.reference(), learn::PropensityModel::FromBytes(record.payload));
    cache->models[reference] = model;
    return model;
  };
}

}  // namespace acctseg

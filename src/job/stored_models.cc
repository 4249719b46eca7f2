// Stored models as predict steps see them (steps/scoring_model.h): the
// resolver opens the run store on first use and loads each model once; the
// adapter hands a morsel of the run's columns to the propensity model as a
// learning frame, categories matched by their text.
#include <mutex>
#include <unordered_map>

#include "common/error.h"
#include "job/model_jobs.h"
#include "learn/propensity_model.h"
#include "store/run_store.h"

namespace acctseg {
namespace {

class StoredPropensityModel final : public ScoringModel {
 public:
  StoredPropensityModel(std::string reference, learn::PropensityModel model)
      : reference_(std::move(reference)), model_(std::move(model)) {
    for (const learn::ModelFeature& f : model_.features()) {
      const bool categorical = f.kind == learn::FeatureKind::kCategorical;
      features_.push_back({f.name, categorical});
      std::unordered_map<std::string, int32_t> codes;
      for (size_t i = 0; i < f.categories.size(); ++i)
        codes.emplace(f.categories[i], static_cast<int32_t>(i));
      category_codes_.push_back(std::move(codes));
    }
  }

  const std::string& reference() const override { return reference_; }
  const std::vector<Feature>& features() const override { return features_; }

  std::vector<Score> Predict(const std::vector<const Column*>& columns, size_t begin, size_t end,
                             size_t top_reasons, bool exact_reasons) const override {
    learn::LearningFrame frame;
    const size_t rows = end - begin;
    frame.outcome.assign(rows, 0);  // unused: the frame only carries features
    for (size_t i = 0; i < features_.size(); ++i)
      frame.features.push_back(FeatureOf(i, *columns[i], begin, end));
    learn::Prediction prediction = model_.Predict(frame, top_reasons, exact_reasons);
    std::vector<Score> scores(rows);
    for (size_t r = 0; r < rows; ++r) {
      scores[r].probability = prediction.probability[r];
      const learn::Reason* reasons = prediction.ReasonsOf(r);
      for (size_t k = 0; k < prediction.top_reasons; ++k)
        scores[r].reasons.push_back(learn::ReasonText(reasons[k]));
    }
    return scores;
  }

 private:
  learn::Feature FeatureOf(size_t index, const Column& column, size_t begin, size_t end) const {
    const learn::ModelFeature& trained = model_.features()[index];
    learn::Feature f;
    f.name = trained.name;
    f.kind = trained.kind;
    if (trained.kind == learn::FeatureKind::kNumeric) {
      f.values.reserve(end - begin);
      for (size_t row = begin; row < end; ++row) f.values.push_back(learn::NumberAt(column, row));
      return f;
    }
    f.categories = trained.categories;
    f.codes.reserve(end - begin);
    const auto& codes = category_codes_[index];
    for (size_t row = begin; row < end; ++row) {
      if (column.IsNull(row)) {
        f.codes.push_back(-1);
        continue;
      }
      auto it = codes.find(std::string(column.StringAt(row)));
      f.codes.push_back(it == codes.end() ? -1 : it->second);  // unseen: missing
    }
    return f;
  }

  std::string reference_;
  learn::PropensityModel model_;
  std::vector<Feature> features_;
  std::vector<std::unordered_map<std::string, int32_t>> category_codes_;
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
    if (!cache->store) cache->store = RunStore::OpenExisting(location);
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

#include "learn/propensity_model.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>

#include "common/error.h"
#include "learn/exact_shap.h"
#include "learn/propensity_encoding.h"
#include "learn/reason_text.h"
#include "learn/tree_ensemble.h"

namespace acctseg::learn {
namespace {

constexpr std::string_view kMagic = "acctseg-propensity-model 1\n";

const char* KindName(FeatureKind kind) {
  return kind == FeatureKind::kNumeric ? "numeric" : "categorical";
}

Error Corrupt(const std::string& why) {
  return Error(ErrorKind::kStore, "the stored propensity model is damaged: " + why);
}

}  // namespace

// Our flat copy of the booster's trees (scores and path attributions:
// tree_ensemble.h) and the exact TreeSHAP shared across rows over them
// (exact_shap.h).
struct PropensityModel::Booster {
  explicit Booster(std::string_view bytes) : trees(TreeEnsemble::FromXgboostUbjson(bytes)) {}
  // Indexed on first use: exact reasons, and the predict step's margins
  // over a morsel of rows (job/propensity_scorer.cc), need it.
  const ExactShap& Shap() {
    std::call_once(shap_indexed, [&] { shap = std::make_unique<ExactShap>(trees); });
    return *shap;
  }
  TreeEnsemble trees;
  std::once_flag shap_indexed;
  std::unique_ptr<ExactShap> shap;
};

std::string ReasonText(const Reason& reason) {
  std::string text;
  AppendReasonText(text, reason.feature, reason.value, reason.contribution);
  return text;
}

PropensityModel::PropensityModel(std::string booster, std::vector<ModelFeature> features,
                                 ModelParameters parameters, IsotonicCalibration calibration,
                                 nlohmann::json metrics)
    : booster_bytes_(std::move(booster)),
      features_(std::move(features)),
      parameters_(parameters),
      calibration_(std::move(calibration)),
      metrics_(std::move(metrics)),
      booster_(std::make_unique<Booster>(booster_bytes_)) {}

PropensityModel::~PropensityModel() = default;
PropensityModel::PropensityModel(PropensityModel&&) noexcept = default;
PropensityModel& PropensityModel::operator=(PropensityModel&&) noexcept = default;

nlohmann::json PropensityModel::Describe() const {
  nlohmann::json features = nlohmann::json::array();
  for (const ModelFeature& f : features_) {
    nlohmann::json feature = {{"name", f.name}, {"kind", KindName(f.kind)}};
    if (f.kind == FeatureKind::kCategorical) feature["categories"] = f.categories;
    feature["complete"] = f.complete;
    features.push_back(feature);
  }
  return {
      {"kind", "propensity"},
      {"algorithm", "xgboost gbtree (binary:logistic, hist)"},
      {"parameters",
       {{"trees", parameters_.trees},
        {"depth", parameters_.depth},
        {"learning_rate", parameters_.learning_rate},
        {"min_child_weight", parameters_.min_child_weight},
        {"seed", parameters_.seed},
        {"categorical", parameters_.native_categorical ? "native" : "ordinal"}}},
      {"features", features},
      {"calibration", {{"method", "isotonic"}, {"x", calibration_.x()}, {"y", calibration_.y()}}},
      {"metrics", metrics_}};
}

std::string PropensityModel::ToBytes() const {
  std::string meta = Describe().dump();
  std::string out(kMagic);
  out += std::to_string(meta.size()) + "\n" + meta + booster_bytes_;
  return out;
}

PropensityModel PropensityModel::FromBytes(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic) throw Corrupt("no propensity model header");
  bytes.remove_prefix(kMagic.size());
  size_t newline = bytes.find('\n');
  if (newline == std::string_view::npos || newline > 20) throw Corrupt("no description length");
  size_t length = 0;
  for (char c : bytes.substr(0, newline)) {
    if (c < '0' || c > '9') throw Corrupt("bad description length");
    length = length * 10 + (c - '0');
  }
  bytes.remove_prefix(newline + 1);
  if (length > bytes.size()) throw Corrupt("truncated description");
  try {
    nlohmann::json meta = nlohmann::json::parse(bytes.substr(0, length));
    std::vector<ModelFeature> features;
    for (const nlohmann::json& f : meta.at("features")) {
      ModelFeature feature;
      feature.name = f.at("name").get<std::string>();
      feature.kind = f.at("kind") == "numeric" ? FeatureKind::kNumeric : FeatureKind::kCategorical;
      if (feature.kind == FeatureKind::kCategorical)
        feature.categories = f.at("categories").get<std::vector<std::string>>();
      feature.complete = f.value("complete", false);  // not kept by older models
      features.push_back(std::move(feature));
    }
    const nlohmann::json& p = meta.at("parameters");
    ModelParameters parameters{p.at("trees"),         p.at("depth"),
                               p.at("learning_rate"), p.at("min_child_weight"),
                               p.at("seed"),          p.at("categorical") == "native"};
    const nlohmann::json& c = meta.at("calibration");
    IsotonicCalibration calibration(c.at("x").get<std::vector<double>>(),
                                    c.at("y").get<std::vector<double>>());
    return PropensityModel(std::string(bytes.substr(length)), std::move(features), parameters,
                           std::move(calibration), meta.at("metrics"));
  } catch (const nlohmann::json::exception& e) {
    throw Corrupt(e.what());
  } catch (const Error& e) {
    throw Corrupt(e.what());
  }
}

void PropensityModel::Score(const float* x, size_t rows, bool exact, float* margins,
                            float* contributions) const {
  if (rows == 0) return;
  const TreeEnsemble& trees = booster_->trees;
  // Both kinds of reasons come with the margins from the same pass.
  if (contributions == nullptr)
    trees.Margins(x, rows, margins);
  else if (exact)
    booster_->Shap().Compute(x, rows, margins, contributions);
  else
    trees.Score(x, rows, margins, contributions);
}

void PropensityModel::PrepareExactShap() const { booster_->Shap().Prepare(); }

namespace {

// binary:logistic's sigmoid in single precision: XGBoost's probability, bit for bit.
float RawProbability(float margin) { return 1.0f / (1.0f + std::exp(-margin)); }

}  // namespace

double PropensityModel::Probability(float margin) const {
  return calibration_.Apply(RawProbability(margin));
}

void PropensityModel::Probabilities(const float* margins, size_t count, double* out) const {
  for (size_t i = 0; i < count; ++i) out[i] = RawProbability(margins[i]);
  calibration_.ApplyAll(out, count, out);
}

Prediction PropensityModel::Predict(const LearningFrame& frame, size_t top_reasons,
                                    bool exact) const {
  FrameEncoder encoder(frame, features_);
  Prediction out;
  const size_t rows = frame.rows();
  if (rows == 0) return out;
  std::vector<float> x = encoder.EncodeAll();
  std::vector<float> margins(rows), contributions;
  if (top_reasons > 0) contributions.resize(rows * (features_.size() + 1));
  Score(x.data(), rows, exact, margins.data(), top_reasons > 0 ? contributions.data() : nullptr);
  out.raw.resize(rows);
  out.probability.resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    float probability = RawProbability(margins[r]);
    out.raw[r] = probability;
    out.probability[r] = calibration_.Apply(probability);
  }
  out.top_reasons = std::min(top_reasons, features_.size());
  if (out.top_reasons == 0) return out;
  std::vector<size_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  AppendReasons(contributions, order, encoder, features_, out.top_reasons, out.reasons);
  return out;
}

}  // namespace acctseg::learn

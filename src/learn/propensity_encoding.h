// How a frame's rows become the float matrix XGBoost reads, for training
// and for prediction alike: the model's features in the model's order,
// numeric values as floats (NaN missing), categories as the model's codes
// (a category text the model never saw is missing). Also the words a
// reason uses for a row's value.
#pragma once

#include <string>
#include <vector>

#include "learn/learning_frame.h"
#include "learn/propensity_model.h"

namespace acctseg::learn {

class FrameEncoder {
 public:
  // Errors (kUsage): a model feature missing from the frame, or of another kind.
  FrameEncoder(const LearningFrame& frame, const std::vector<ModelFeature>& features);

  // Row-major values of `rows`, or of every row.
  std::vector<float> Encode(const std::vector<size_t>& rows) const;
  std::vector<float> EncodeAll() const;
  // The row's value of feature `f` in words ("Software", "25000", "(missing)").
  std::string ValueText(size_t row, size_t f) const;

 private:
  float ValueOf(size_t row, size_t f) const;
  const std::vector<ModelFeature>& features_;
  std::vector<const Feature*> columns_;
  std::vector<std::vector<int32_t>> code_map_;  // frame code -> model code, per categorical
  size_t rows_;
};

// The `top` reasons of each row from XGBoost's contributions (rows x
// (features + 1), the bias last), in the order of `rows` (the frame rows
// the contributions belong to); largest |contribution| first, ties by
// feature order. Appends rows.size() * top reasons to `out`.
void AppendReasons(const std::vector<float>& contributions, const std::vector<size_t>& rows,
                   const FrameEncoder& encoder, const std::vector<ModelFeature>& features,
                   size_t top, std::vector<Reason>& out);

// XGBoost's feature types ("q" numeric; "c" categorical when native).
// Names are not given to XGBoost (column names may hold characters it
// refuses); the model keeps them.
std::vector<std::string> FeatureTypes(const std::vector<ModelFeature>& features,
                                      bool native_categorical);

}  // namespace acctseg::learn

#include "learn/propensity_encoding.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "common/error.h"
#include "learn/reason_text.h"
#include "table/date_time.h"

namespace acctseg::learn {

FrameEncoder::FrameEncoder(const LearningFrame& frame, const std::vector<ModelFeature>& features)
    : features_(features), rows_(frame.rows()) {
  for (const ModelFeature& wanted : features) {
    const Feature* column = frame.Find(wanted.name);
    if (!column)
      throw Error(ErrorKind::kUsage, "the model needs feature \"" + wanted.name +
                                         "\", which the policy's run no longer has");
    if (column->kind != wanted.kind)
      throw Error(ErrorKind::kUsage,
                  "feature \"" + wanted.name + "\" was " +
                      (wanted.kind == FeatureKind::kNumeric ? "numeric" : "categorical") +
                      " when the model was trained and is now " +
                      (column->kind == FeatureKind::kNumeric ? "numeric" : "categorical"));
    columns_.push_back(column);
    std::vector<int32_t> map;
    if (wanted.kind == FeatureKind::kCategorical) {
      std::unordered_map<std::string, int32_t> model_code;
      for (size_t c = 0; c < wanted.categories.size(); ++c)
        model_code.emplace(wanted.categories[c], static_cast<int32_t>(c));
      for (const std::string& text : column->categories) {
        auto found = model_code.find(text);
        map.push_back(found == model_code.end() ? -1 : found->second);
      }
    }
    code_map_.push_back(std::move(map));
  }
}

float FrameEncoder::ValueOf(size_t row, size_t f) const {
  const Feature& column = *columns_[f];
  if (column.kind == FeatureKind::kNumeric) return static_cast<float>(column.values[row]);
  int32_t code = column.codes[row];
  int32_t model_code = code < 0 ? -1 : code_map_[f][code];
  return model_code < 0 ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(model_code);
}

std::vector<float> FrameEncoder::Encode(const std::vector<size_t>& rows) const {
  std::vector<float> out(rows.size() * columns_.size());
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t f = 0; f < columns_.size(); ++f) out[i * columns_.size() + f] = ValueOf(rows[i], f);
  return out;
}

std::vector<float> FrameEncoder::EncodeAll() const {
  std::vector<size_t> rows(rows_);
  for (size_t r = 0; r < rows_; ++r) rows[r] = r;
  return Encode(rows);
}

std::string FrameEncoder::ValueText(size_t row, size_t f) const {
  const Feature& column = *columns_[f];
  if (column.IsMissing(row)) return "(missing)";
  if (column.kind == FeatureKind::kCategorical)
    return std::string(ReasonValueText(column.categories[column.codes[row]]));
  if (column.is_date) return FormatDate(static_cast<int64_t>(column.values[row]));
  if (column.is_boolean) return column.values[row] ? "TRUE" : "FALSE";  // as a run's reasons say
  std::string text;
  AppendNumberText(text, column.values[row]);
  return text;
}

void AppendReasons(const std::vector<float>& contributions, const std::vector<size_t>& rows,
                   const FrameEncoder& encoder, const std::vector<ModelFeature>& features,
                   size_t top, std::vector<Reason>& out) {
  size_t width = features.size() + 1;
  std::vector<uint32_t> order(top);
  for (size_t i = 0; i < rows.size(); ++i) {
    const float* row = contributions.data() + i * width;
    TopContributions(row, features.size(), top, order.data());
    for (size_t k = 0; k < top; ++k)
      out.push_back({features[order[k]].name, encoder.ValueText(rows[i], order[k]), row[order[k]]});
  }
}

std::vector<std::string> FeatureTypes(const std::vector<ModelFeature>& features,
                                      bool native_categorical) {
  std::vector<std::string> types;
  for (const ModelFeature& f : features)
    types.push_back(f.kind == FeatureKind::kCategorical && native_categorical ? "c" : "q");
  return types;
}

}  // namespace acctseg::learn

#include "table/reason_codes.h"

#include <algorithm>

#include "common/error.h"
#include "table/reason_text.h"
#include "table/row_texts.h"

namespace acctseg {
namespace {

// The most bytes "%.6g" writes: "-1.23457e+308".
constexpr size_t kNumberTextBytes = 13;
// Rows made into text per task by Materialize.
constexpr size_t kMorsel = 16384;

}  // namespace

ReasonCodes::ReasonCodes(std::vector<Feature> features, size_t top, size_t rows)
    : features_(std::move(features)),
      top_(top),
      rows_(rows),
      features_codes_(std::make_unique_for_overwrite<uint16_t[]>(rows * top)),
      contribution_codes_(std::make_unique_for_overwrite<uint32_t[]>(rows * top)) {
  if (features_.size() > kMaxFeatures || top == 0 || top > features_.size())
    throw Error(ErrorKind::kInternal, "reasons kept as codes: " + std::to_string(top) +
                                          " reasons of " + std::to_string(features_.size()) +
                                          " features");
}

void ReasonCodes::AppendText(size_t row, std::string& out) const {
  for (size_t k = 0; k < top_; ++k) {
    if (k > 0) out.append("; ");
    const uint16_t code = FeatureCode(row, k);
    const Feature& feature = features_[code / 2];
    out.append(feature.name);
    out.append(" = ");
    if (code & 1)
      out.append(kMissingValueText);
    else if (feature.categorical)
      out.append(feature.column->StringAt(row));
    else
      AppendNumberText(out, NumberAt(*feature.column, row));
    out.append(": ");
    AppendContributionText(out, ContributionCode(row, k));
  }
}

size_t ReasonCodes::MaxTextBytes() const {
  size_t widest = 0;
  for (const Feature& feature : features_) {
    size_t value = std::max(kMissingValueText.size(), kNumberTextBytes);
    if (feature.categorical && feature.column->dictionary)
      for (uint32_t code = 0; code < feature.column->dictionary->size(); ++code)
        value = std::max(value, feature.column->dictionary->Get(code).size());
    widest = std::max(widest, feature.name.size() + 3 + value + 2 + kContributionTextBytes);
  }
  return top_ * widest + 2 * (top_ - 1);
}

Column ReasonCodes::Materialize(int threads) const {
  return TextColumnInRowOrder(rows_, kMorsel, threads,
                              [&](size_t begin, size_t end, RowTexts& texts) {
                                std::string text;
                                for (size_t row = begin; row < end; ++row) {
                                  text.clear();
                                  AppendText(row, text);
                                  texts.Append(text);
                                }
                              });
}

}  // namespace acctseg

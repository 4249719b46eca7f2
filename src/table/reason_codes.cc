#include "table/reason_codes.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#include "common/error.h"
#include "common/short_copy.h"
#include "table/reason_text.h"
#include "table/row_texts.h"

namespace acctseg {
namespace {

// Rows made into text per task by Materialize.
constexpr size_t kMorsel = 16384;

}  // namespace

ReasonCodes::ReasonCodes(std::vector<Feature> features, size_t top, size_t rows)
    : features_(std::move(features)),
      top_(top),
      rows_(rows),
      features_codes_(std::make_unique_for_overwrite<uint16_t[]>(rows * top)),
      contribution_codes_(std::make_unique_for_overwrite<uint32_t[]>(rows * top)) {
  if (features_.size() > kMaxFeatures || top == 0 || top > kMaxTop || top > features_.size())
    throw Error(ErrorKind::kInternal, "reasons kept as codes: " + std::to_string(top) +
                                          " reasons of " + std::to_string(features_.size()) +
                                          " features");
  for (const Feature& feature : features_) leads_.push_back(feature.name + " = ");
  max_text_bytes_ = WidestText();
}

void ReasonCodes::SetRows(size_t first, const ReasonCodes& rows) {
  if (rows.top_ != top_ || first > rows_ || rows.rows_ > rows_ - first)
    throw Error(ErrorKind::kInternal, "reasons kept as codes: rows set out of place");
  std::copy_n(rows.features_codes_.get(), rows.rows_ * top_, features_codes_.get() + first * top_);
  std::copy_n(rows.contribution_codes_.get(), rows.rows_ * top_,
              contribution_codes_.get() + first * top_);
}

ReasonCodes::ReasonCodes(const ReasonCodes& shape, size_t rows)
    : features_(shape.features_),
      leads_(shape.leads_),
      top_(shape.top_),
      rows_(rows),
      max_text_bytes_(shape.max_text_bytes_),
      features_codes_(std::make_unique_for_overwrite<uint16_t[]>(rows * top_)),
      contribution_codes_(std::make_unique_for_overwrite<uint32_t[]>(rows * top_)) {}

char* ReasonCodes::WriteText(size_t row, char* out) const {
  for (size_t k = 0; k < top_; ++k) {
    if (k > 0) {
      std::memcpy(out, "; ", 2);
      out += 2;
    }
    const uint16_t code = FeatureCode(row, k);
    const Feature& feature = features_[code / 2];
    const size_t value_row = ValueRow(row, k);
    out = CopyShortText(leads_[code / 2], out);
    if (code & 1)
      out = CopyShortText(kMissingValueText, out);
    else if (feature.categorical)
      out = CopyShortText(ReasonValueText(feature.column->StringAt(value_row)), out);
    else
      out = WriteColumnValueText(out, *feature.column, value_row);
    std::memcpy(out, ": ", 2);
    out = WriteContributionText(out + 2, ContributionCode(row, k));
  }
  return out;
}

bool ReasonCodes::EveryPieceIs(
    const std::function<bool(std::string_view piece, bool leads)>& plain) const {
  if (!plain(kMissingValueText, false)) return false;
  for (const Feature& feature : features_) {
    if (!plain(feature.name, true)) return false;
    const Dictionary* dictionary = feature.column->dictionary.get();
    if (!feature.categorical || dictionary == nullptr) continue;
    for (uint32_t code = 0; code < dictionary->size(); ++code)
      if (!plain(dictionary->Get(code), false)) return false;
  }
  return true;
}

void ReasonCodes::AppendText(size_t row, std::string& out) const {
  const size_t at = out.size();
  out.resize(at + max_text_bytes_);
  out.resize(static_cast<size_t>(WriteText(row, out.data() + at) - out.data()));
}

size_t ReasonCodes::WidestText() const {
  // A row names each feature once at most, so the `top` widest bound it.
  std::vector<size_t> widths;
  for (const Feature& feature : features_) {
    size_t value = std::max(kMissingValueText.size(), kValueTextBytes);
    if (feature.categorical && feature.column->dictionary)
      for (uint32_t code = 0; code < feature.column->dictionary->size(); ++code)
        value = std::max(value, feature.column->dictionary->Get(code).size());
    widths.push_back(feature.name.size() + 3 + value + 2 + kContributionTextBytes);
  }
  std::partial_sort(widths.begin(), widths.begin() + static_cast<std::ptrdiff_t>(top_),
                    widths.end(), std::greater<>());
  size_t widest = 2 * (top_ - 1);
  for (size_t k = 0; k < top_; ++k) widest += widths[k];
  return widest;
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

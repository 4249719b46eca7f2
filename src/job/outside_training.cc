#include "job/outside_training.h"

#include <cstdint>

#include "common/group_digits.h"

namespace acctseg {
namespace {

std::string Count(size_t count) { return GroupDigits(std::to_string(count)); }

}  // namespace

std::string OutsideTrainingNote(const learn::PropensityModel& model, const CategoryCodes& codes,
                                const std::vector<const Column*>& columns, size_t rows) {
  std::vector<uint8_t> outside;  // per row, made when the first one is found
  std::string detail;
  for (size_t f = 0; f < columns.size(); ++f) {
    const learn::ModelFeature& feature = model.features()[f];
    const Column& column = *columns[f];
    // A text column's dictionary entries that name no training category.
    std::vector<uint8_t> unseen;
    bool any_unseen = false;
    if (feature.kind == learn::FeatureKind::kCategorical && column.dictionary) {
      unseen.resize(column.dictionary->size());
      for (size_t c = 0; c < unseen.size(); ++c) {
        unseen[c] = !codes[f].count(std::string(column.dictionary->Get(static_cast<uint32_t>(c))));
        any_unseen |= unseen[c] != 0;
      }
    }
    const bool nulls = feature.complete && column.HasNulls();
    if (!nulls && !any_unseen) continue;
    size_t null_rows = 0, unseen_rows = 0;
    for (size_t r = 0; r < rows; ++r) {
      const bool is_null = column.IsNull(r);
      const bool out = is_null ? nulls : any_unseen && unseen[column.codes[r]];
      if (!out) continue;
      ++(is_null ? null_rows : unseen_rows);
      if (outside.empty()) outside.resize(rows);
      outside[r] = 1;
    }
    if (null_rows > 0)
      detail += (detail.empty() ? "" : "; ") + feature.name + " NULL in " + Count(null_rows);
    if (unseen_rows > 0)
      detail += (detail.empty() ? "" : "; ") + feature.name + " a category training never saw in " +
                Count(unseen_rows);
  }
  if (detail.empty()) return "";
  size_t count = 0;
  for (uint8_t out : outside) count += out;
  return Count(count) + " of " + Count(rows) + " rows hold a value no training row had (" + detail +
         "): the trees send it down default branches no data chose, so those rows' scores, and "
         "the reasons naming it, are guesses";
}

}  // namespace acctseg

// Test helper: a reasons column kept as codes (table/reason_codes.h) over
// features of every kind the predict step reads: a text feature with NULLs
// and texts a writer must quote or escape, a whole-number feature with
// NULLs, a decimal one; reasons called missing both on NULL rows and on
// known values (a category the model never saw); contributions of every
// sign and size, "-0.00" included. Without `awkward`, the texts need no
// quoting or escaping anywhere (one begins with "-", which only matters at
// the start of a field), and are 2 to 40 bytes long. With `narrow` the
// columns are stored as a run leaves them, narrowed: the text codes a byte
// a value, the whole numbers 2 bytes, the decimal (then 0.00 or 0.01) a
// bit a value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "table/reason_codes.h"
#include "table/reason_text.h"

namespace acctseg::testing {

inline std::shared_ptr<ReasonCodes> SampleReasons(size_t rows, uint64_t seed = 1,
                                                  bool awkward = true, bool narrow = false) {
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  auto industry = std::make_shared<Column>(Column::Make(DataType::String(), rows, true));
  auto employees = std::make_shared<Column>(Column::Make(DataType::Int64(), rows, true));
  auto arr = std::make_shared<Column>(Column::Make(DataType::Decimal(2), rows, false));
  auto dictionary = std::make_shared<Dictionary>();
  const char* awkward_texts[] = {"Software", "Oil, Gas",    "say \"hi\"",
                                 "=cmd",     "line\nbreak", "Zürich"};
  const char* plain_texts[] = {"IT",
                               "Oil & Gas",
                               "-5 leads",
                               "Zürich",
                               "Manufacturing and Heavy Industry",
                               "Software and Internet Services Companies"};
  const char* const* texts = awkward ? awkward_texts : plain_texts;
  for (size_t r = 0; r < rows; ++r) {
    industry->codes.Set(r, dictionary->Intern(texts[next() % 6]));
    if (r % 7 == 3) industry->nulls.Set(r, true);
    employees->ints.Set(r, static_cast<int64_t>(next() % (narrow ? 30'000 : 3'000'000)) - 1000);
    if (r % 5 == 1) employees->nulls.Set(r, true);
    arr->ints.Set(r, narrow ? static_cast<int64_t>(next() % 2)
                            : static_cast<int64_t>(next() % 100'000'000) - 1'000'000);
  }
  industry->dictionary = dictionary;
  if (narrow) {
    industry->Narrow();
    employees->Narrow();
    arr->Narrow();
  }
  std::vector<ReasonCodes::Feature> features = {
      {"industry", industry, true}, {"employees", employees, false}, {"arr", arr, false}};
  auto reasons = std::make_shared<ReasonCodes>(features, 3, rows);
  for (size_t r = 0; r < rows; ++r) {
    const uint32_t first = static_cast<uint32_t>(next() % 3);
    for (uint32_t k = 0; k < 3; ++k) {
      const uint32_t f = (first + k) % 3;
      const bool missing = features[f].column->IsNull(r) || (f == 0 && next() % 9 == 0);
      const float contribution =
          k == 2 && r % 11 == 0
              ? -0.001f
              : static_cast<float>(static_cast<int64_t>(next() % 400'001) - 200'000) / 1e4f;
      uint32_t code = 0;
      EncodeContribution(contribution, code);
      reasons->Set(r, k, f, missing, code);
    }
  }
  return reasons;
}

}  // namespace acctseg::testing

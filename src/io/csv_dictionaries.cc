#include "io/csv_dictionaries.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "io/csv_scanner.h"

namespace acctseg {
namespace {

constexpr size_t kSampleRows = 1024;
constexpr size_t kMinSampleRows = 64;

// Dictionary::Hash reads its argument's bytes; give it a non-null pointer
// even for the empty text (a default string_view has data() == nullptr).
std::string_view NonNull(std::string_view text) {
  return text.empty() ? std::string_view("", 0) : text;
}

// The width a column's values are parsed into: 2 bytes when the sample's
// fit in one (room for 256 times their range), 4 unless the sample's come
// within 16 times of that width's limit, else 8. Booleans always fit a byte.
int IntParseWidth(TypeId type, int64_t low, int64_t high) {
  if (type == TypeId::kBool) return 1;
  if (low > high) return 4;  // nothing sampled
  if (low >= INT8_MIN && high <= INT8_MAX) return 2;
  constexpr int64_t kRoomy = int64_t{INT32_MAX} / 16;
  return low >= -kRoomy && high <= kRoomy ? 4 : 8;
}

// Chunk codes, by how many distinct values the sample had (a chunk sees
// more than the sample's first rows, but seldom tenfold).
int CodeParseWidth(size_t sampled_distinct) {
  if (sampled_distinct <= 24) return 1;
  return sampled_distinct <= 4096 ? 2 : 4;
}

}  // namespace

void ChooseStorage(const char* data, size_t size, size_t begin, char delimiter,
                   std::vector<CsvFieldPlan>* fields) {
  for (CsvFieldPlan& plan : *fields) plan.parse_width = plan.type == TypeId::kString ? 4 : 8;
  std::vector<std::unordered_set<std::string>> distinct(fields->size());
  std::vector<int64_t> low(fields->size(), INT64_MAX), high(fields->size(), INT64_MIN);
  const char* cursor = data + begin;
  const char* end = data + size;
  std::string scratch;
  uint64_t newlines = 0;
  CsvField field;
  size_t rows = 0;
  while (cursor < end && rows < kSampleRows) {
    if (SkipBlankLine(cursor, end, newlines)) continue;
    for (size_t index = 0;; ++index) {
      FieldEnd stop = ScanFieldWith(delimiter, cursor, end, scratch, newlines, field);
      if (stop == FieldEnd::kError || field.text.size() > kMaxCsvFieldBytes)
        return;  // the real parse reports it
      if (index < fields->size() && (*fields)[index].output >= 0) {
        const CsvFieldPlan& plan = (*fields)[index];
        if (plan.type == TypeId::kString) {
          distinct[index].emplace(field.text);
        } else if (std::string_view text = plan.trim ? Trim(field.text) : field.text;
                   !text.empty()) {
          if (std::optional<int64_t> value = ParseFieldValue(plan, text)) {
            low[index] = std::min(low[index], *value);
            high[index] = std::max(high[index], *value);
          }
        }
      }
      if (stop == FieldEnd::kRowEnd) break;
    }
    ++rows;
  }
  if (rows < kMinSampleRows) return;
  for (size_t index = 0; index < fields->size(); ++index) {
    CsvFieldPlan& plan = (*fields)[index];
    // A quarter distinct already makes per-chunk dictionaries hold most of
    // their rows, so merging them would redo nearly every row's probe.
    if (plan.output < 0) continue;
    if (plan.type == TypeId::kString) {
      plan.high_cardinality = distinct[index].size() * 4 > rows;
      plan.sampled_distinct = distinct[index].size();
      // High-cardinality codes are written by the dictionary build, 4 wide.
      if (!plan.high_cardinality) plan.parse_width = CodeParseWidth(plan.sampled_distinct);
    } else {
      plan.parse_width = IntParseWidth(plan.type, low[index], high[index]);
    }
  }
}

std::shared_ptr<Dictionary> MergeChunkDictionaries(std::vector<CsvChunk>& chunks, size_t column) {
  auto merged = std::make_shared<Dictionary>();
  for (CsvChunk& chunk : chunks) {
    CsvChunkColumn& source = chunk.columns[column];
    source.remap.resize(source.dictionary->size());
    for (uint32_t code = 0; code < source.remap.size(); ++code)
      source.remap[code] = merged->Intern(NonNull(source.dictionary->Get(code)));
    source.dictionary.reset();  // its text is copied; free it early
  }
  return merged;
}

}  // namespace acctseg

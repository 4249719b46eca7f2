#include "io/csv_dictionaries.h"

#include <algorithm>
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

}  // namespace

void ChooseHighCardinality(const char* data, size_t size, size_t begin, char delimiter,
                           std::vector<CsvFieldPlan>* fields) {
  std::vector<std::unordered_set<std::string>> distinct(fields->size());
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
      if (index < fields->size() && (*fields)[index].type == TypeId::kString)
        distinct[index].emplace(field.text);
      if (stop == FieldEnd::kRowEnd) break;
    }
    ++rows;
  }
  if (rows < kMinSampleRows) return;
  for (size_t index = 0; index < fields->size(); ++index) {
    CsvFieldPlan& plan = (*fields)[index];
    // A quarter distinct already makes per-chunk dictionaries hold most of
    // their rows, so merging them would redo nearly every row's probe.
    if (plan.output >= 0 && plan.type == TypeId::kString) {
      plan.high_cardinality = distinct[index].size() * 4 > rows;
      plan.sampled_distinct = distinct[index].size();
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

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

void ChooseHighCardinality(const char* data, size_t size, size_t begin,
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
      FieldEnd stop = ScanField(cursor, end, scratch, newlines, field);
      if (stop == FieldEnd::kError) return;  // the real parse reports it
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
    if (plan.output >= 0 && plan.type == TypeId::kString)
      plan.high_cardinality = distinct[index].size() * 4 > rows;
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

std::shared_ptr<Dictionary> BuildDictionaryInHashOrder(const std::vector<CsvChunk>& chunks,
                                                       size_t column,
                                                       const std::vector<size_t>& first_row,
                                                       uint32_t* codes) {
  size_t rows = first_row.back();
  auto dictionary = std::make_shared<Dictionary>();
  dictionary->Reserve(rows);
  // Dictionary::Reserve sizes its table to the first power of two, from 64,
  // holding twice the entries; a text's home slot is hash & (slots - 1).
  size_t slots = 64;
  while (slots < rows * 2) slots *= 2;
  const uint64_t mask = slots - 1;
  int shift = 0;
  while ((slots >> shift) > (size_t{1} << 16)) ++shift;
  const size_t buckets = slots >> shift;

  // Counting sort of the rows by home slot (a bucket spans a few cache lines
  // of slots), stable so equal texts keep file order.
  std::vector<uint32_t> starts(buckets + 1, 0);
  for (const CsvChunk& chunk : chunks)
    for (uint64_t hash : chunk.columns[column].hashes) ++starts[((hash & mask) >> shift) + 1];
  for (size_t b = 0; b < buckets; ++b) starts[b + 1] += starts[b];
  struct Item {
    std::string_view text;
    uint32_t row;
  };
  std::vector<Item> order(rows);
  for (size_t c = 0; c < chunks.size(); ++c) {
    const CsvChunkColumn& source = chunks[c].columns[column];
    for (size_t r = 0; r < source.hashes.size(); ++r) {
      uint32_t& next = starts[(source.hashes[r] & mask) >> shift];
      order[next++] = Item{source.texts[r], static_cast<uint32_t>(first_row[c] + r)};
    }
  }

  constexpr size_t kPrefetchDistance = 16;
  for (size_t i = 0; i < rows; ++i) {
    // The texts are scattered over the file: fetch ahead of the copy.
    if (i + kPrefetchDistance < rows) __builtin_prefetch(order[i + kPrefetchDistance].text.data());
    codes[order[i].row] = dictionary->Intern(NonNull(order[i].text));
  }
  return dictionary;
}

}  // namespace acctseg

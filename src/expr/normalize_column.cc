#include "expr/normalize_column.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/parallel.h"

namespace acctseg {

std::shared_ptr<const Column> NormalizeColumn(NormalizerKind kind, const Column& values,
                                              int threads) {
  const Dictionary& input = *values.dictionary;
  const size_t distinct = input.size();
  // Each morsel of entries keeps its results in one string of its own
  // (positions first: the string grows), so nothing is allocated per entry.
  constexpr size_t kMorsel = 4096;
  const size_t morsels = (distinct + kMorsel - 1) / kMorsel;
  std::vector<std::string> storage(morsels);
  std::vector<std::pair<uint32_t, uint32_t>> spans(distinct);  // offset, size in storage
  std::vector<uint8_t> recognized(distinct, 0);
  ParallelFor(morsels, threads, [&](size_t m) {
    std::string buffer;
    const size_t end = std::min(distinct, (m + 1) * kMorsel);
    for (size_t code = m * kMorsel; code < end; ++code) {
      auto result = Normalize(kind, input.Get(static_cast<uint32_t>(code)), buffer);
      if (!result) continue;
      recognized[code] = 1;
      spans[code] = {static_cast<uint32_t>(storage[m].size()),
                     static_cast<uint32_t>(result->size())};
      storage[m].append(*result);
    }
  });
  std::vector<std::string_view> texts(distinct);
  std::vector<uint64_t> hashes(distinct);
  ParallelRanges(distinct, threads, kMorsel, [&](size_t begin, size_t end) {
    for (size_t code = begin; code < end; ++code) {
      texts[code] =
          std::string_view(storage[code / kMorsel]).substr(spans[code].first, spans[code].second);
      hashes[code] = Dictionary::Hash(texts[code]);
    }
  });
  // The results' dictionary (an unrecognized entry adds ""), and each
  // entry's code in it.
  std::vector<uint32_t> entry_code(distinct);
  std::shared_ptr<Dictionary> output = Dictionary::BuildInRowOrder(
      {Dictionary::TextRun{texts.data(), hashes.data(), distinct}}, threads, entry_code.data());
  if (output->size() == 0) output->Intern("");  // code 0 stays valid for NULL rows

  const size_t rows = values.size();
  auto out = std::make_shared<Column>(Column::Make(DataType::String(), rows, true));
  out->dictionary = output;
  uint32_t* codes = out->codes.Wide();
  ParallelRanges(rows, threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const uint32_t code = values.codes[row];
      const bool is_null = values.IsNull(row) || !recognized[code];
      out->nulls.Set(row, is_null);
      codes[row] = is_null ? 0 : entry_code[code];
    }
  });
  if (!out->nulls.Any()) out->nulls.clear();  // as Materialize leaves a column without NULLs
  out->Narrow(threads);
  return out;
}

}  // namespace acctseg

#include "table/row_texts.h"

#include "common/parallel.h"

namespace acctseg {

Column TextColumnInRowOrder(size_t rows, size_t morsel, int threads,
                            const std::function<void(size_t, size_t, RowTexts&)>& fill) {
  // Each morsel hashes its own texts, so the dictionary is built on all
  // threads (nearly every account's reasons are distinct: ten million
  // texts to intern) and keeps the entries where they are.
  const size_t morsels = (rows + morsel - 1) / morsel;
  std::vector<RowTexts> texts(morsels);
  std::vector<uint64_t> hashes(rows);
  ParallelFor(morsels, threads, [&](size_t m) {
    const size_t begin = m * morsel, end = std::min(rows, begin + morsel);
    fill(begin, end, texts[m]);
    for (size_t row = begin; row < end; ++row)
      hashes[row] = Dictionary::Hash(texts[m].Text(row - begin));
  });
  std::vector<Dictionary::TextRun> runs;
  std::vector<std::unique_ptr<char[]>> blocks;
  for (size_t m = 0; m < morsels; ++m) {
    runs.push_back({nullptr, hashes.data() + m * morsel, texts[m].ends.size(), texts[m].bytes.get(),
                    texts[m].ends.data(), true});
    blocks.push_back(std::move(texts[m].bytes));
  }
  Column column = Column::Make(DataType::String(), rows, false);
  column.dictionary =
      Dictionary::AdoptInRowOrder(runs, std::move(blocks), threads, column.codes.Wide());
  column.Narrow(threads);
  return column;
}

}  // namespace acctseg

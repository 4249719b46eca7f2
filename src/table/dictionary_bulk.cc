// Dictionary::BuildInRowOrder: the dictionary of a column whose values are
// mostly distinct (ids), built on several threads.
//
// Interning such a column row by row misses cache on every probe once the
// table outgrows it. Instead the table is cut into ranges of slots that fit
// in L2; every row goes to the range of its home slot (a stable counting
// sort, so each range sees its rows in file order), and the ranges are
// filled in parallel. A row whose probe runs off the end of its range is
// put aside and inserted afterwards with an ordinary probe; linear probing
// stays correct because the ranges are only ever filled, never emptied.
// While building, a slot holds the first row with its text; codes are then
// numbered in order of first appearance, exactly as sequential interning
// would, so the result does not depend on the number of threads.
#include <algorithm>
#include <optional>

#include "common/parallel.h"
#include "table/dictionary.h"

namespace acctseg {
namespace {

// 2^16 slots of 4 bytes: 256 KB, a range's probes stay in L2.
constexpr int kRangeSlotsLog2 = 16;

// A row in hash order. The size lets most comparisons (a different size,
// or two empty texts) be decided without loading the text.
struct Item {
  uint64_t hash;
  uint32_t row;
  uint32_t size;
};

}  // namespace

std::shared_ptr<Dictionary> Dictionary::BuildInRowOrder(const std::vector<TextRun>& runs,
                                                        int threads, uint32_t* codes) {
  std::vector<size_t> first_row(runs.size() + 1, 0);
  for (size_t r = 0; r < runs.size(); ++r) first_row[r + 1] = first_row[r] + runs[r].count;
  const size_t rows = first_row.back();
  auto dictionary = std::make_shared<Dictionary>();
  dictionary->Reserve(rows);
  std::vector<uint32_t>& slots = dictionary->slots_;
  const uint64_t mask = dictionary->mask_;
  int shift = 0;
  while ((slots.size() >> shift) > (size_t{1} << kRangeSlotsLog2)) ++shift;
  const size_t ranges = slots.size() >> shift;

  // Rows grouped by the range of their home slot, in row order within one.
  std::vector<size_t> starts(ranges + 1, 0);
  for (const TextRun& run : runs)
    for (size_t i = 0; i < run.count; ++i) ++starts[((run.hashes[i] & mask) >> shift) + 1];
  for (size_t g = 0; g < ranges; ++g) starts[g + 1] += starts[g];
  std::vector<Item> items(rows);
  {
    std::vector<size_t> next(starts.begin(), starts.end() - 1);
    for (size_t r = 0; r < runs.size(); ++r)
      for (size_t i = 0; i < runs[r].count; ++i) {
        uint64_t hash = runs[r].hashes[i];
        items[next[(hash & mask) >> shift]++] =
            Item{hash, static_cast<uint32_t>(first_row[r] + i),
                 static_cast<uint32_t>(std::min<size_t>(runs[r].texts[i].size(), UINT32_MAX))};
      }
  }
  auto text_of = [&](const Item& item) {
    size_t run =
        std::upper_bound(first_row.begin(), first_row.end(), item.row) - first_row.begin() - 1;
    return runs[run].texts[item.row - first_row[run]];
  };

  // Finds the item's text from `slot` on, up to `limit`: true when found or
  // placed (codes[row] = first row with the text), false at the limit.
  auto probe = [&](uint32_t index, size_t slot, size_t limit, bool wrap) {
    const Item& item = items[index];
    // The text is loaded on the first equal hash only: a column of ids
    // rarely has one, and the load is a cache miss.
    std::optional<std::string_view> text;
    while (wrap || slot < limit) {
      if (wrap) slot &= mask;
      uint32_t held = slots[slot];
      if (held == 0) {
        slots[slot] = index + 1;
        codes[item.row] = item.row;
        return true;
      }
      const Item& other = items[held - 1];
      bool same = other.hash == item.hash && other.size == item.size;
      if (same && item.size > 0) {
        if (!text) text = text_of(item);
        same = SameText(text_of(other), *text);
      }
      if (same) {
        codes[item.row] = other.row;
        return true;
      }
      ++slot;
    }
    return false;
  };

  std::vector<std::vector<uint32_t>> spilled(ranges);
  ParallelFor(ranges, threads, [&](size_t g) {
    size_t limit = (g + 1) << shift;
    for (size_t i = starts[g]; i < starts[g + 1]; ++i)
      if (!probe(static_cast<uint32_t>(i), items[i].hash & mask, limit, false))
        spilled[g].push_back(static_cast<uint32_t>(i));
  });
  for (const std::vector<uint32_t>& range : spilled)
    for (uint32_t i : range) probe(i, items[i].hash & mask, 0, true);

  // Number the distinct texts in order of first appearance; a repeat's
  // first row is earlier, so its code is already final.
  uint32_t next_code = 0;
  dictionary->entries_.reserve(rows);
  dictionary->entry_hashes_.reserve(rows);
  for (size_t r = 0; r < runs.size(); ++r)
    for (size_t i = 0; i < runs[r].count; ++i) {
      size_t row = first_row[r] + i;
      if (codes[row] == row) {
        codes[row] = next_code++;
        dictionary->entries_.push_back(dictionary->Store(runs[r].texts[i]));
        dictionary->entry_hashes_.push_back(runs[r].hashes[i]);
      } else {
        codes[row] = codes[codes[row]];
      }
    }
  ParallelRanges(slots.size(), threads, size_t{1} << kRangeSlotsLog2,
                 [&](size_t begin, size_t end) {
                   for (size_t s = begin; s < end; ++s)
                     if (slots[s] != 0) slots[s] = codes[items[slots[s] - 1].row] + 1;
                 });
  return dictionary;
}

}  // namespace acctseg

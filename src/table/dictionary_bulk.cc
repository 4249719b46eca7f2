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
#include <cstring>

#include "common/parallel.h"
#include "table/dictionary.h"

namespace acctseg {
namespace {

// 2^16 slots of 4 bytes: 256 KB, a range's probes stay in L2.
constexpr int kRangeSlotsLog2 = 16;

// A row in hash order, with its size and first 16 bytes: texts that short
// (most ids and codes) compare without loading the text, a cache miss.
struct Item {
  uint64_t hash;
  uint64_t head[2];
  uint32_t row;
  uint32_t size;

  bool SameHead(const Item& other) const {
    return hash == other.hash && size == other.size && head[0] == other.head[0] &&
           head[1] == other.head[1];
  }
};

Item MakeItem(uint64_t hash, std::string_view text, size_t row) {
  Item item{hash,
            {0, 0},
            static_cast<uint32_t>(row),
            static_cast<uint32_t>(std::min<size_t>(text.size(), UINT32_MAX))};
  std::memcpy(item.head, text.data(), std::min<size_t>(text.size(), sizeof(item.head)));
  return item;
}

}  // namespace

std::shared_ptr<Dictionary> Dictionary::BuildInRowOrder(const std::vector<TextRun>& runs,
                                                        int threads, uint32_t* codes) {
  std::vector<size_t> first_row(runs.size() + 1, 0);
  for (size_t r = 0; r < runs.size(); ++r) first_row[r + 1] = first_row[r] + runs[r].count;
  const size_t rows = first_row.back();
  auto dictionary = std::make_shared<Dictionary>();
  if (rows == 0) return dictionary;
  dictionary->Reserve(rows);
  std::vector<uint32_t>& slots = dictionary->slots_;
  const uint64_t mask = dictionary->mask_;
  int shift = 0;
  while ((slots.size() >> shift) > (size_t{1} << kRangeSlotsLog2)) ++shift;
  const size_t ranges = slots.size() >> shift;

  // Rows grouped by the range of their home slot, in row order within one:
  // a counting sort, runs cut into slices that count and scatter in
  // parallel. Empty texts (the "no value" of sparse columns such as a
  // parent id) stay out: they would pile up in one range, and the numbering
  // below gives them their code directly.
  const size_t slices = std::min(runs.size(), static_cast<size_t>(std::max(threads, 1)) * 4);
  // Calls fn(run, index in run, row) for every row of a slice, in row order.
  auto for_each_row = [&](size_t slice, auto&& fn) {
    for (size_t r = runs.size() * slice / slices; r < runs.size() * (slice + 1) / slices; ++r)
      for (size_t i = 0; i < runs[r].count; ++i) fn(r, i, first_row[r] + i);
  };
  std::vector<size_t> offsets(slices * ranges, 0);  // per slice, per range
  ParallelFor(slices, threads, [&](size_t slice) {
    size_t* count = &offsets[slice * ranges];
    for_each_row(slice, [&](size_t r, size_t i, size_t) {
      if (!runs[r].texts[i].empty()) ++count[(runs[r].hashes[i] & mask) >> shift];
    });
  });
  std::vector<size_t> starts(ranges + 1, 0);
  for (size_t g = 0, total = 0; g < ranges; ++g) {
    starts[g] = total;
    for (size_t slice = 0; slice < slices; ++slice) {
      size_t count = offsets[slice * ranges + g];
      offsets[slice * ranges + g] = total;
      total += count;
    }
    starts[g + 1] = total;
  }
  std::vector<Item> items(starts[ranges]);
  ParallelFor(slices, threads, [&](size_t slice) {
    size_t* next = &offsets[slice * ranges];
    for_each_row(slice, [&](size_t r, size_t i, size_t row) {
      std::string_view text = runs[r].texts[i];
      if (text.empty()) return;
      uint64_t hash = runs[r].hashes[i];
      items[next[(hash & mask) >> shift]++] = MakeItem(hash, text, row);
    });
  });
  auto text_of = [&](const Item& item) {
    size_t run =
        std::upper_bound(first_row.begin(), first_row.end(), item.row) - first_row.begin() - 1;
    return runs[run].texts[item.row - first_row[run]];
  };

  // Finds the item's text from `slot` on, up to `limit`: true when found or
  // placed (codes[row] = first row with the text), false at the limit.
  auto probe = [&](uint32_t index, size_t slot, size_t limit, bool wrap) {
    const Item& item = items[index];
    while (wrap || slot < limit) {
      if (wrap) slot &= mask;
      uint32_t held = slots[slot];
      if (held == 0) {
        slots[slot] = index + 1;
        codes[item.row] = item.row;
        return true;
      }
      const Item& other = items[held - 1];
      bool same = item.SameHead(other);
      if (same && item.size > sizeof(item.head)) same = SameText(text_of(other), text_of(item));
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

  // Number the distinct texts in order of first appearance, in parallel
  // passes over the slices: find each slice's first rows (a row whose text
  // is new) and their bytes; give each slice its first code and its place
  // in one text block, and copy; then repeats take their first row's code.
  // Empty texts were left out of the table: the first empty row is the
  // first row of "" and every later one repeats it.
  std::vector<uint8_t> is_first(rows, 0);
  std::vector<size_t> slice_codes(slices + 1, 0), slice_bytes(slices + 1, 0);
  std::vector<size_t> slice_first_empty(slices, SIZE_MAX);
  ParallelFor(slices, threads, [&](size_t slice) {
    for_each_row(slice, [&](size_t r, size_t i, size_t row) {
      if (runs[r].texts[i].empty()) {
        slice_first_empty[slice] = std::min(slice_first_empty[slice], row);
      } else if (codes[row] == row) {
        is_first[row] = 1;
        ++slice_codes[slice + 1];
        slice_bytes[slice + 1] += runs[r].texts[i].size();
      }
    });
  });
  const size_t empty_slice = std::min_element(slice_first_empty.begin(), slice_first_empty.end()) -
                             slice_first_empty.begin();
  const size_t first_empty = slice_first_empty[empty_slice];
  if (first_empty != SIZE_MAX) {
    is_first[first_empty] = 1;
    ++slice_codes[empty_slice + 1];
  }
  for (size_t slice = 0; slice < slices; ++slice) {
    slice_codes[slice + 1] += slice_codes[slice];
    slice_bytes[slice + 1] += slice_bytes[slice];
  }
  dictionary->entries_.resize(slice_codes[slices]);
  dictionary->entry_hashes_.resize(slice_codes[slices]);
  char* text_block = nullptr;
  if (slice_bytes[slices] > 0) {
    dictionary->blocks_.push_back(std::make_unique<char[]>(slice_bytes[slices]));
    text_block = dictionary->blocks_.back().get();
    dictionary->block_size_ = dictionary->block_used_ = slice_bytes[slices];  // full
  }
  ParallelFor(slices, threads, [&](size_t slice) {
    uint32_t code = static_cast<uint32_t>(slice_codes[slice]);
    char* text_end = text_block + slice_bytes[slice];
    for_each_row(slice, [&](size_t r, size_t i, size_t row) {
      if (!is_first[row]) return;
      std::string_view text = runs[r].texts[i];
      if (!text.empty()) {
        std::memcpy(text_end, text.data(), text.size());
        dictionary->entries_[code] = std::string_view(text_end, text.size());
        text_end += text.size();
      }
      dictionary->entry_hashes_[code] = runs[r].hashes[i];
      codes[row] = code++;
    });
  });
  ParallelFor(slices, threads, [&](size_t slice) {
    for_each_row(slice, [&](size_t r, size_t i, size_t row) {
      if (!is_first[row])
        codes[row] = runs[r].texts[i].empty() ? codes[first_empty] : codes[codes[row]];
    });
  });
  ParallelRanges(slots.size(), threads, size_t{1} << kRangeSlotsLog2,
                 [&](size_t begin, size_t end) {
                   for (size_t s = begin; s < end; ++s)
                     if (slots[s] != 0) slots[s] = codes[items[slots[s] - 1].row] + 1;
                 });
  if (first_empty != SIZE_MAX) {  // placed last: no other entry equals ""
    size_t slot = dictionary->entry_hashes_[codes[first_empty]] & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = codes[first_empty] + 1;
  }
  return dictionary;
}

}  // namespace acctseg

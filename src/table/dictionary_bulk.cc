// Dictionary::BuildInRowOrder: the dictionary of a column whose values are
// mostly distinct (ids), built on several threads.
//
// Interning such a column row by row misses cache on every probe once the
// table outgrows it. Instead the table is cut into ranges of slots; every
// row goes to the range of its home slot (a stable counting sort, so each
// range sees its rows in file order), and the ranges are filled in
// parallel, each walking its slots in order instead of at random. A row
// whose probe runs off the end of its range is put aside and inserted
// afterwards with an ordinary probe; linear probing stays correct because
// the ranges are only ever filled, never emptied.
// While building, a slot holds the first row with its text; codes are then
// numbered in order of first appearance, exactly as sequential interning
// would, so the result does not depend on the number of threads.
//
// The phases, in order: GroupByRange, InsertByRange, FindFirstRows, then
// BuildInRowOrder numbers the texts and gives every row and slot its code.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "common/parallel.h"
#include "table/dictionary.h"

namespace acctseg {
namespace {

// At most 2^16 ranges: the counting sort keeps a count per slice and range.
constexpr int kRangeSlotsLog2 = 16;

// A row in hash order: its first 16 bytes, its size and where in its range
// its home slot is. Texts up to 16 bytes (most ids and codes) compare
// without loading the text, a cache miss; no hash is kept, since the head
// decides those and a longer text is compared in full anyway. 24 bytes a
// row: at 50M rows every byte here is 50 MB of fresh memory.
struct Item {
  uint64_t head[2];
  uint32_t row;
  uint16_t home;  // home slot - first slot of its range (SlotRanges keeps ranges <= 2^16)
  uint16_t size;  // kLongText for any text that long or longer

  static constexpr uint16_t kLongText = UINT16_MAX;

  bool SameHead(const Item& other) const {
    return size == other.size && head[0] == other.head[0] && head[1] == other.head[1];
  }
};
static_assert(sizeof(Item) == 24);

Item MakeItem(uint64_t home, std::string_view text, size_t row) {
  Item item{{0, 0},
            static_cast<uint32_t>(row),
            static_cast<uint16_t>(home),
            static_cast<uint16_t>(std::min<size_t>(text.size(), Item::kLongText))};
  std::memcpy(item.head, text.data(), std::min<size_t>(text.size(), sizeof(item.head)));
  return item;
}

using TextRun = Dictionary::TextRun;

// The input rows: the runs numbered consecutively, cut into slices (whole
// runs) that parallel passes walk in row order.
struct RowSource {
  RowSource(const std::vector<TextRun>& runs, int threads)
      : runs(runs),
        first_row(runs.size() + 1, 0),
        slices(std::min(runs.size(), static_cast<size_t>(std::max(threads, 1)) * 4)) {
    for (size_t r = 0; r < runs.size(); ++r) first_row[r + 1] = first_row[r] + runs[r].count;
  }

  size_t rows() const { return first_row.back(); }

  // Calls fn(run, index in run, row) for every row of a slice, in row order.
  template <typename Fn>
  void ForEachRow(size_t slice, Fn&& fn) const {
    for (size_t r = runs.size() * slice / slices; r < runs.size() * (slice + 1) / slices; ++r)
      for (size_t i = 0; i < runs[r].count; ++i) fn(r, i, first_row[r] + i);
  }

  std::string_view TextOfRow(size_t row) const {
    size_t run = std::upper_bound(first_row.begin(), first_row.end(), row) - first_row.begin() - 1;
    return runs[run].Text(row - first_row[run]);
  }

  const std::vector<TextRun>& runs;
  std::vector<size_t> first_row;  // of each run, then the row count
  size_t slices;
};

// The table cut into `count` ranges of 2^shift slots: at most
// 2^kRangeSlotsLog2 ranges (which bounds the counting sort's tables), so a
// range grows with the table (512 slots of a 2^25-slot table).
struct SlotRanges {
  explicit SlotRanges(size_t slots) {
    while ((slots >> shift) > (size_t{1} << kRangeSlotsLog2)) ++shift;
    count = slots >> shift;
    // Item::home holds an offset within a range in 16 bits, which holds
    // up to 2^32 slots: twice what 32-bit codes can ever fill.
    if (shift > 16) throw Error(ErrorKind::kInput, "more distinct values than a column can hold");
  }
  uint64_t offset_mask() const { return (uint64_t{1} << shift) - 1; }
  int shift = 0;
  size_t count = 0;
};

// Phase 1: the non-empty rows as Items grouped by the range of their home
// slot, in row order within one (a counting sort: slices count, then
// scatter to their own offsets). starts[g] is range g's first item. Empty
// texts (the "no value" of sparse columns such as a parent id) stay out:
// they would pile up in one range, and the numbering gives them their code
// directly.
// Left uninitialized: zeroing it first would cost more than the scatter
// that fills it (fresh pages are zeroed by the kernel).
std::unique_ptr<Item[]> GroupByRange(const RowSource& source, uint64_t mask,
                                     const SlotRanges& ranges, int threads,
                                     std::vector<size_t>& starts) {
  const size_t slices = source.slices, count = ranges.count;
  const auto& runs = source.runs;
  std::vector<size_t> offsets(slices * count, 0);  // per slice, per range
  ParallelFor(slices, threads, [&](size_t slice) {
    size_t* counts = &offsets[slice * count];
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t) {
      if (!runs[r].Empty(i)) ++counts[(runs[r].hashes[i] & mask) >> ranges.shift];
    });
  });
  starts.assign(count + 1, 0);
  for (size_t g = 0, total = 0; g < count; ++g) {
    starts[g] = total;
    for (size_t slice = 0; slice < slices; ++slice) {
      size_t n = offsets[slice * count + g];
      offsets[slice * count + g] = total;
      total += n;
    }
    starts[g + 1] = total;
  }
  auto items = std::make_unique_for_overwrite<Item[]>(starts[count]);
  ParallelFor(slices, threads, [&](size_t slice) {
    size_t* next = &offsets[slice * count];
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      std::string_view text = runs[r].Text(i);
      if (text.empty()) return;
      uint64_t slot = runs[r].hashes[i] & mask;
      items[next[slot >> ranges.shift]++] = MakeItem(slot & ranges.offset_mask(), text, row);
    });
  });
  return items;
}

// Phase 2: the items into the table, the ranges in parallel, then the
// spilled ones with an ordinary probe. A slot holds item index + 1;
// codes[row] becomes the first row with the row's text. The table was sized
// from an estimate of the distinct texts: false when it fills past
// kMaxFill (the estimate was far off), so the caller retries with more slots.
constexpr double kMaxFill = 0.9;
bool InsertByRange(const RowSource& source, const Item* items, const std::vector<size_t>& starts,
                   const SlotRanges& ranges, uint64_t mask, int threads,
                   std::vector<uint32_t>& slots, uint32_t* codes) {
  // Finds the item's text from `slot` on, up to `limit`: true when found or
  // placed (`placed` counts the slots it fills), false at the limit.
  auto probe = [&](uint32_t index, size_t slot, size_t limit, bool wrap, size_t& placed) {
    const Item& item = items[index];
    while (wrap || slot < limit) {
      if (wrap) slot &= mask;
      uint32_t held = slots[slot];
      if (held == 0) {
        slots[slot] = index + 1;
        codes[item.row] = item.row;
        ++placed;
        return true;
      }
      const Item& other = items[held - 1];
      bool same = item.SameHead(other);
      if (same && item.size > sizeof(item.head))
        same = SameText(source.TextOfRow(other.row), source.TextOfRow(item.row));
      if (same) {
        codes[item.row] = other.row;
        return true;
      }
      ++slot;
    }
    return false;
  };
  std::vector<std::vector<uint32_t>> spilled(ranges.count);
  std::vector<size_t> filled(ranges.count, 0);
  ParallelFor(ranges.count, threads, [&](size_t g) {
    size_t limit = (g + 1) << ranges.shift;
    for (size_t i = starts[g]; i < starts[g + 1]; ++i)
      if (!probe(static_cast<uint32_t>(i), (g << ranges.shift) + items[i].home, limit, false,
                 filled[g]))
        spilled[g].push_back(static_cast<uint32_t>(i));
  });
  size_t placed = 0;
  for (size_t n : filled) placed += n;
  const size_t most = static_cast<size_t>(static_cast<double>(slots.size()) * kMaxFill);
  for (size_t g = 0; g < ranges.count; ++g)
    for (uint32_t i : spilled[g]) {
      if (placed >= most) return false;  // before a wrapping probe could find no free slot
      probe(i, (g << ranges.shift) + items[i].home, 0, true, placed);
    }
  return placed <= most;
}

// About how many distinct non-empty texts the rows hold: a HyperLogLog of
// their hashes (2^12 registers, about 1.6% standard error), so the table is
// sized for the distinct texts, not for every row (ids in a related table
// repeat: 50M opportunities name 10M accounts).
size_t EstimateDistinct(const RowSource& source, int threads) {
  constexpr int kIndexBits = 12;
  constexpr size_t kRegisters = size_t{1} << kIndexBits;
  std::vector<std::vector<uint8_t>> registers(source.slices, std::vector<uint8_t>(kRegisters, 0));
  ParallelFor(source.slices, threads, [&](size_t slice) {
    uint8_t* own = registers[slice].data();
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t) {
      if (source.runs[r].Empty(i)) return;
      uint64_t hash = source.runs[r].hashes[i];
      uint64_t rest = (hash << kIndexBits) | (uint64_t{1} << (kIndexBits - 1));
      uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
      uint8_t& held = own[hash >> (64 - kIndexBits)];
      held = std::max(held, rank);
    });
  });
  double sum = 0;
  size_t zeros = 0;
  for (size_t j = 0; j < kRegisters; ++j) {
    uint8_t most = 0;
    for (const std::vector<uint8_t>& own : registers) most = std::max(most, own[j]);
    sum += std::ldexp(1.0, -most);
    zeros += most == 0;
  }
  const double m = static_cast<double>(kRegisters);
  double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
  return static_cast<size_t>(estimate);
}

// The rows whose text is new, and where each slice's codes and bytes start.
struct FirstRows {
  std::vector<uint8_t> is_first;    // per row
  std::vector<size_t> slice_codes;  // first code of each slice, then the total
  std::vector<size_t> slice_bytes;  // first byte of each slice's texts, then the total
  size_t first_empty = SIZE_MAX;    // the first row of "", if any
};

// Phase 3: find each slice's first rows (codes[row] == row after phase 2)
// and their bytes, and sum them up over the slices. Empty texts were left
// out of the table: the first empty row is the first row of "".
FirstRows FindFirstRows(const RowSource& source, const uint32_t* codes, int threads) {
  const size_t slices = source.slices;
  FirstRows first{std::vector<uint8_t>(source.rows(), 0), std::vector<size_t>(slices + 1, 0),
                  std::vector<size_t>(slices + 1, 0)};
  std::vector<size_t> slice_first_empty(slices, SIZE_MAX);
  ParallelFor(slices, threads, [&](size_t slice) {
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      if (source.runs[r].Empty(i)) {
        slice_first_empty[slice] = std::min(slice_first_empty[slice], row);
      } else if (codes[row] == row) {
        first.is_first[row] = 1;
        ++first.slice_codes[slice + 1];
        first.slice_bytes[slice + 1] += source.runs[r].Text(i).size();
      }
    });
  });
  const size_t empty_slice = std::min_element(slice_first_empty.begin(), slice_first_empty.end()) -
                             slice_first_empty.begin();
  first.first_empty = slice_first_empty[empty_slice];
  if (first.first_empty != SIZE_MAX) {
    first.is_first[first.first_empty] = 1;
    ++first.slice_codes[empty_slice + 1];
  }
  for (size_t slice = 0; slice < slices; ++slice) {
    first.slice_codes[slice + 1] += first.slice_codes[slice];
    first.slice_bytes[slice + 1] += first.slice_bytes[slice];
  }
  return first;
}

}  // namespace

std::shared_ptr<Dictionary> Dictionary::BuildInRowOrder(const std::vector<TextRun>& runs,
                                                        int threads, uint32_t* codes) {
  const RowSource source(runs, threads);
  auto dictionary = std::make_shared<Dictionary>();
  if (source.rows() == 0) return dictionary;
  // Room for the distinct texts at half load (a Dictionary's invariant), with
  // a margin for the estimate's error; small inputs size for every row.
  constexpr size_t kEstimateAbove = size_t{1} << 16;
  size_t expected = source.rows() <= kEstimateAbove
                        ? source.rows()
                        : std::min(source.rows(), EstimateDistinct(source, threads) * 11 / 10 + 16);
  size_t slot_count = 16;
  while (slot_count < expected * 2) slot_count *= 2;
  std::vector<uint32_t>& slots = dictionary->slots_;
  std::vector<size_t> starts;
  std::unique_ptr<Item[]> items;
  for (;; slot_count *= 2) {
    slots.assign(slot_count, 0);
    dictionary->mask_ = slot_count - 1;
    const SlotRanges ranges(slot_count);
    items = GroupByRange(source, dictionary->mask_, ranges, threads, starts);
    if (InsertByRange(source, items.get(), starts, ranges, dictionary->mask_, threads, slots,
                      codes))
      break;
  }
  const uint64_t mask = dictionary->mask_;
  // Slots now name their first row, not an item: the items (24 bytes a row)
  // go before the phases below allocate, which then reuse their pages.
  ParallelRanges(slots.size(), threads, size_t{1} << kRangeSlotsLog2,
                 [&](size_t begin, size_t end) {
                   for (size_t s = begin; s < end; ++s)
                     if (slots[s] != 0) slots[s] = items[slots[s] - 1].row + 1;
                 });
  items.reset();
  const FirstRows first = FindFirstRows(source, codes, threads);

  // Phase 4: number the distinct texts in order of first appearance: each
  // slice gives its first rows consecutive codes from its first code and
  // copies their texts to its place in one block.
  const size_t entries = first.slice_codes[source.slices];
  const size_t bytes = first.slice_bytes[source.slices];
  dictionary->entries_.resize(entries);
  dictionary->entry_hashes_.resize(entries);
  char* text_block = nullptr;
  if (bytes > 0) {
    dictionary->blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
    text_block = dictionary->blocks_.back().get();
    dictionary->block_size_ = dictionary->block_used_ = bytes;  // full
  }
  ParallelFor(source.slices, threads, [&](size_t slice) {
    uint32_t code = static_cast<uint32_t>(first.slice_codes[slice]);
    char* text_end = text_block + first.slice_bytes[slice];
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      if (!first.is_first[row]) return;
      std::string_view text = runs[r].Text(i);
      if (!text.empty()) {
        std::memcpy(text_end, text.data(), text.size());
        dictionary->entries_[code] = std::string_view(text_end, text.size());
        text_end += text.size();
      }
      dictionary->entry_hashes_[code] = runs[r].hashes[i];
      codes[row] = code++;
    });
  });

  // Phase 5: repeats take their first row's code (every empty row that of
  // the first empty one), and table slots turn from first rows into codes.
  ParallelFor(source.slices, threads, [&](size_t slice) {
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      if (!first.is_first[row])
        codes[row] = runs[r].Empty(i) ? codes[first.first_empty] : codes[codes[row]];
    });
  });
  ParallelRanges(slots.size(), threads, size_t{1} << kRangeSlotsLog2,
                 [&](size_t begin, size_t end) {
                   for (size_t s = begin; s < end; ++s)
                     if (slots[s] != 0) slots[s] = codes[slots[s] - 1] + 1;
                 });
  if (first.first_empty != SIZE_MAX) {  // placed last: no other entry equals ""
    size_t slot = dictionary->entry_hashes_[codes[first.first_empty]] & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = codes[first.first_empty] + 1;
  }
  // An estimate below the truth leaves the table fuller than half: restore
  // the invariant that Intern and Find rely on for short probes.
  while (dictionary->entries_.size() * 2 > slots.size()) dictionary->Grow();
  return dictionary;
}

}  // namespace acctseg

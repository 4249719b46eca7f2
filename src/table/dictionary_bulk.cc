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
// the ranges are only ever filled, never emptied. The ranges are filled in
// waves of a bounded number of rows, so the rows' working items (24 bytes
// each) never all need memory at once.
// Once its wave is done, a slot holds the first row with its text; codes
// are then numbered in order of first appearance, exactly as sequential
// interning would, so the result does not depend on the number of threads
// or waves.
//
// The phases, in order: CountByRange; per wave ScatterWave and InsertWave;
// InsertSpilled; FindFirstRows; then BuildInRowOrder numbers the texts and
// gives every row and slot its code.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "common/error.h"
#include "common/parallel.h"
#include "table/dictionary.h"

namespace acctseg {
namespace {

// At most 2^16 ranges: the counting sort keeps a count per slice and range.
constexpr int kRangeSlotsLog2 = 16;

// A row in hash order: its first 16 bytes, its size, where in its range
// its home slot is and its slot's tag. Texts up to 16 bytes (most ids and
// codes) compare without loading the text, a cache miss; no hash is kept,
// since the head decides those and a longer text is compared in full
// anyway. 24 bytes a row: at 50M rows every byte here is 50 MB of fresh
// memory.
struct Item {
  uint64_t head[2];
  uint32_t row;
  uint16_t home;  // home slot - first slot of its range (SlotRanges keeps ranges <= 2^16)
  uint8_t size;   // kLongText for any text that long or longer
  uint8_t tag;    // the hash's top byte (Dictionary::kTagBits)

  static constexpr uint8_t kLongText = UINT8_MAX;

  bool SameHead(const Item& other) const {
    return size == other.size && head[0] == other.head[0] && head[1] == other.head[1];
  }
};
static_assert(sizeof(Item) == 24);

// The top byte of a hash: what a slot's tag is made of.
uint8_t TagByte(uint64_t hash) { return static_cast<uint8_t>(hash >> 56); }

Item MakeItem(uint64_t home, std::string_view text, size_t row, uint64_t hash) {
  Item item{{0, 0},
            static_cast<uint32_t>(row),
            static_cast<uint16_t>(home),
            static_cast<uint8_t>(std::min<size_t>(text.size(), Item::kLongText)),
            TagByte(hash)};
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
    size_t run = RunOfRow(row);
    return runs[run].Text(row - first_row[run]);
  }
  uint64_t HashOfRow(size_t row) const {
    size_t run = RunOfRow(row);
    return runs[run].hashes[row - first_row[run]];
  }
  size_t RunOfRow(size_t row) const {
    return std::upper_bound(first_row.begin(), first_row.end(), row) - first_row.begin() - 1;
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

// Phase 1: how many non-empty rows each slice has for each range (a
// counting sort: next[slice * count + g] becomes where that slice's first
// item of range g goes), and where each range's items start. Empty texts
// (the "no value" of sparse columns such as a parent id) stay out: they
// would pile up in one range, and the numbering gives them their code
// directly.
struct RangeCounts {
  std::vector<size_t> next;    // per slice, per range
  std::vector<size_t> starts;  // per range, then the total
};

RangeCounts CountByRange(const RowSource& source, uint64_t mask, const SlotRanges& ranges,
                         int threads) {
  const size_t slices = source.slices, count = ranges.count;
  const auto& runs = source.runs;
  RangeCounts counts{std::vector<size_t>(slices * count, 0), std::vector<size_t>(count + 1, 0)};
  ParallelFor(slices, threads, [&](size_t slice) {
    size_t* own = &counts.next[slice * count];
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t) {
      if (!runs[r].Empty(i)) ++own[(runs[r].hashes[i] & mask) >> ranges.shift];
    });
  });
  for (size_t g = 0, total = 0; g < count; ++g) {
    counts.starts[g] = total;
    for (size_t slice = 0; slice < slices; ++slice) {
      size_t n = counts.next[slice * count + g];
      counts.next[slice * count + g] = total;
      total += n;
    }
    counts.starts[g + 1] = total;
  }
  return counts;
}

// A wave: the ranges [first, last), whose items are in memory together.
// Items are 24 bytes a row, so a column of 50M rows would need 1.2 GB of
// them at once; in waves of at most kWaveItems they need a quarter of
// that, reused from wave to wave, for one more pass over the rows' hashes
// per wave.

struct Wave {
  size_t first, last;
};

std::vector<Wave> CutIntoWaves(const std::vector<size_t>& starts, size_t wave_items) {
  std::vector<Wave> waves;
  const size_t count = starts.size() - 1;
  for (size_t first = 0; first < count;) {
    size_t last = first + 1;
    while (last < count && starts[last + 1] - starts[first] <= wave_items) ++last;
    waves.push_back({first, last});
    first = last;
  }
  return waves;
}

// The items of a wave's ranges, grouped by range in row order within one,
// to items[starts[g] - starts[wave.first] ...]. Each slice scatters to its
// own offsets (`next`, advanced). Every item is written: left
// uninitialized by the caller (zeroing fresh pages first would cost more
// than the scatter).
void ScatterWave(const RowSource& source, uint64_t mask, const SlotRanges& ranges, Wave wave,
                 RangeCounts& counts, int threads, Item* items) {
  const size_t count = ranges.count, base = counts.starts[wave.first];
  const auto& runs = source.runs;
  ParallelFor(source.slices, threads, [&](size_t slice) {
    size_t* next = &counts.next[slice * count];
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      const uint64_t slot = runs[r].hashes[i] & mask;
      const size_t g = slot >> ranges.shift;
      if (g < wave.first || g >= wave.last) return;
      std::string_view text = runs[r].Text(i);
      if (text.empty()) return;
      items[next[g]++ - base] = MakeItem(slot & ranges.offset_mask(), text, row, runs[r].hashes[i]);
    });
  });
}

// What a slot holds from the end of its wave until phase 5 turns it into
// a code: its first row + 1 in the bits a code will take, and the tag in
// the bits it will keep (Dictionary::TagOf) — both fit whenever the rows
// number fewer than the code bits can count, as an id column's always do,
// the table having twice as many slots as distinct texts. A column whose
// rows repeat more than that keeps the tags beside, a byte a slot, until
// phase 5 (at 10M ids those 32 MB of fresh memory would add ~8% to the
// build).
class HeldRows {
 public:
  // `tag_mask`: the slot bits the dictionary's tags take at its size.
  // Rows from `slot_rows` on keep the tags beside too (tests).
  HeldRows(uint32_t tag_mask, size_t rows, size_t slots, size_t slot_rows) : tag_mask_(tag_mask) {
    // The lowest tag bit's value: rows + 1 must stay below it.
    const uint64_t row_limit = tag_mask_ == 0 ? UINT32_MAX : tag_mask_ & (0 - tag_mask_);
    packed_ = rows < std::min<uint64_t>(row_limit, slot_rows);
    if (!packed_) tags_ = std::make_unique_for_overwrite<uint8_t[]>(slots);
  }
  // The slot's value for `row` with the tag of `tag_byte` (an Item's).
  uint32_t Hold(size_t slot, uint32_t row, uint8_t tag_byte) {
    if (packed_) return (row + 1) | TagOf(tag_byte);
    tags_[slot] = tag_byte;
    return row + 1;
  }
  uint32_t Row(uint32_t held) const { return (packed_ ? held & ~tag_mask_ : held) - 1; }
  // The tag as it sits in a finished slot.
  uint32_t Tag(size_t slot, uint32_t held) const {
    return packed_ ? held & tag_mask_ : TagOf(tags_[slot]);
  }

 private:
  // As Dictionary::TagOf of a hash whose top byte is `tag_byte`.
  uint32_t TagOf(uint8_t tag_byte) const { return (uint32_t{tag_byte} << 24) & tag_mask_; }
  uint32_t tag_mask_;
  bool packed_ = false;
  std::unique_ptr<uint8_t[]> tags_;
};

// Phase 2, one wave: its items into their ranges' slots, the ranges in
// parallel, each probe staying inside its range. A slot holds item index +
// 1 while its wave runs, then its first row and tag (`held`; so the next
// wave can reuse the items' memory); codes[row] becomes the first row with
// the row's text. A probe that runs off the end of its range is put aside
// in `spilled` (in range order), inserted when every wave is done. Returns
// the slots filled.
size_t InsertWave(const Item* items, const RangeCounts& counts, const SlotRanges& ranges, Wave wave,
                  const RowSource& source, int threads, UnwrittenVector<uint32_t>& slots,
                  HeldRows& held_rows, uint32_t* codes, std::vector<Item>& spilled) {
  const size_t base = counts.starts[wave.first];
  std::vector<std::vector<Item>> spilled_by_range(wave.last - wave.first);
  std::vector<size_t> filled(wave.last - wave.first, 0);
  ParallelFor(wave.last - wave.first, threads, [&](size_t w) {
    const size_t g = wave.first + w, limit = (g + 1) << ranges.shift;
    for (size_t index = counts.starts[g] - base; index < counts.starts[g + 1] - base; ++index) {
      const Item& item = items[index];
      size_t slot = (g << ranges.shift) + item.home;
      for (; slot < limit; ++slot) {
        const uint32_t held = slots[slot];
        if (held == 0) {
          slots[slot] = static_cast<uint32_t>(index + 1);
          codes[item.row] = item.row;
          ++filled[w];
          break;
        }
        const Item& other = items[held - 1];
        bool same = item.SameHead(other);
        if (same && item.size > sizeof(item.head))
          same = SameText(source.TextOfRow(other.row), source.TextOfRow(item.row));
        if (same) {
          codes[item.row] = other.row;
          break;
        }
      }
      if (slot == limit) spilled_by_range[w].push_back(item);
    }
    for (size_t s = g << ranges.shift; s < limit; ++s) {
      if (slots[s] == 0) continue;
      const Item& item = items[slots[s] - 1];
      slots[s] = held_rows.Hold(s, item.row, item.tag);
    }
  });
  for (const std::vector<Item>& own : spilled_by_range)
    spilled.insert(spilled.end(), own.begin(), own.end());
  size_t placed = 0;
  for (size_t n : filled) placed += n;
  return placed;
}

// Phase 2, last: the spilled items with an ordinary probe that wraps
// around the table; slots hold first rows by now. False when the table
// fills past kMaxFill (its size came from an estimate, which was far off),
// so the caller retries with more slots.
constexpr double kMaxFill = 0.9;
bool InsertSpilled(const std::vector<Item>& spilled, const RowSource& source, uint64_t mask,
                   size_t placed, UnwrittenVector<uint32_t>& slots, HeldRows& held_rows,
                   uint32_t* codes) {
  const size_t most = static_cast<size_t>(static_cast<double>(slots.size()) * kMaxFill);
  for (const Item& item : spilled) {
    if (placed >= most) return false;  // before a wrapping probe could find no free slot
    const std::string_view text = source.TextOfRow(item.row);
    const uint64_t hash = source.HashOfRow(item.row);
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const uint32_t held = slots[slot];
      if (held == 0) {
        slots[slot] = held_rows.Hold(slot, item.row, item.tag);
        codes[item.row] = item.row;
        ++placed;
        break;
      }
      const uint32_t row = held_rows.Row(held);
      if (source.HashOfRow(row) == hash && SameText(source.TextOfRow(row), text)) {
        codes[item.row] = row;
        break;
      }
    }
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
  std::vector<size_t> slice_bytes;  // first byte of each slice's entries, then the total
  size_t first_empty = SIZE_MAX;    // the first row of "", if any
};

// Phase 3: find each slice's first rows (codes[row] == row after phase 2)
// and their entries' bytes, and sum them up over the slices. Empty texts were left
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
        const size_t size = source.runs[r].Text(i).size();
        first.slice_bytes[slice + 1] += dictionary_entry::LengthBytes(size) + size;
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
                                                        int threads, uint32_t* codes,
                                                        size_t wave_items, size_t slot_rows) {
  return Build(runs, threads, codes, wave_items, slot_rows, nullptr);
}

std::shared_ptr<Dictionary> Dictionary::AdoptInRowOrder(const std::vector<TextRun>& runs,
                                                        std::vector<std::unique_ptr<char[]>> blocks,
                                                        int threads, uint32_t* codes) {
  for (const TextRun& run : runs)
    if (run.texts || !run.entries)
      throw std::invalid_argument("AdoptInRowOrder takes runs of entries only");
  return Build(runs, threads, codes, kWaveItems, kSlotRows, &blocks);
}

std::shared_ptr<Dictionary> Dictionary::Build(const std::vector<TextRun>& runs, int threads,
                                              uint32_t* codes, size_t wave_items, size_t slot_rows,
                                              std::vector<std::unique_ptr<char[]>>* blocks) {
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
  UnwrittenVector<uint32_t>& slots = dictionary->slots_;
  std::unique_ptr<HeldRows> held_rows;
  for (;; slot_count *= 2) {
    dictionary->ResetSlots(slot_count, threads);
    held_rows =
        std::make_unique<HeldRows>(dictionary->tag_mask_, source.rows(), slot_count, slot_rows);
    const SlotRanges ranges(slot_count);
    RangeCounts counts = CountByRange(source, dictionary->mask_, ranges, threads);
    const std::vector<Wave> waves = CutIntoWaves(counts.starts, wave_items);
    size_t largest = 0;
    for (const Wave& wave : waves)
      largest = std::max(largest, counts.starts[wave.last] - counts.starts[wave.first]);
    auto items = std::make_unique_for_overwrite<Item[]>(largest);
    std::vector<Item> spilled;
    size_t placed = 0;
    for (const Wave& wave : waves) {
      ScatterWave(source, dictionary->mask_, ranges, wave, counts, threads, items.get());
      placed += InsertWave(items.get(), counts, ranges, wave, source, threads, slots, *held_rows,
                           codes, spilled);
    }
    // The items go before the phases below allocate, which then reuse
    // their pages.
    items.reset();
    if (InsertSpilled(spilled, source, dictionary->mask_, placed, slots, *held_rows, codes)) break;
  }
  const uint64_t mask = dictionary->mask_;
  const FirstRows first = FindFirstRows(source, codes, threads);

  // Phase 4: number the distinct texts in order of first appearance: each
  // slice gives its first rows consecutive codes from its first code and
  // writes their entries to its place in one block (or, adopting, points
  // at the rows' own entries).
  const size_t entries = first.slice_codes[source.slices];
  const size_t bytes = blocks ? 0 : first.slice_bytes[source.slices];
  dictionary->entries_.resize(entries);
  char* text_block = nullptr;
  if (blocks) {
    for (std::unique_ptr<char[]>& block : *blocks) dictionary->blocks_.push_back(std::move(block));
    dictionary->block_size_ = dictionary->block_used_ = 0;  // the next Intern starts a block
  } else if (bytes > 0) {
    dictionary->blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
    text_block = dictionary->blocks_.back().get();
    dictionary->block_size_ = dictionary->block_used_ = bytes;  // full
  }
  ParallelFor(source.slices, threads, [&](size_t slice) {
    uint32_t code = static_cast<uint32_t>(first.slice_codes[slice]);
    // Adopting, there is no block of the dictionary's own to write into.
    char* text_end = text_block ? text_block + first.slice_bytes[slice] : nullptr;
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      if (!first.is_first[row]) return;
      std::string_view text = runs[r].Text(i);
      if (text.empty()) {
        dictionary->entries_[code] = dictionary_entry::kEmpty;
      } else if (blocks) {
        dictionary->entries_[code] = runs[r].Entry(i);
      } else {
        dictionary->entries_[code] = text_end;
        text_end = dictionary_entry::Put(text, text_end);
      }
      codes[row] = code++;
    });
  });

  // Phase 5: repeats take their first row's code (every empty row that of
  // the first empty one), and table slots turn from first rows into codes
  // with their tags.
  ParallelFor(source.slices, threads, [&](size_t slice) {
    source.ForEachRow(slice, [&](size_t r, size_t i, size_t row) {
      if (!first.is_first[row])
        codes[row] = runs[r].Empty(i) ? codes[first.first_empty] : codes[codes[row]];
    });
  });
  ParallelRanges(slots.size(), threads, size_t{1} << kRangeSlotsLog2,
                 [&](size_t begin, size_t end) {
                   for (size_t s = begin; s < end; ++s) {
                     const uint32_t held = slots[s];
                     if (held == 0) continue;
                     slots[s] = (codes[held_rows->Row(held)] + 1) | held_rows->Tag(s, held);
                   }
                 });
  held_rows.reset();
  if (first.first_empty != SIZE_MAX) {  // placed last: no other entry equals ""
    const uint64_t hash = Hash(std::string_view());
    size_t slot = hash & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = (codes[first.first_empty] + 1) | dictionary->TagOf(hash);
  }
  // An estimate below the truth leaves the table fuller than half: restore
  // the invariant that Intern and Find rely on for short probes.
  while (dictionary->entries_.size() * 2 > slots.size()) dictionary->Grow();
  return dictionary;
}

}  // namespace acctseg

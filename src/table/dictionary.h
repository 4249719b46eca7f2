// A dictionary: the distinct strings of a column, each with a dense code
// (0, 1, 2, ... in order of first insertion). String columns hold codes; the
// text lives once here. Intern is not thread-safe: parallel readers build
// one dictionary per chunk and merge them (see io/csv_reader.cc).
// Once built, a dictionary is immutable and may be read from any thread.
//
// An entry costs its text, a length byte (more for texts of 128 bytes or
// longer), an 8-byte pointer and its hash table slots: an id column of 100M
// accounts has 100M entries, so every byte an entry is 100 MB of the run
// (docs/architecture.md, "Compact dictionaries"). No hash is kept per entry;
// instead each slot of the hash table carries a tag, 8 bits of the text's
// hash in the bits its code leaves free, and a probe follows the entry's
// pointer to compare the text only where the tag agrees: a slot another
// text holds is passed over without the two cache misses (entry, text)
// that would cost.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/fresh_memory.h"
#include "table/dictionary_entry.h"

namespace acctseg {

// Byte equality of two texts, inline for the short texts dictionaries hold
// (codes, names, ids): two overlapping 8-byte loads decide 8 to 16 bytes
// without a call to memcmp.
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t n = a.size();
  if (n >= 8 && n <= 16) {
    uint64_t a1, a2, b1, b2;
    std::memcpy(&a1, a.data(), 8);
    std::memcpy(&b1, b.data(), 8);
    std::memcpy(&a2, a.data() + n - 8, 8);
    std::memcpy(&b2, b.data() + n - 8, 8);
    return a1 == b1 && a2 == b2;
  }
  if (n < 8) {
    for (size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  return std::memcmp(a.data(), b.data(), n) == 0;
}

class Dictionary {
 public:
  Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  // Code of `text`, adding it if new. The returned code is stable.
  uint32_t Intern(std::string_view text);
  // Code of `text` if present.
  std::optional<uint32_t> Find(std::string_view text) const;

  std::string_view Get(uint32_t code) const { return dictionary_entry::Text(entries_[code]); }
  // Looks up entries [begin, end) of `other` here: out[c - begin] is the
  // code of other's entry c, or UINT32_MAX where this dictionary lacks it.
  // The lookups are prefetched ahead, since in a big dictionary each is a
  // chain of cache misses (slot, entry, text) that would otherwise follow
  // one another.
  void FindEntriesOf(const Dictionary& other, size_t begin, size_t end, uint32_t* out) const;
  // The same for `count` texts: out[i] is the code of texts[i], or UINT32_MAX.
  void FindMany(const std::string_view* texts, size_t count, uint32_t* out) const;
  size_t size() const { return entries_.size(); }
  void Reserve(size_t entries);
  // Room for `entries` entries in the list of entries alone (the hash table
  // grows when it must): interning up to them copies no list.
  void ReserveEntries(size_t entries) { entries_.reserve(entries); }

  // `source` as it is now, for another thread to read while `source` goes
  // on interning: a copy of its entries and hash table that shares its
  // text, which never moves (and is kept alive with `source`). Costs 8
  // bytes an entry and 4 a slot, not the text: a snapshot of a live id
  // column of 1M accounts copies 16 MB instead of re-interning 1M texts.
  static std::shared_ptr<const Dictionary> Frozen(std::shared_ptr<const Dictionary> source);
  // Frozen into `into`, a frozen copy taken before that nothing reads any
  // more (nor interns into): its arrays are reused, so taking the copy again
  // and again (a live server's snapshots) copies bytes into memory already
  // mapped instead of faulting in fresh pages, ~30 times dearer.
  static void FreezeInto(std::shared_ptr<const Dictionary> source, Dictionary& into);

  static uint64_t Hash(std::string_view text);

  // Texts of consecutive rows, each with its Hash: either `texts`, or (when
  // texts is null) packed end to end in `bytes`, row i ending at ends[i] (4
  // bytes a row instead of a 16-byte view, what the CSV reader keeps of an
  // id column until its dictionary is built). With `entries`, each row's
  // bytes are an entry as a dictionary stores it (its text behind its
  // length, table/dictionary_entry.h), for AdoptInRowOrder.
  struct TextRun {
    const std::string_view* texts;
    const uint64_t* hashes;
    size_t count;
    const char* bytes = nullptr;
    const uint32_t* ends = nullptr;
    bool entries = false;

    std::string_view Text(size_t i) const {
      if (texts) return texts[i];
      uint32_t begin = i == 0 ? 0 : ends[i - 1];
      if (entries) return dictionary_entry::Text(bytes + begin);
      return std::string_view(bytes + begin, ends[i] - begin);
    }
    // Row i's entry (runs with `entries` only).
    const char* Entry(size_t i) const { return bytes + (i == 0 ? 0 : ends[i - 1]); }
    bool Empty(size_t i) const { return Text(i).empty(); }
  };
  // The dictionary of the rows in `runs` (in order), with codes in order of
  // first appearance, written to codes[row]; the same result as interning
  // row after row, built on `threads` threads (see dictionary_bulk.cc).
  // The build holds at most about `wave_items` rows' worth of its 24-byte
  // working items at once (tests set it small to cut a build into waves).
  // While it builds, a slot keeps its first row and its tag, the tag
  // beside the slots for inputs whose rows outnumber what the code bits
  // count or number `slot_rows` or more (tests set it to 0 to take that
  // path with few rows).
  static constexpr size_t kWaveItems = size_t{16} << 20;
  static constexpr size_t kSlotRows = SIZE_MAX;
  static std::shared_ptr<Dictionary> BuildInRowOrder(const std::vector<TextRun>& runs, int threads,
                                                     uint32_t* codes,
                                                     size_t wave_items = kWaveItems,
                                                     size_t slot_rows = kSlotRows);
  // BuildInRowOrder of runs whose bytes are entries (TextRun::entries),
  // which `blocks` hold: the dictionary takes the blocks and its entries
  // point into them, where BuildInRowOrder would copy every distinct text.
  // For columns of mostly distinct texts made for them (the predict step's
  // reasons, ~85 bytes an account: a gigabyte not copied at 10M); the
  // bytes of a repeated row stay in the blocks unused.
  static std::shared_ptr<Dictionary> AdoptInRowOrder(const std::vector<TextRun>& runs,
                                                     std::vector<std::unique_ptr<char[]>> blocks,
                                                     int threads, uint32_t* codes);

 private:
  // BuildInRowOrder, adopting `blocks` when not null (AdoptInRowOrder).
  static std::shared_ptr<Dictionary> Build(const std::vector<TextRun>& runs, int threads,
                                           uint32_t* codes, size_t wave_items, size_t slot_rows,
                                           std::vector<std::unique_ptr<char[]>>* blocks);
  std::optional<uint32_t> FindHashed(std::string_view text, uint64_t hash) const;
  void Grow();
  // Sizes the table to `slots` (a power of two) and empties it, zeroing a
  // large table on up to `threads` threads (common/fresh_memory.h).
  void ResetSlots(size_t slots, int threads = 1);

  // A slot: code + 1 in the low bits (below slots_.size(), since a table
  // is at most half full), a tag in the highest bits that leaves free, at
  // most kTagBits of them; 0 = empty.
  static constexpr int kTagBits = 8;
  // The tag of `hash` as it sits in a slot of this table.
  uint32_t TagOf(uint64_t hash) const { return static_cast<uint32_t>(hash >> 32) & tag_mask_; }
  static uint32_t TagMaskFor(size_t mask) {
    return ~static_cast<uint32_t>(mask) & ~((uint32_t{1} << (32 - kTagBits)) - 1);
  }
  uint32_t CodeIn(uint32_t slot) const { return (slot & ~tag_mask_) - 1; }
  // Copies `text` into the blocks as an entry (table/dictionary_entry.h).
  const char* Store(std::string_view text);

  // Each entry (table/dictionary_entry.h): its text behind its length.
  std::vector<const char*> entries_;
  // Open addressing, linear probing: slots as above.
  UnwrittenVector<uint32_t> slots_;
  size_t mask_ = 0;
  uint32_t tag_mask_ = 0;  // the slot bits that hold the tag
  // Text storage in blocks that never move, so views stay valid.
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
  // Whose blocks the entries point into when not this one's (Frozen).
  std::shared_ptr<const Dictionary> text_owner_;
};

}  // namespace acctseg

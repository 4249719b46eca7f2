// An ordered set of ids with order statistics — the rank of an id, the ids
// at a range of ranks — for the tier groups of TierIndex (universe_tier.h).
// The ids sit in sorted blocks of at most kMaxBlock entries, each entry
// carrying its first two sort keys packed into 64 bits each, which decide
// most comparisons without looking up the id's other order keys; only
// entries equal in both go to the tie-break. At a
// million rows a lookup reads a few contiguous arrays where a red-black
// tree of nodes chases ~20 pointers, each a cache miss: the tier lookups
// were half of an event's apply time (bench/README.md, "Live updates").
// The blocks are small (an insert or erase moves at most a few KB within
// its block; a full one evens out with a neighbour that has room, else
// splits; a thin one joins or evens out with a neighbour), and a Fenwick
// tree over their sizes gives the entries before a block, or the block at
// a rank, in a logarithmic number of steps however many blocks there are;
// it is rebuilt when blocks split or join.
//
// Entries order by (null, key), then (second_null, second_key), then by
// `tie_break(a.id, b.id)`, which must be a strict total order consistent
// with the keys. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace acctseg {

class RankedBlocks {
 public:
  struct Entry {
    uint64_t key = 0;         // ordered as unsigned; decides unless equal
    uint64_t second_key = 0;  // the same, among entries of equal keys
    int32_t id = 0;
    bool null = false;         // after every non-null entry
    bool second_null = false;  // the same, among entries of equal keys
  };
  using TieBreak = std::function<bool(int32_t a, int32_t b)>;  // a before b

  explicit RankedBlocks(TieBreak tie_break) : tie_break_(std::move(tie_break)) {}

  // Inserts `entry`; returns its rank (the number of entries before it).
  size_t Insert(const Entry& entry);
  // Erases the entry equal to `entry` (same key, null and id); it must be present.
  void Erase(const Entry& entry);
  // Erase(from) here, then into.Insert(to) (`into` may be this set),
  // returning to's rank, when no comparison needs a tie-break and no block
  // splits, joins or empties: then the two lookups run side by side, so
  // that their cache misses overlap (each is a chain of them in a group of
  // hundreds of thousands; the two were most of a tier update). Otherwise
  // nullopt, and nothing changed. The sets must order alike.
  std::optional<size_t> TryMove(const Entry& from, RankedBlocks& into, const Entry& to);
  // The number of entries before `entry`, which must be present.
  size_t Rank(const Entry& entry) const;
  size_t size() const { return size_; }
  // Blocks, and the entries they have room for: kMaxBlock + 1 each.
  size_t blocks() const { return blocks_.size(); }
  size_t reserved() const;
  // A block one over full evens out with a neighbour that has room, or
  // else splits in two halves.
  static constexpr size_t kMaxBlock = 128;
  // Every block but a lone one holds at least this many: a thinner one
  // joins a neighbour or takes from it.
  static constexpr size_t kMinBlock = kMaxBlock / 2;
  // Calls visit(entry) for the entries at ranks [first, last) (0-based), in
  // order. A template, not a std::function: the tier's cut windows call it
  // for thousands of entries when a large family moves.
  template <typename Visitor>
  void Visit(size_t first, size_t last, Visitor&& visit) const {
    if (first >= size_) return;
    auto [block, start] = BlockAt(first);  // `start`: the rank of blocks_[block].front()
    for (size_t rank = first; rank < last && block < blocks_.size(); ++block) {
      const std::vector<Entry>& entries = blocks_[block];
      for (size_t at = rank - start; at < entries.size() && rank < last; ++at, ++rank)
        visit(entries[at]);
      start += entries.size();
    }
  }

 private:
  // An empty block with room for kMaxBlock + 1 entries, the most it ever
  // holds (one over, just before it splits), so that it never reallocates
  // and every block is one size for the allocator. Left to grow as vectors
  // do, blocks doubled their room to 256 entries on the way to a split and
  // kept it, ever more of them over a soak of updates.
  static std::vector<Entry> NewBlock();

  bool Less(const Entry& a, const Entry& b) const;
  // The block that holds (or would hold) `entry`, and its position there.
  std::pair<size_t, size_t> Locate(const Entry& entry) const;
  // The number of `entries` (sorted) before `entry` (kUpper: not after it).
  template <bool kUpper>
  size_t Search(const Entry* entries, size_t count, const Entry& entry) const;
  // The entries in the blocks before `block`.
  size_t EntriesBefore(size_t block) const;
  // The block that holds rank `rank` (< size()), and the rank of its first entry.
  std::pair<size_t, size_t> BlockAt(size_t rank) const;
  // The neighbour of `block` with fewer entries (the left one of two
  // alike), or `block` itself when it is the only one.
  size_t SmallerNeighbour(size_t block) const;
  // Moves entries from blocks_[fuller] to its neighbour blocks_[thinner]
  // until the two are even, the ones next to the thinner block, and
  // updates their first entries and the sums.
  void EvenOut(size_t fuller, size_t thinner);
  // Removes blocks_[block] and its first entry (the sums are the caller's).
  void RemoveBlock(size_t block);
  // The Fenwick tree from the blocks, after blocks were added or removed;
  // after one block's size changed by `delta`.
  void RebuildSums();
  void AddToSums(size_t block, int delta);

  TieBreak tie_break_;
  std::vector<std::vector<Entry>> blocks_;  // each sorted, none empty
  std::vector<Entry> firsts_;               // blocks_[b].front(), contiguous for the search
  std::vector<uint32_t> sums_;              // Fenwick tree of the blocks' sizes, 1-based
  size_t size_ = 0;
};

}  // namespace acctseg

// The order of every tier group, kept as events change rows: per group an
// ordered set with order statistics (RankedBlocks: sorted blocks whose
// entries carry the first order key), ordered as the tier step sorts them —
// the order keys in turn (NULLs last, DESC flipped), ties by input order —
// so the rank of a row and the rows at a rank are cheap. The sets hold ids that never
// change (a row's id grows with its row, so ties by id are ties by row),
// so removing a row renumbers only a map, not the trees. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "live/ranked_blocks.h"
#include "live/row_ids.h"
#include "steps/step.h"

namespace acctseg {

class TierIndex {
 public:
  explicit TierIndex(const GroupRanking& ranking);
  TierIndex(const TierIndex&) = delete;

  // Rows `rows` (of the universe, each once) now have the group and order
  // keys that row i of `group` / `keys` holds (row i of a RunState of those
  // rows; with `column_rows`, row column_rows[i]); moves those whose group
  // or keys changed. A row not yet indexed is added.
  void Update(const std::vector<int32_t>& rows, const Column* group,
              const std::vector<std::shared_ptr<const Column>>& keys,
              std::span<const size_t> column_rows = {});
  // The tier label of each of `rows`: ranking.Label(Rank, GroupSize,
  // FirstKey), exactly. Right after Update of the same rows, a row it moved
  // is labelled by the rank its move returned when the changes to its group
  // since (each shifts it one place at most) cannot have carried it across
  // a cut: a search for every row of a large family's move to another
  // segment (~1,200, each a few cache misses in a group of hundreds of
  // thousands) and FirstKey were ~10% of its apply (bench/README.md, "Ranks from the
  // moves").
  std::vector<std::optional<std::string_view>> Labels(const std::vector<int32_t>& rows) const;
  // Drops the row (the rows after it move up one).
  void Remove(int32_t row);

  int64_t Rank(int32_t row) const;  // from 1
  int64_t GroupSize(int32_t row) const;
  std::optional<int64_t> FirstKey(int32_t row) const;  // the first order key when a number

  // The rows outside `rows` (increasing) whose rank may have crossed a cut
  // since the last call (the windows around every cut of the groups rows
  // moved in, as wide as the number of rows that moved), each with its rank,
  // group size and first order key (FirstKey(row), read from the group's
  // entry: a window can hold thousands of rows, and looking each one up
  // again costs two cache misses).
  struct Ranked {
    int32_t row;
    int64_t rank, count;
    std::optional<int64_t> first_key;
  };
  std::vector<Ranked> NearCuts(const std::vector<int32_t>& rows) const;
  // Takes the groups as they are as the new starting point (after the first
  // Update, which labels came from a batch run).
  void Settle() const;

 private:
  using GroupKey = std::tuple<bool, int64_t, std::string>;  // NULL, number, text
  struct Group {
    RankedBlocks rows;
    int64_t count_before = -1;  // the size at the last NearCuts, -1: unchanged since
    int64_t moved = 0;          // rows taken out or put in since
    int64_t changes = 0;        // entries taken out or put in, ever (never reset)
    explicit Group(const TierIndex* index)
        : rows([index](int32_t a, int32_t b) { return index->Precedes(a, b); }) {}
  };

  // The group row `i` of `group` names (created if new). A string group
  // column's codes are memoized per dictionary: a batch's rows name a
  // handful of groups, and a map lookup by text per row was most of
  // UpdateRow for rows that stay where they are.
  Group* GroupAt(const Column* group, size_t i);
  // Row `row` now has what row `i` of `group` / `keys` holds; true if it moved.
  bool UpdateRow(int32_t row, const Column* group,
                 const std::vector<std::shared_ptr<const Column>>& keys, size_t i);
  bool Precedes(int32_t a, int32_t b) const;  // by id
  // The id's entry in its group: its first two order keys as unsigned
  // numbers ordered as Precedes orders them (DESC flipped), NULL apart.
  RankedBlocks::Entry EntryOf(int32_t id) const;
  struct PackedKey;
  RankedBlocks::Entry EntryWith(int32_t id, const PackedKey* keys) const;  // those keys
  // FirstKey of the id an entry holds, from the entry's packed first key.
  std::optional<int64_t> FirstKeyOf(const RankedBlocks::Entry& entry) const;
  int32_t IdOf(int32_t row);          // a new id for a new row
  void NoteSize(Group* group) const;  // before its size changes

  // One order key of one id, packed with the id's other keys (keys_[id *
  // keys + k]), so that a comparison in a tree of a million rows touches
  // one cache line, not one per array: the number, or for text its first 8
  // bytes big-endian (ordered as the text is, ties decided by texts_).
  struct PackedKey {
    int64_t value = 0;
    bool null = false;
  };

  const GroupRanking& ranking_;
  std::vector<bool> descending_;
  RowIds ids_;
  std::vector<PackedKey> keys_;                  // per id, per order key
  std::vector<PackedKey> fresh_;                 // UpdateRow's new keys (reused)
  std::vector<std::vector<std::string>> texts_;  // per order key, per id: the text (strings)
  std::vector<bool> is_text_;
  std::vector<Group*> group_of_;  // per id
  std::map<GroupKey, std::unique_ptr<Group>> groups_;
  mutable std::vector<Group*> touched_;  // groups whose size changed since NearCuts
  // GroupAt's memo: the group of each code of `memo_dictionary_` (held, so
  // that its address is not reused; dictionaries only grow).
  std::shared_ptr<const Dictionary> memo_dictionary_;
  std::vector<Group*> memo_groups_;
  // The rank Insert returned for the id last put in, until the next change
  // of any group: Rank after UpdateRow of one row needs no second search.
  int32_t ranked_id_ = -1;
  int64_t ranked_rank_ = 0;
  // Per row of the last Update (none after any other change, or when it
  // was given more than kMostMovedRanks rows): the rank its move returned,
  // in which group, and that group's `changes` just after; id -1: not
  // moved. A row given twice would leave its first place stale: Update's
  // rows are each given once.
  struct MovedRank {
    int32_t id = -1;
    int64_t rank = 0;
    const Group* group = nullptr;
    int64_t changes = 0;
  };
  static constexpr size_t kMostMovedRanks = size_t{1} << 16;
  std::vector<MovedRank> moved_ranks_;
};

}  // namespace acctseg

// The order of every tier group, kept as events change rows: per group an
// order-statistics tree of rows (GCC's policy-based red-black tree with
// subtree sizes), ordered as the tier step sorts them — the order keys in
// turn (NULLs last, DESC flipped), ties by input order — so the rank of a
// row and the row at a rank are O(log n). The trees hold ids that never
// change (a row's id grows with its row, so ties by id are ties by row),
// so removing a row renumbers only a map, not the trees. Not thread-safe.
#pragma once

#include <cstdint>
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "steps/step.h"

namespace acctseg {

class TierIndex {
 public:
  explicit TierIndex(const GroupRanking& ranking);
  TierIndex(const TierIndex&) = delete;

  // Rows `rows` (of the universe) now have the group and order keys that
  // row i of `group` / `keys` holds (row i of a RunState of those rows);
  // moves those whose group or keys changed. A row not yet indexed is added.
  void Update(const std::vector<int32_t>& rows, const Column* group,
              const std::vector<std::shared_ptr<const Column>>& keys);
  // Drops the row (the rows after it move up one).
  void Remove(int32_t row);

  int64_t Rank(int32_t row) const;  // from 1
  int64_t GroupSize(int32_t row) const;
  std::optional<int64_t> FirstKey(int32_t row) const;  // the first order key when a number

  // The rows outside `rows` (increasing) whose rank may have crossed a cut
  // since the last call (the windows around every cut of the groups rows
  // moved in, as wide as the number of rows that moved), each with its rank
  // and group size.
  struct Ranked {
    int32_t row;
    int64_t rank, count;
  };
  std::vector<Ranked> NearCuts(const std::vector<int32_t>& rows) const;
  // Takes the groups as they are as the new starting point (after the first
  // Update, which labels came from a batch run).
  void Settle() const;

 private:
  using GroupKey = std::tuple<bool, int64_t, std::string>;  // NULL, number, text
  struct Before {
    const TierIndex* index;
    bool operator()(int32_t a, int32_t b) const { return index->Precedes(a, b); }
  };
  using Tree = __gnu_pbds::tree<int32_t, __gnu_pbds::null_type, Before, __gnu_pbds::rb_tree_tag,
                                __gnu_pbds::tree_order_statistics_node_update>;
  struct Group {
    Tree rows;
    int64_t count_before = -1;  // the size at the last NearCuts, -1: unchanged since
    int64_t moved = 0;          // rows taken out or put in since
    explicit Group(const TierIndex* index) : rows(Before{index}) {}
  };

  bool Precedes(int32_t a, int32_t b) const;  // by id
  int32_t IdOf(int32_t row);                  // a new id for a new row
  void NoteSize(Group* group) const;          // before its size changes

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
  std::vector<int32_t> id_of_row_, row_of_id_;  // row_of_id_: -1 once removed
  std::vector<PackedKey> keys_;                  // per id, per order key
  std::vector<std::vector<std::string>> texts_;  // per order key, per id: the text (strings)
  std::vector<bool> is_text_;
  std::vector<Group*> group_of_;  // per id
  std::map<GroupKey, std::unique_ptr<Group>> groups_;
  mutable std::vector<Group*> touched_;  // groups whose size changed since NearCuts
};

}  // namespace acctseg

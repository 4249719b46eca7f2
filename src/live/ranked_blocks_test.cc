// RankedBlocks (ranked_blocks.h) against a sorted vector: ranks, visits
// and erases stay right across block splits, blocks evened out and emptied
// blocks, and equal keys fall to the tie-break.
#include "live/ranked_blocks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace acctseg {
namespace {

TEST(RankedBlocks, RanksAndVisitsMatchASortedVectorThroughInsertsAndErases) {
  std::mt19937 random(7);
  // Few distinct keys, so that many comparisons are ties decided by id
  // (descending here, to be unlike the insertion order).
  std::vector<RankedBlocks::Entry> entry_of(6000);
  for (int32_t id = 0; id < 6000; ++id)
    entry_of[id] = {static_cast<uint64_t>(random() % 50), static_cast<uint64_t>(random() % 3), id,
                    random() % 10 == 0, random() % 4 == 0};
  auto less = [&](const RankedBlocks::Entry& a, const RankedBlocks::Entry& b) {
    if (a.null != b.null) return b.null;
    if (a.key != b.key) return a.key < b.key;
    if (a.second_null != b.second_null) return b.second_null;
    if (a.second_key != b.second_key) return a.second_key < b.second_key;
    return a.id > b.id;
  };
  RankedBlocks set([](int32_t a, int32_t b) { return a > b; });
  std::vector<RankedBlocks::Entry> sorted;
  std::vector<int32_t> ids(6000);
  for (int32_t id = 0; id < 6000; ++id) ids[id] = id;
  std::shuffle(ids.begin(), ids.end(), random);
  auto check = [&] {
    ASSERT_EQ(sorted.size(), set.size());
    // Every block but a lone one holds at least kMinBlock entries,
    ASSERT_LE(set.blocks(), std::max<size_t>(1, set.size() / RankedBlocks::kMinBlock));
    // and has room for kMaxBlock + 1: it never grew its room.
    ASSERT_EQ(set.reserved(), set.blocks() * (RankedBlocks::kMaxBlock + 1));
    for (size_t rank = 0; rank < sorted.size(); rank += 7)
      ASSERT_EQ(rank, set.Rank(sorted[rank])) << "id " << sorted[rank].id;
    // Visits from the first rank, a block's middle, the last rank and past the end.
    for (size_t first : {size_t{0}, sorted.size() / 3, sorted.size() - 1, sorted.size()}) {
      std::vector<int32_t> visited;
      const size_t last = std::min(sorted.size(), first + 2500);
      const size_t asked = last == sorted.size() ? last + 5 : last;  // past the end: stops there
      set.Visit(first, asked,
                [&](const RankedBlocks::Entry& entry) { visited.push_back(entry.id); });
      ASSERT_EQ(last - first, visited.size()) << "from " << first;
      for (size_t i = 0; i < visited.size(); ++i) ASSERT_EQ(sorted[first + i].id, visited[i]);
    }
  };
  for (int32_t id : ids) {  // inserts even out or split blocks past 128 entries
    const size_t rank = set.Insert(entry_of[id]);
    auto at = std::lower_bound(sorted.begin(), sorted.end(), entry_of[id], less);
    ASSERT_EQ(static_cast<size_t>(at - sorted.begin()), rank) << "id " << id;  // Insert's rank
    sorted.insert(at, entry_of[id]);
  }
  check();
  // A full block evens out with a neighbour that has room before it
  // splits: the blocks end fuller than the ~70% that splits alone leave.
  EXPECT_GE(set.size(), set.blocks() * RankedBlocks::kMaxBlock * 3 / 4)
      << set.blocks() << " blocks";
  std::shuffle(ids.begin(), ids.end(), random);
  for (size_t i = 0; i < 5900; ++i) {  // down to a hundred: blocks empty and go
    const RankedBlocks::Entry& entry = entry_of[ids[i]];
    set.Erase(entry);
    sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), entry, less));
    if (i % 100 == 0) check();
  }
  check();
  // Back up again over the joined blocks, erasing as it goes.
  for (size_t i = 0; i < 3000; ++i) {
    const RankedBlocks::Entry& entry = entry_of[ids[i]];
    const size_t rank = set.Insert(entry);
    auto at = std::lower_bound(sorted.begin(), sorted.end(), entry, less);
    ASSERT_EQ(static_cast<size_t>(at - sorted.begin()), rank) << "id " << entry.id;
    sorted.insert(at, entry);
    if (i % 3 == 2) {
      const RankedBlocks::Entry& gone = sorted[(i * 7919) % sorted.size()];
      set.Erase(gone);
      sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), gone, less));
    }
    if (i % 100 == 0) check();
  }
  check();
}

// TryMove against Erase then Insert on sorted vectors, within one set and
// between two: moves within a block, across blocks, to either end; it gives
// up, changing nothing, on a tie of two ids or a block that would split or
// thin out.
TEST(RankedBlocks, TryMoveMovesAsEraseThenInsertOrLeavesAllAsItWas) {
  std::mt19937 random(11);
  auto less = [](const RankedBlocks::Entry& a, const RankedBlocks::Entry& b) {
    if (a.null != b.null) return b.null;
    if (a.key != b.key) return a.key < b.key;
    if (a.second_null != b.second_null) return b.second_null;
    if (a.second_key != b.second_key) return a.second_key < b.second_key;
    return a.id < b.id;
  };
  // Keys over a wide range with a few repeated, so that some moves meet a tie.
  auto random_entry = [&](int32_t id) {
    const bool repeat = random() % 20 == 0;
    return RankedBlocks::Entry{repeat ? 500 : static_cast<uint64_t>(random() % 100000),
                               repeat ? 1 : static_cast<uint64_t>(random() % 1000), id,
                               random() % 50 == 0, false};
  };
  auto by_id = [](int32_t a, int32_t b) { return a < b; };
  std::vector<RankedBlocks> sets;
  sets.emplace_back(by_id);
  sets.emplace_back(by_id);
  std::vector<std::vector<RankedBlocks::Entry>> sorted(2);
  std::vector<RankedBlocks::Entry> entry_of;
  std::vector<size_t> set_of;
  for (int32_t id = 0; id < 6000; ++id) {
    entry_of.push_back(random_entry(id));
    set_of.push_back(id % 3 == 0);  // two sets, of 4000 and 2000
    std::vector<RankedBlocks::Entry>& in = sorted[set_of[id]];
    sets[set_of[id]].Insert(entry_of[id]);
    in.insert(std::lower_bound(in.begin(), in.end(), entry_of[id], less), entry_of[id]);
  }
  size_t moved = 0, refused = 0, across = 0;
  for (int i = 0; i < 30000; ++i) {
    const int32_t id = static_cast<int32_t>(random() % entry_of.size());
    RankedBlocks::Entry to = random_entry(id);
    if (i % 100 == 0) to = {0, 0, id, false, false};  // to the front
    if (i % 100 == 1) to = {0, 0, id, true, true};    // to the back (NULL)
    const RankedBlocks::Entry from = entry_of[id];
    const size_t set_from = set_of[id], set_to = random() % 4 == 0 ? 1 - set_from : set_from;
    std::vector<RankedBlocks::Entry>& out = sorted[set_from];
    std::vector<RankedBlocks::Entry>& in = sorted[set_to];
    out.erase(std::lower_bound(out.begin(), out.end(), from, less));
    auto at = std::lower_bound(in.begin(), in.end(), to, less);
    const size_t expected = static_cast<size_t>(at - in.begin());
    in.insert(at, to);
    entry_of[id] = to;
    set_of[id] = set_to;
    if (std::optional<size_t> rank = sets[set_from].TryMove(from, sets[set_to], to)) {
      ASSERT_EQ(expected, *rank) << "move " << i;
      ++moved;
      across += set_from != set_to;
    } else {
      ASSERT_EQ(out.size() + (set_from == set_to ? 0 : 1), sets[set_from].size());
      sets[set_from].Erase(from);  // still there: found where it was
      ASSERT_EQ(expected, sets[set_to].Insert(to)) << "move " << i;
      ++refused;
    }
    if (i % 1000 == 0 || i % 100 < 2)
      for (size_t s = 0; s < 2; ++s) {
        ASSERT_EQ(sorted[s].size(), sets[s].size());
        for (size_t rank = 0; rank < sorted[s].size(); rank += 13)
          ASSERT_EQ(rank, sets[s].Rank(sorted[s][rank])) << "after move " << i;
      }
  }
  EXPECT_GT(moved, 20000u);
  EXPECT_GT(across, 3000u);
  EXPECT_GT(refused, 0u);
  // Through all those splits, joins and moves every block kept its room
  // and stayed at least half full: memory follows the entries.
  for (const RankedBlocks& set : sets) {
    EXPECT_EQ(set.reserved(), set.blocks() * (RankedBlocks::kMaxBlock + 1));
    EXPECT_LE(set.blocks(), set.size() / RankedBlocks::kMinBlock);
  }
}

}  // namespace
}  // namespace acctseg

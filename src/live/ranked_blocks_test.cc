// RankedBlocks (ranked_blocks.h) against a sorted vector: ranks, visits
// and erases stay right across block splits and emptied blocks, and equal
// keys fall to the tie-break.
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
  for (int32_t id : ids) {  // inserts split blocks past 128 entries
    const size_t rank = set.Insert(entry_of[id]);
    auto at = std::lower_bound(sorted.begin(), sorted.end(), entry_of[id], less);
    ASSERT_EQ(static_cast<size_t>(at - sorted.begin()), rank) << "id " << id;  // Insert's rank
    sorted.insert(at, entry_of[id]);
  }
  check();
  std::shuffle(ids.begin(), ids.end(), random);
  for (size_t i = 0; i < 5900; ++i) {  // down to a hundred: blocks empty and go
    const RankedBlocks::Entry& entry = entry_of[ids[i]];
    set.Erase(entry);
    sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), entry, less));
    if (i % 1000 == 0) check();
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
    if (i % 500 == 0) check();
  }
  check();
}

}  // namespace
}  // namespace acctseg

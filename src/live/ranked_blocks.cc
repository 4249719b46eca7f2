#include "live/ranked_blocks.h"

#include <algorithm>

#include "common/error.h"

namespace acctseg {

bool RankedBlocks::Less(const Entry& a, const Entry& b) const {
  if (a.null != b.null) return b.null;
  if (a.key != b.key) return a.key < b.key;
  if (a.second_null != b.second_null) return b.second_null;
  if (a.second_key != b.second_key) return a.second_key < b.second_key;
  return a.id != b.id && tie_break_(a.id, b.id);
}

std::pair<size_t, size_t> RankedBlocks::Locate(const Entry& entry) const {
  if (blocks_.empty()) return {0, 0};
  // The last block whose first entry is not after `entry`.
  auto after = std::upper_bound(firsts_.begin(), firsts_.end(), entry,
                                [&](const Entry& a, const Entry& b) { return Less(a, b); });
  const size_t block =
      after == firsts_.begin() ? 0 : static_cast<size_t>(after - firsts_.begin()) - 1;
  const std::vector<Entry>& entries = blocks_[block];
  auto at = std::lower_bound(entries.begin(), entries.end(), entry,
                             [&](const Entry& a, const Entry& b) { return Less(a, b); });
  return {block, static_cast<size_t>(at - entries.begin())};
}

size_t RankedBlocks::EntriesBefore(size_t block) const {
  size_t count = 0;
  for (size_t b = 0; b < block; ++b) count += sizes_[b];
  return count;
}

size_t RankedBlocks::Insert(const Entry& entry) {
  ++size_;
  if (blocks_.empty()) {
    blocks_.push_back({entry});
    firsts_.push_back(entry);
    sizes_.push_back(1);
    return 0;
  }
  auto [block, at] = Locate(entry);
  const size_t rank = EntriesBefore(block) + at;
  std::vector<Entry>& entries = blocks_[block];
  entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(at), entry);
  firsts_[block] = entries.front();
  sizes_[block] = static_cast<uint32_t>(entries.size());
  if (entries.size() <= kMaxBlock) return rank;
  // Split in halves, so that neither half splits again soon.
  std::vector<Entry> upper(entries.begin() + static_cast<std::ptrdiff_t>(kMaxBlock / 2),
                           entries.end());
  entries.resize(kMaxBlock / 2);
  sizes_[block] = static_cast<uint32_t>(entries.size());
  firsts_.insert(firsts_.begin() + static_cast<std::ptrdiff_t>(block) + 1, upper.front());
  sizes_.insert(sizes_.begin() + static_cast<std::ptrdiff_t>(block) + 1,
                static_cast<uint32_t>(upper.size()));
  blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(block) + 1, std::move(upper));
  return rank;
}

void RankedBlocks::Erase(const Entry& entry) {
  auto [block, at] = Locate(entry);
  if (block >= blocks_.size() || at >= blocks_[block].size() || blocks_[block][at].id != entry.id)
    throw Error(ErrorKind::kInternal, "RankedBlocks::Erase: the entry is not in the set");
  std::vector<Entry>& entries = blocks_[block];
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(at));
  --size_;
  if (entries.empty()) {
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(block));
    firsts_.erase(firsts_.begin() + static_cast<std::ptrdiff_t>(block));
    sizes_.erase(sizes_.begin() + static_cast<std::ptrdiff_t>(block));
    return;
  }
  firsts_[block] = entries.front();
  sizes_[block] = static_cast<uint32_t>(entries.size());
}

size_t RankedBlocks::Rank(const Entry& entry) const {
  auto [block, at] = Locate(entry);
  return EntriesBefore(block) + at;
}

}  // namespace acctseg

#include "live/ranked_blocks.h"

#include <algorithm>
#include <bit>

#include "common/error.h"

namespace acctseg {

namespace {

// An entry's (null, key) and (second_null, second_key) as one unsigned
// number each: NULLs after every key, as Less orders them.
using Wide = unsigned __int128;
Wide FirstOf(const RankedBlocks::Entry& entry) { return Wide{entry.null} << 64 | entry.key; }
Wide SecondOf(const RankedBlocks::Entry& entry) {
  return Wide{entry.second_null} << 64 | entry.second_key;
}
// Whether the packed keys alone cannot order `a` and `b` (the tie-break
// must), and, when they can, whether `a` comes first.
bool KeysTie(const RankedBlocks::Entry& a, const RankedBlocks::Entry& b) {
  return FirstOf(a) == FirstOf(b) && SecondOf(a) == SecondOf(b);
}
bool KeysBefore(const RankedBlocks::Entry& a, const RankedBlocks::Entry& b) {
  const Wide first_a = FirstOf(a), first_b = FirstOf(b);
  return first_a < first_b || (first_a == first_b && SecondOf(a) < SecondOf(b));
}

// A binary search of sorted `entries` for the number before `entry`
// (kUpper: not after it) by `less`, a step at a time, so that two can run
// side by side. Branch-free halving (the comparison picks the half by a
// conditional move, not a jump the predictor gets wrong half the time),
// with both possible next probes fetched ahead: a block spans hundreds of
// cache lines.
template <bool kUpper, class LessFn>
class Halving {
 public:
  using Entry = RankedBlocks::Entry;
  Halving(const Entry* entries, size_t count, const Entry& entry, const LessFn& less)
      : entries_(entries), base_(entries), count_(count), entry_(entry), less_(less) {}
  bool done() const { return count_ <= 1; }
  void Step() {
    const size_t half = count_ / 2;
    __builtin_prefetch(base_ + half / 2);
    __builtin_prefetch(base_ + half + half / 2);
    base_ = Before(base_[half]) ? base_ + half : base_;
    count_ -= half;
  }
  size_t Result() const {
    return count_ == 0 ? 0 : static_cast<size_t>(base_ - entries_) + (Before(*base_) ? 1 : 0);
  }

 private:
  // Whether `probe` goes before the position sought.
  bool Before(const Entry& probe) const {
    return kUpper ? !less_(entry_, probe) : less_(probe, entry_);
  }
  const Entry* entries_;
  const Entry* base_;
  size_t count_;
  const Entry& entry_;
  const LessFn& less_;
};

// Two searches (Halving) in two arrays at once, step for step, so that
// their cache misses overlap.
template <bool kUpper, class LessFn>
std::pair<size_t, size_t> SearchBoth(const RankedBlocks::Entry* entries_a, size_t count_a,
                                     const RankedBlocks::Entry& a,
                                     const RankedBlocks::Entry* entries_b, size_t count_b,
                                     const RankedBlocks::Entry& b, const LessFn& less) {
  Halving<kUpper, LessFn> search_a(entries_a, count_a, a, less);
  Halving<kUpper, LessFn> search_b(entries_b, count_b, b, less);
  while (!search_a.done() || !search_b.done()) {
    if (!search_a.done()) search_a.Step();
    if (!search_b.done()) search_b.Step();
  }
  return {search_a.Result(), search_b.Result()};
}

}  // namespace

bool RankedBlocks::Less(const Entry& a, const Entry& b) const {
  // Ties in both keys are rare: the branch is predicted, the rest is flags.
  if (__builtin_expect(KeysTie(a, b), 0)) return a.id != b.id && tie_break_(a.id, b.id);
  return KeysBefore(a, b);
}

template <bool kUpper>
size_t RankedBlocks::Search(const Entry* entries, size_t count, const Entry& entry) const {
  auto less = [this](const Entry& a, const Entry& b) { return Less(a, b); };
  Halving<kUpper, decltype(less)> search(entries, count, entry, less);
  while (!search.done()) search.Step();
  return search.Result();
}

std::pair<size_t, size_t> RankedBlocks::Locate(const Entry& entry) const {
  if (blocks_.empty()) return {0, 0};
  // The last block whose first entry is not after `entry`.
  const size_t after = Search<true>(firsts_.data(), firsts_.size(), entry);
  const size_t block = after == 0 ? 0 : after - 1;
  const std::vector<Entry>& entries = blocks_[block];
  return {block, Search<false>(entries.data(), entries.size(), entry)};
}

size_t RankedBlocks::EntriesBefore(size_t block) const {
  size_t count = 0;
  for (size_t i = block; i > 0; i &= i - 1) count += sums_[i];
  return count;
}

std::pair<size_t, size_t> RankedBlocks::BlockAt(size_t rank) const {
  // Down the tree from its largest power of two: `block` ends as the
  // number of whole blocks whose entries all come before `rank`.
  size_t block = 0, before = 0;
  for (size_t step = std::bit_floor(blocks_.size()); step > 0; step >>= 1)
    if (block + step <= blocks_.size() && before + sums_[block + step] <= rank) {
      block += step;
      before += sums_[block];
    }
  return {block, before};
}

void RankedBlocks::RebuildSums() {
  const size_t blocks = blocks_.size();
  sums_.assign(blocks + 1, 0);
  for (size_t i = 1; i <= blocks; ++i) {
    sums_[i] += static_cast<uint32_t>(blocks_[i - 1].size());
    if (const size_t parent = i + (i & (~i + 1)); parent <= blocks) sums_[parent] += sums_[i];
  }
}

void RankedBlocks::AddToSums(size_t block, int delta) {
  for (size_t i = block + 1; i < sums_.size(); i += i & (~i + 1))
    sums_[i] = static_cast<uint32_t>(static_cast<int64_t>(sums_[i]) + delta);
}

size_t RankedBlocks::Insert(const Entry& entry) {
  ++size_;
  if (blocks_.empty()) {
    blocks_.push_back(NewBlock());
    blocks_.back().push_back(entry);
    firsts_.push_back(entry);
    RebuildSums();
    return 0;
  }
  auto [block, at] = Locate(entry);
  const size_t rank = EntriesBefore(block) + at;
  std::vector<Entry>& entries = blocks_[block];
  entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(at), entry);
  firsts_[block] = entries.front();
  if (entries.size() <= kMaxBlock) {
    AddToSums(block, 1);
    return rank;
  }
  // A neighbour with room takes entries until the two are even, as Erase
  // evens out a thin block: a split adds a block, and with it moves every
  // later block's place and rebuilds the sums, O(blocks) where this is
  // O(kMaxBlock). A family's move to another segment inserts ~1,200
  // entries into one group, and the splits were ~17% of its apply; with
  // this, Insert and RebuildSums took a third fewer samples of 1,000
  // flips, the flips' time within the noise (bench/README.md, "Tier
  // blocks even out before they split"). Only into a neighbour at most
  // three quarters full, so that both keep room (a full block makes
  // TryMove give up) and a run of inserts there does not even out again
  // at every entry.
  if (const size_t neighbour = SmallerNeighbour(block);
      neighbour != block && blocks_[neighbour].size() <= kMaxBlock * 3 / 4) {
    AddToSums(block, 1);
    EvenOut(block, neighbour);
    return rank;
  }
  // Split in halves, so that neither half splits again soon.
  std::vector<Entry> upper = NewBlock();
  upper.assign(entries.begin() + static_cast<std::ptrdiff_t>(kMaxBlock / 2), entries.end());
  entries.resize(kMaxBlock / 2);
  firsts_.insert(firsts_.begin() + static_cast<std::ptrdiff_t>(block) + 1, upper.front());
  blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(block) + 1, std::move(upper));
  RebuildSums();
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
    RemoveBlock(block);
    RebuildSums();
    return;
  }
  if (entries.size() >= kMinBlock || blocks_.size() == 1) {
    firsts_[block] = entries.front();
    AddToSums(block, -1);  // no block came or went: the tree needs no rebuild
    return;
  }
  // A block under half full joins its smaller neighbour when the two fit
  // in one, and otherwise takes from it until the two are even (the
  // neighbour then holds more than kMaxBlock - kMinBlock + 1 entries, so
  // both end with at least kMinBlock): every block but a lone one stays at
  // least half full, as in a B-tree. Joining only two nearly empty blocks
  // let the number of blocks drift up under updates, from the fill that
  // inserts left (~89 entries a block at a million, before full blocks
  // evened out; ~103 now) to ~72 after 10M moves, still falling; the
  // server's memory followed (bench/README.md, "Memory over a soak"). Now
  // the count holds (11.3k blocks over 5M moves).
  const size_t neighbour = SmallerNeighbour(block);
  std::vector<Entry>& other = blocks_[neighbour];
  if (entries.size() + other.size() <= kMaxBlock) {
    const size_t lower = std::min(block, neighbour);
    blocks_[lower].insert(blocks_[lower].end(), blocks_[lower + 1].begin(),
                          blocks_[lower + 1].end());
    RemoveBlock(lower + 1);
    firsts_[lower] = blocks_[lower].front();
    RebuildSums();
    return;
  }
  EvenOut(neighbour, block);
  AddToSums(block, -1);
}

size_t RankedBlocks::SmallerNeighbour(size_t block) const {
  const bool has_left = block > 0, has_right = block + 1 < blocks_.size();
  if (!has_left && !has_right) return block;
  return has_left && (!has_right || blocks_[block - 1].size() <= blocks_[block + 1].size())
             ? block - 1
             : block + 1;
}

void RankedBlocks::EvenOut(size_t fuller, size_t thinner) {
  // The entries next to the thinner block move over: the fuller one's last
  // ones to its front, or its first ones to its end.
  std::vector<Entry>& from = blocks_[fuller];
  std::vector<Entry>& to = blocks_[thinner];
  const size_t take = (from.size() - to.size()) / 2;
  const auto take_count = static_cast<std::ptrdiff_t>(take);
  if (fuller < thinner) {
    to.insert(to.begin(), from.end() - take_count, from.end());
    from.resize(from.size() - take);
  } else {
    to.insert(to.end(), from.begin(), from.begin() + take_count);
    from.erase(from.begin(), from.begin() + take_count);
  }
  firsts_[fuller] = from.front();
  firsts_[thinner] = to.front();
  AddToSums(fuller, -static_cast<int>(take));
  AddToSums(thinner, static_cast<int>(take));
}

std::vector<RankedBlocks::Entry> RankedBlocks::NewBlock() {
  std::vector<Entry> block;
  block.reserve(kMaxBlock + 1);
  return block;
}

size_t RankedBlocks::reserved() const {
  size_t entries = 0;
  for (const std::vector<Entry>& block : blocks_) entries += block.capacity();
  return entries;
}

void RankedBlocks::RemoveBlock(size_t block) {
  blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(block));
  firsts_.erase(firsts_.begin() + static_cast<std::ptrdiff_t>(block));
}

std::optional<size_t> RankedBlocks::TryMove(const Entry& from, RankedBlocks& into,
                                            const Entry& to) {
  if (blocks_.empty() || into.blocks_.empty()) return std::nullopt;
  // Less without the tie-break: a tie of two ids is noted instead, and
  // gives up (the tie-break reads the ids' other keys, which are the old
  // ones for `from` and the new ones for `to`). A tie at the place either
  // entry belongs is always compared: a search must look at both sides of
  // the place it finds.
  bool tied = false;
  auto less = [&tied](const Entry& a, const Entry& b) {
    if (__builtin_expect(KeysTie(a, b), 0)) {
      tied |= a.id != b.id;
      return false;
    }
    return KeysBefore(a, b);
  };
  // The last block whose first entry is not after each, then the place in it.
  auto [after_from, after_to] = SearchBoth<true>(
      firsts_.data(), firsts_.size(), from, into.firsts_.data(), into.firsts_.size(), to, less);
  const size_t block_from = after_from == 0 ? 0 : after_from - 1;
  const size_t block_to = after_to == 0 ? 0 : after_to - 1;
  std::vector<Entry>& source = blocks_[block_from];
  std::vector<Entry>& target = into.blocks_[block_to];
  auto [at_from, at_to] =
      SearchBoth<false>(source.data(), source.size(), from, target.data(), target.size(), to, less);
  if (tied || at_from >= source.size() || source[at_from].id != from.id) return std::nullopt;
  if (&source == &target) {
    // Within one block: the entries between the two places shift by one.
    // (`at_to` counts `from` when it comes before.)
    if (at_to > at_from) {
      std::move(source.begin() + at_from + 1, source.begin() + at_to, source.begin() + at_from);
      at_to -= 1;
    } else {
      std::move_backward(source.begin() + at_to, source.begin() + at_from,
                         source.begin() + at_from + 1);
    }
    source[at_to] = to;
    firsts_[block_from] = source.front();
    return EntriesBefore(block_to) + at_to;
  }
  // A block that would grow past its limit, or thin out, is left to Erase
  // and Insert, which split, join and even out.
  if (target.size() + 1 > kMaxBlock || source.size() - 1 < kMinBlock) return std::nullopt;
  source.erase(source.begin() + static_cast<std::ptrdiff_t>(at_from));
  firsts_[block_from] = source.front();
  AddToSums(block_from, -1);
  --size_;
  target.insert(target.begin() + static_cast<std::ptrdiff_t>(at_to), to);
  into.firsts_[block_to] = target.front();
  into.AddToSums(block_to, 1);
  ++into.size_;
  return into.EntriesBefore(block_to) + at_to;
}

size_t RankedBlocks::Rank(const Entry& entry) const {
  auto [block, at] = Locate(entry);
  return EntriesBefore(block) + at;
}

}  // namespace acctseg

#include "live/universe_tier.h"

#include <algorithm>

namespace acctseg {

TierIndex::TierIndex(const GroupRanking& ranking)
    : ranking_(ranking), descending_(ranking.Descending()) {
  texts_.resize(descending_.size());
  is_text_.resize(descending_.size());
}

int32_t TierIndex::IdOf(int32_t row) {
  if (ids_.Has(row)) return ids_.IdOf(row);
  // Rows are added in order (the universe appends them).
  const int32_t id = ids_.Add();
  group_of_.push_back(nullptr);
  keys_.resize(keys_.size() + descending_.size());
  for (size_t k = 0; k < descending_.size(); ++k) texts_[k].emplace_back();
  return id;
}

void TierIndex::NoteSize(Group* group) const {
  if (group->count_before >= 0) return;
  group->count_before = static_cast<int64_t>(group->rows.size());
  touched_.push_back(group);
}

void TierIndex::Remove(int32_t row) {
  const int32_t id = ids_.IdOf(row);
  if (Group* group = group_of_[id]) {
    NoteSize(group);
    ++group->moved;
    ++group->changes;
    group->rows.Erase(EntryOf(id));
    group_of_[id] = nullptr;
    ranked_id_ = -1;
  }
  moved_ranks_.clear();
  ids_.Erase(row);
}

namespace {

// The first 8 bytes of `text`, big-endian, zero-padded: prefixes that
// differ order as the texts do (a shorter text is padded with the lowest
// byte); equal prefixes say nothing.
int64_t TextPrefix(std::string_view text) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i)
    prefix = prefix << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0);
  return static_cast<int64_t>(prefix);
}

}  // namespace

bool TierIndex::Precedes(int32_t a, int32_t b) const {
  const size_t keys = descending_.size();
  const PackedKey* key_a = &keys_[static_cast<size_t>(a) * keys];
  const PackedKey* key_b = &keys_[static_cast<size_t>(b) * keys];
  for (size_t k = 0; k < keys; ++k) {
    const bool null_a = key_a[k].null, null_b = key_b[k].null;
    if (null_a || null_b) {
      if (null_a != null_b) return null_b;  // NULLs sort last either way
      continue;
    }
    int order = 0;
    if (is_text_[k]) {
      const uint64_t prefix_a = key_a[k].value, prefix_b = key_b[k].value;
      if (prefix_a != prefix_b) {
        order = prefix_a < prefix_b ? -1 : 1;
      } else {
        int c = texts_[k][a].compare(texts_[k][b]);
        order = c < 0 ? -1 : c > 0;
      }
    } else {
      order = key_a[k].value < key_b[k].value ? -1 : key_a[k].value > key_b[k].value;
    }
    if (order != 0) return descending_[k] ? order > 0 : order < 0;
  }
  return a < b;  // tied rows keep input order (ids grow with rows)
}

RankedBlocks::Entry TierIndex::EntryOf(int32_t id) const {
  return EntryWith(id, &keys_[static_cast<size_t>(id) * descending_.size()]);
}

RankedBlocks::Entry TierIndex::EntryWith(int32_t id, const PackedKey* keys) const {
  RankedBlocks::Entry entry;
  entry.id = id;
  // Text prefixes compare as unsigned already; numbers once their sign bit is flipped.
  auto ordered = [&](size_t k) {
    uint64_t value = static_cast<uint64_t>(keys[k].value) ^ (is_text_[k] ? 0 : uint64_t{1} << 63);
    return descending_[k] ? ~value : value;
  };
  if (descending_.size() > 0) {
    entry.null = keys[0].null;
    entry.key = entry.null ? 0 : ordered(0);
  }
  // A text's prefix does not decide between equal prefixes: then the second
  // key must not either (the tie-break compares the texts first).
  if (descending_.size() > 1 && !is_text_[0]) {
    entry.second_null = keys[1].null;
    entry.second_key = entry.second_null ? 0 : ordered(1);
  }
  return entry;
}

std::optional<int64_t> TierIndex::FirstKeyOf(const RankedBlocks::Entry& entry) const {
  if (descending_.empty() || is_text_[0] || entry.null) return std::nullopt;
  // EntryOf's packing undone: the complement for DESC, then the sign bit.
  const uint64_t ordered = descending_[0] ? ~entry.key : entry.key;
  return static_cast<int64_t>(ordered ^ uint64_t{1} << 63);
}

void TierIndex::Update(const std::vector<int32_t>& rows, const Column* group,
                       const std::vector<std::shared_ptr<const Column>>& keys,
                       std::span<const size_t> column_rows) {
  moved_ranks_.clear();
  const bool note_ranks = rows.size() <= kMostMovedRanks;
  if (note_ranks) moved_ranks_.resize(rows.size());
  // A family's rows lie anywhere among a million: each row's id, then the
  // id's keys, texts and group, are asked for ahead (two steps, the second
  // reading the id the first brought in), so that the misses overlap.
  constexpr size_t kIdAhead = 2 * kPrefetchAhead, kKeysAhead = kPrefetchAhead;
  const size_t key_count = descending_.size();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i + kIdAhead < rows.size() && ids_.Has(rows[i + kIdAhead]))
      __builtin_prefetch(ids_.IdOfData() + rows[i + kIdAhead]);
    if (i + kKeysAhead < rows.size() && ids_.Has(rows[i + kKeysAhead])) {
      const size_t id = static_cast<size_t>(ids_.IdOf(rows[i + kKeysAhead]));
      __builtin_prefetch(&keys_[id * key_count]);
      __builtin_prefetch(&group_of_[id]);
      for (size_t k = 0; k < key_count; ++k)
        if (is_text_[k]) __builtin_prefetch(&texts_[k][id]);
    }
    if (UpdateRow(rows[i], group, keys, column_rows.empty() ? i : column_rows[i]) && note_ranks) {
      const Group* now = group_of_[ranked_id_];
      moved_ranks_[i] = {ranked_id_, ranked_rank_, now, now->changes};
    }
  }
}

std::vector<std::optional<std::string_view>> TierIndex::Labels(
    const std::vector<int32_t>& rows) const {
  std::vector<std::optional<std::string_view>> labels(rows.size());
  // Each group's rank limits at its size now, found once.
  std::vector<std::pair<const Group*, std::vector<int64_t>>> limits;
  auto limits_of = [&](const Group* group) -> const std::vector<int64_t>& {
    for (const auto& [of, group_limits] : limits)
      if (of == group) return group_limits;
    return limits.emplace_back(group, ranking_.RankLimits(static_cast<int64_t>(group->rows.size())))
        .second;
  };
  const bool after_update = rows.size() == moved_ranks_.size();
  for (size_t i = 0; i < rows.size(); ++i) {
    const int32_t id = ids_.IdOf(rows[i]);
    const Group* group = group_of_[id];
    int64_t rank = 0;
    const MovedRank* moved = after_update ? &moved_ranks_[i] : nullptr;
    if (moved && moved->id == id && moved->group == group) {
      // Its rank now is within `drift` of the one its move returned; a cut
      // limit L labels the two alike unless L lies between them.
      const int64_t drift = group->changes - moved->changes;
      auto between = [&](int64_t limit) {
        return moved->rank - drift <= limit && limit < moved->rank + drift;
      };
      bool crossable = false;
      if (drift > 0) {
        const std::vector<int64_t>& group_limits = limits_of(group);
        crossable = std::any_of(group_limits.begin(), group_limits.end(), between);
      }
      rank = crossable ? Rank(rows[i]) : moved->rank;
    } else {
      rank = Rank(rows[i]);
    }
    labels[i] = ranking_.Label(rank, static_cast<int64_t>(group->rows.size()), FirstKey(rows[i]));
  }
  return labels;
}

TierIndex::Group* TierIndex::GroupAt(const Column* group, size_t i) {
  GroupKey value{true, 0, ""};
  if (group && !group->IsNull(i)) {
    if (group->type.id == TypeId::kString) {
      if (memo_dictionary_ != group->dictionary) {
        memo_dictionary_ = group->dictionary;
        memo_groups_.clear();
      }
      const uint32_t code = group->codes[i];
      if (code < memo_groups_.size() && memo_groups_[code]) return memo_groups_[code];
      value = {false, 0, std::string(group->StringAt(i))};
      auto& slot = groups_[value];
      if (!slot) slot = std::make_unique<Group>(this);
      if (code >= memo_groups_.size()) memo_groups_.resize(code + 1, nullptr);
      return memo_groups_[code] = slot.get();
    }
    value = {false, group->ints[i], ""};
  }
  auto& slot = groups_[value];
  if (!slot) slot = std::make_unique<Group>(this);
  return slot.get();
}

bool TierIndex::UpdateRow(int32_t row, const Column* group,
                          const std::vector<std::shared_ptr<const Column>>& keys, size_t i) {
  const int32_t id = IdOf(row);
  Group* now = GroupAt(group, i);
  Group* old = group_of_[id];
  bool same = old == now;
  PackedKey* packed = &keys_[static_cast<size_t>(id) * descending_.size()];
  for (size_t k = 0; same && k < keys.size(); ++k) {
    const Column& key = *keys[k];
    if (key.IsNull(i) || packed[k].null)
      same = key.IsNull(i) == packed[k].null;
    else if (key.type.id == TypeId::kString)
      same = texts_[k][id] == key.StringAt(i);
    else
      same = packed[k].value == key.ints[i];
  }
  if (same) return false;  // where it was
  // The new keys, packed, beside the old: the old entry is found by the
  // keys it was inserted with.
  fresh_.assign(keys.size(), PackedKey{});
  for (size_t k = 0; k < keys.size(); ++k) {
    const Column& key = *keys[k];
    is_text_[k] = key.type.id == TypeId::kString;
    fresh_[k].null = key.IsNull(i);
    if (!fresh_[k].null) fresh_[k].value = is_text_[k] ? TextPrefix(key.StringAt(i)) : key.ints[i];
  }
  auto take_fresh = [&] {
    for (size_t k = 0; k < keys.size(); ++k) {
      packed[k] = fresh_[k];
      if (is_text_[k] && !fresh_[k].null) texts_[k][id] = std::string(keys[k]->StringAt(i));
    }
  };
  if (old) {
    NoteSize(old);
    ++old->moved;
    ++old->changes;
    NoteSize(now);
    ++now->moved;
    ++now->changes;
    if (auto rank = old->rows.TryMove(EntryOf(id), now->rows, EntryWith(id, fresh_.data()))) {
      take_fresh();
      ranked_rank_ = static_cast<int64_t>(*rank) + 1;
      ranked_id_ = id;
      group_of_[id] = now;
      return true;
    }
    old->rows.Erase(EntryOf(id));  // found by the keys it was inserted with
  } else {
    NoteSize(now);
    ++now->moved;
    ++now->changes;
  }
  ranked_id_ = -1;
  take_fresh();
  ranked_rank_ = static_cast<int64_t>(now->rows.Insert(EntryOf(id))) + 1;
  ranked_id_ = id;
  group_of_[id] = now;
  return true;
}

int64_t TierIndex::Rank(int32_t row) const {
  const int32_t id = ids_.IdOf(row);
  if (id == ranked_id_) return ranked_rank_;
  return static_cast<int64_t>(group_of_[id]->rows.Rank(EntryOf(id))) + 1;
}

int64_t TierIndex::GroupSize(int32_t row) const {
  return static_cast<int64_t>(group_of_[ids_.IdOf(row)]->rows.size());
}

std::optional<int64_t> TierIndex::FirstKey(int32_t row) const {
  const int32_t id = ids_.IdOf(row);
  if (descending_.empty() || is_text_[0]) return std::nullopt;
  const PackedKey& first = keys_[static_cast<size_t>(id) * descending_.size()];
  if (first.null) return std::nullopt;
  return first.value;
}

void TierIndex::Settle() const {
  for (Group* group : touched_) {
    group->count_before = -1;
    group->moved = 0;
  }
  touched_.clear();
}

std::vector<TierIndex::Ranked> TierIndex::NearCuts(const std::vector<int32_t>& rows) const {
  std::vector<Ranked> near;
  std::vector<RankedBlocks::Entry> entries;  // one window's
  for (Group* group : touched_) {
    // A row that stayed moved by one place per row taken out before it
    // (up) or put in before it (down): with e taken out and i put in, its
    // rank r now and r' then have r' - e <= r <= r' + i. Its label changes
    // only if it crossed a cut's limit (L then, L' now): r' > L and r <= L'
    // puts it in [L + 1 - e, L']; r' <= L and r > L' in [L' + 1, L + i].
    const int64_t moved = group->moved;  // e + i
    const int64_t count = static_cast<int64_t>(group->rows.size());
    const std::vector<int64_t> then = ranking_.RankLimits(group->count_before);
    const std::vector<int64_t> now = ranking_.RankLimits(count);
    // The windows, merged where they overlap (old and new limits are often
    // the same), each walked in order from its first rank.
    std::vector<std::pair<int64_t, int64_t>> windows;
    for (size_t cut = 0; cut < now.size(); ++cut) {
      if (now[cut] == INT64_MAX || then[cut] == INT64_MAX) continue;  // no rank limit
      windows.emplace_back(std::max<int64_t>(1, std::min(then[cut] + 1 - moved, now[cut] + 1)),
                           std::min(count, std::max(now[cut], then[cut] + moved)));
    }
    std::sort(windows.begin(), windows.end());
    int64_t next = 1;  // the first rank not yet looked at
    for (auto [first, last] : windows) {
      first = std::max(first, next);
      if (first > last) continue;
      // The entries first, then their rows: a window of a large family's
      // move is thousands of ids, whose rows are asked for ahead.
      entries.clear();
      group->rows.Visit(static_cast<size_t>(first - 1), static_cast<size_t>(last),
                        [&](const RankedBlocks::Entry& entry) { entries.push_back(entry); });
      for (size_t e = 0; e < entries.size(); ++e) {
        if (e + kPrefetchAhead < entries.size())
          __builtin_prefetch(ids_.RowOfData() + entries[e + kPrefetchAhead].id);
        const int32_t row = ids_.RowOf(entries[e].id);
        if (!std::binary_search(rows.begin(), rows.end(), row))
          near.push_back({row, first + static_cast<int64_t>(e), count, FirstKeyOf(entries[e])});
      }
      next = last + 1;
    }
    group->count_before = -1;
    group->moved = 0;
  }
  touched_.clear();
  return near;
}

}  // namespace acctseg

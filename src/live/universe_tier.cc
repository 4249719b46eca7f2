#include "live/universe_tier.h"

#include <algorithm>

namespace acctseg {

TierIndex::TierIndex(const GroupRanking& ranking)
    : ranking_(ranking), descending_(ranking.Descending()) {
  numbers_.resize(descending_.size());
  texts_.resize(descending_.size());
  nulls_.resize(descending_.size());
  is_text_.resize(descending_.size());
}

void TierIndex::Grow(size_t rows) {
  if (group_of_.size() >= rows) return;
  group_of_.resize(rows, nullptr);
  for (size_t k = 0; k < descending_.size(); ++k) {
    numbers_[k].resize(rows);
    texts_[k].resize(rows);
    nulls_[k].resize(rows);
  }
}

void TierIndex::Clear() {
  groups_.clear();
  group_of_.clear();
  touched_.clear();
}

bool TierIndex::Precedes(int32_t a, int32_t b) const {
  for (size_t k = 0; k < descending_.size(); ++k) {
    const bool null_a = nulls_[k][a], null_b = nulls_[k][b];
    if (null_a || null_b) {
      if (null_a != null_b) return null_b;  // NULLs sort last either way
      continue;
    }
    int order = 0;
    if (is_text_[k]) {
      int c = texts_[k][a].compare(texts_[k][b]);
      order = c < 0 ? -1 : c > 0;
    } else {
      order = numbers_[k][a] < numbers_[k][b] ? -1 : numbers_[k][a] > numbers_[k][b];
    }
    if (order != 0) return descending_[k] ? order > 0 : order < 0;
  }
  return a < b;  // tied rows keep input order
}

void TierIndex::Update(const std::vector<int32_t>& rows, const Column* group,
                       const std::vector<std::shared_ptr<const Column>>& keys) {
  if (!rows.empty()) Grow(static_cast<size_t>(*std::max_element(rows.begin(), rows.end())) + 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    const int32_t row = rows[i];
    if (Group* old = group_of_[row]) {
      if (old->count_before < 0) {
        old->count_before = static_cast<int64_t>(old->rows.size());
        touched_.push_back(old);
      }
      old->rows.erase(row);  // found by the keys it was inserted with
    }
    for (size_t k = 0; k < keys.size(); ++k) {
      const Column& key = *keys[k];
      is_text_[k] = key.type.id == TypeId::kString;
      nulls_[k][row] = key.IsNull(i);
      if (key.IsNull(i)) continue;
      if (is_text_[k])
        texts_[k][row] = std::string(key.StringAt(i));
      else
        numbers_[k][row] = key.ints[i];
    }
    GroupKey value{true, 0, ""};
    if (group && !group->IsNull(i)) {
      if (group->type.id == TypeId::kString)
        value = {false, 0, std::string(group->StringAt(i))};
      else
        value = {false, group->ints[i], ""};
    }
    auto& slot = groups_[value];
    if (!slot) slot = std::make_unique<Group>(this);
    if (slot->count_before < 0) {
      slot->count_before = static_cast<int64_t>(slot->rows.size());
      touched_.push_back(slot.get());
    }
    slot->rows.insert(row);
    group_of_[row] = slot.get();
  }
}

int64_t TierIndex::Rank(int32_t row) const {
  return static_cast<int64_t>(group_of_[row]->rows.order_of_key(row)) + 1;
}

int64_t TierIndex::GroupSize(int32_t row) const {
  return static_cast<int64_t>(group_of_[row]->rows.size());
}

std::optional<int64_t> TierIndex::FirstKey(int32_t row) const {
  if (descending_.empty() || is_text_[0] || nulls_[0][row]) return std::nullopt;
  return numbers_[0][row];
}

std::vector<TierIndex::Ranked> TierIndex::NearCuts(const std::vector<int32_t>& rows) const {
  std::vector<Ranked> near;
  // A row outside `rows` moved by at most rows.size() places; it changes
  // label only if it crossed a cut's rank limit, old or new.
  const int64_t reach = static_cast<int64_t>(rows.size()) + 1;
  for (Group* group : touched_) {
    const int64_t count = static_cast<int64_t>(group->rows.size());
    std::vector<int64_t> limits = ranking_.RankLimits(group->count_before);
    std::vector<int64_t> now = ranking_.RankLimits(count);
    limits.insert(limits.end(), now.begin(), now.end());
    for (int64_t limit : limits) {
      if (limit == INT64_MAX) continue;
      for (int64_t rank = std::max<int64_t>(1, limit - reach);
           rank <= std::min(count, limit + reach); ++rank) {
        int32_t row = *group->rows.find_by_order(static_cast<size_t>(rank - 1));
        if (std::find(rows.begin(), rows.end(), row) == rows.end())
          near.push_back({row, rank, count});
      }
    }
    group->count_before = -1;
  }
  touched_.clear();
  return near;
}

}  // namespace acctseg

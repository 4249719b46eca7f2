#include "live/universe_family_reads.h"

#include <algorithm>
#include <span>

#include "common/error.h"
#include "expr/bound_expr.h"

namespace acctseg {

FamilyReads::FamilyReads(const std::vector<int32_t>& rows, const std::vector<Cell>& set_cells,
                         size_t input_slots, const FamilyIndex& families, const RunState& full)
    : rows_(rows),
      set_cells_(set_cells),
      input_slots_(input_slots),
      families_(families),
      full_(full) {
  std::sort(set_cells_.begin(), set_cells_.end());
}

std::pair<FamilyReads::TopRows::const_iterator, FamilyReads::TopRows::const_iterator>
FamilyReads::RowsOfTop(int32_t top) const {
  return std::equal_range(rows_of_top_.begin(), rows_of_top_.end(), TopRows::value_type{top, 0},
                          [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::vector<FamilyReads::Cell> FamilyReads::CellsOf(const std::vector<int32_t>& updated,
                                                    const std::vector<int>& changed_inputs) {
  std::vector<Cell> cells;
  for (int32_t row : updated)
    for (int slot : changed_inputs) cells.emplace_back(row, slot);
  return cells;
}

const std::vector<int32_t>& FamilyReads::FamilyOf(int32_t row) const {
  const int32_t top = full_.data.hierarchy->global_row[row];
  auto it = members_of_top_.find(top);
  if (it == members_of_top_.end()) {
    std::vector<int32_t> members;
    families_.MembersOf(top, members);
    it = members_of_top_.emplace(top, std::move(members)).first;
  }
  if (!it->second.empty()) return it->second;
  alone_ = {row};
  return alone_;
}

bool FamilyReads::InRows(int32_t row, size_t* at) const {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), row);
  if (it == rows_.end() || *it != row) return false;
  *at = static_cast<size_t>(it - rows_.begin());
  return true;
}

bool FamilyReads::ChangedAt(int slot, size_t i, const RunState& subset,
                            const std::vector<bool>& copied) const {
  // The universe's inputs already hold the update's values: what changed
  // is what the update set.
  if (static_cast<size_t>(slot) < input_slots_)
    return std::binary_search(set_cells_.begin(), set_cells_.end(), Cell{rows_[i], slot});
  const auto& mine = subset.data.slots[slot];
  if (!mine || copied[slot]) return false;
  return !SameValue(*mine, i, *full_.data.slots[slot], rows_[i]);
}

namespace {

// The members' values of `slot`: the re-run rows' from the subset, the
// others' from the universe, in one column. The universe's dictionary
// serves when it holds every re-run row's text (the usual case: own_segment
// takes a handful of values); else the text is interned anew.
std::shared_ptr<Column> MemberValues(const Column& full, const Column* mine,
                                     const std::vector<int32_t>& members,
                                     const std::vector<int32_t>& rows,
                                     std::span<const std::pair<int32_t, size_t>> rerun) {
  // The member's subset row, or -1: found from the family's re-run rows
  // (`rerun`: their places in `rows`; mostly one), not by a search of a
  // batch's thousand rows for each of a family's thousands of members.
  std::vector<int64_t> at(members.size(), -1);
  const bool is_string = full.type.id == TypeId::kString;
  bool shared = is_string;
  if (mine)
    for (const auto& [top, i] : rerun) {
      auto it = std::lower_bound(members.begin(), members.end(), rows[i]);
      if (it == members.end() || *it != rows[i]) continue;
      at[it - members.begin()] = static_cast<int64_t>(i);
      if (shared && !mine->IsNull(i)) shared = full.dictionary->Find(mine->StringAt(i)).has_value();
    }
  auto values = std::make_shared<Column>(Column::Make(full.type, members.size(), true));
  std::shared_ptr<Dictionary> own;
  if (is_string && !shared) own = std::make_shared<Dictionary>();
  for (size_t m = 0; m < members.size(); ++m) {
    const Column& from = at[m] >= 0 ? *mine : full;
    const size_t row = at[m] >= 0 ? static_cast<size_t>(at[m]) : members[m];
    values->nulls.Set(m, from.IsNull(row));
    if (values->nulls[m]) continue;
    if (!is_string)
      values->ints.Set(m, from.ints[row]);
    else if (own)
      values->codes.Set(m, own->Intern(from.StringAt(row)));
    else
      values->codes.Set(
          m, &from == &full ? full.codes[row] : *full.dictionary->Find(from.StringAt(row)));
  }
  if (is_string) {
    if (own && own->size() == 0) own->Intern("");
    values->dictionary = own ? std::shared_ptr<const Dictionary>(own) : full.dictionary;
  }
  return values;
}

// The slots an aggregate's argument reads, and whether all of its own row.
bool ArgumentSlots(const BoundExpr& expr, std::vector<int>& slots) {
  bool own = true;
  if (const ColumnRead* read = expr.AsColumnRead()) {
    slots.push_back(read->slot);
    own = read->source == RowSource::kSelf;
  }
  for (const auto& child : expr.children()) own &= ArgumentSlots(*child, slots);
  return own;
}

}  // namespace

bool FamilyReads::FamilyLevel(const CompiledStep& step) {
  const ExprReads& reads = step.dependencies.reads;
  return step.other_reads() == CompiledStep::OtherReads::kNothing && !step.ranking() &&
         reads.own_slots.empty() && reads.parent_slots.empty();
}

bool FamilyReads::PrepareStep(const CompiledStep& step, RunState& subset,
                              const std::vector<bool>& copied, std::vector<size_t>* refused,
                              bool confirm_after) {
  const Hierarchy& hierarchy = *full_.data.hierarchy;
  unconfirmed_.clear();
  const bool family_level = confirm_after && FamilyLevel(step);
  // Row i's family must re-run: stop at the first, or note every one.
  bool any_refused = false;
  auto refuse = [&](size_t i) {
    any_refused = true;
    if (refused) refused->push_back(i);
    return refused == nullptr;  // whether to stop here
  };
  // Row i's family sees a new value: unless the step's result is the
  // family's alone, and ConfirmAfterRun finds it unchanged, the family
  // must re-run. Returns whether to stop here.
  auto family_sees_change = [&](size_t i) {
    if (!family_level) return refuse(i);
    unconfirmed_.push_back(i);
    return false;
  };
  const ExprReads& reads = step.dependencies.reads;
  // The re-run rows in `top`'s family (subset rows), and how many: a batch
  // re-runs a thousand rows at once, so not by a scan of them all per row.
  if (rows_of_top_.empty()) {
    for (size_t i = 0; i < rows_.size(); ++i)
      rows_of_top_.emplace_back(hierarchy.global_row[rows_[i]], i);
    std::sort(rows_of_top_.begin(), rows_of_top_.end());
  }
  auto rows_in = [&](int32_t top) {
    auto [first, last] = RowsOfTop(top);
    return static_cast<size_t>(last - first);
  };
  // global. and parent. reads of a changed value by a row outside: of the
  // top of a family with other members, of a parent by its children.
  for (int slot : reads.global_slots)
    for (size_t i = 0; i < rows_.size(); ++i) {
      const int32_t row = rows_[i];
      if (hierarchy.global_row[row] == row && ChangedAt(slot, i, subset, copied) &&
          rows_in(row) < FamilyOf(row).size() && family_sees_change(i))
        return false;
    }
  for (int slot : reads.parent_slots)
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (!ChangedAt(slot, i, subset, copied)) continue;
      size_t at;
      for (int32_t member : FamilyOf(rows_[i]))
        if (hierarchy.parent_row[member] == rows_[i] && !InRows(member, &at)) {
          if (refuse(i)) return false;
          break;
        }
    }
  // Family aggregates: one value per subset row, its family's, re-folded
  // where a re-run member's argument changed.
  for (const BoundExpr* node : reads.family_aggregates) {
    const BoundExpr& argument = *node->FamilyArgument();
    std::vector<int> argument_slots;
    const bool own_row = ArgumentSlots(argument, argument_slots);
    const ColumnRead* read = argument.AsColumnRead();
    const Column& prepared = *full_.data.prepared[node->id()];
    MutableColumn per_row;
    per_row.column = std::make_shared<Column>(Column::Make(node->type(), rows_.size(), true));
    if (node->type().id == TypeId::kString) {
      per_row.dictionary = std::make_shared<Dictionary>();
      per_row.column->dictionary = per_row.dictionary;
    }
    for (size_t i = 0; i < rows_.size(); ++i) {
      const int32_t top = hierarchy.global_row[rows_[i]];
      auto found = refolded_at_.find({node, top});
      auto done = found == refolded_at_.end() ? refolded_.end() : refolded_.begin() + found->second;
      if (done == refolded_.end()) {
        bool changed = false;
        for (auto [first, last] = RowsOfTop(top); first != last; ++first)
          for (int slot : argument_slots) changed |= ChangedAt(slot, first->second, subset, copied);
        if (!changed) {
          per_row.Write(i, prepared, top);
          continue;
        }
        // Re-folded from a column of the members' values: a plain column
        // of the row (FAMILY_MAX(own_segment)); other arguments re-run the family.
        if (!read || !own_row) {
          if (refuse(i)) return false;
          continue;
        }
        const std::vector<int32_t>& members = FamilyOf(rows_[i]);
        auto [first, last] = RowsOfTop(top);
        auto values =
            MemberValues(*full_.data.slots[read->slot], subset.data.slots[read->slot].get(),
                         members, rows_, std::span(first, last));
        auto value = std::make_shared<Column>();
        int32_t source;
        try {
          source = node->FoldFamily(*values, members, *value);
        } catch (const RowError&) {
          if (refuse(i)) return false;  // an overflow: the family's re-run reports it
          continue;
        }
        // A new value reaches every member: only when all of them re-run
        // (or the step's result, the family's alone, stays as it was).
        if (!SameValue(*value, 0, prepared, top) && rows_in(top) < members.size()) {
          if (family_sees_change(i)) return false;
          if (!family_level) continue;
        }
        refolded_at_[{node, top}] = refolded_.size();
        refolded_.push_back({node, top, value, source});
        done = refolded_.end() - 1;
      }
      per_row.Write(i, *done->value, 0);
    }
    subset.data.prepared[node->id()] = per_row.column;
  }
  return !any_refused;
}

bool FamilyReads::ConfirmAfterRun(const CompiledStep& step, size_t s, const RunState& subset,
                                  std::vector<size_t>* refused) {
  // The trace as WriteBackRow would write it back.
  auto same_trace = [&](size_t i, int32_t row) {
    bool same = true;
    ForEachRowTrace(subset.traces[s], full_.traces[s],
                    [&](const auto& mine, const auto& theirs) { same &= mine[i] == theirs[row]; });
    return same;
  };
  const uint64_t bits = step.dependencies.issue_bits;
  bool confirmed = true;
  for (size_t i : unconfirmed_) {
    const int32_t row = rows_[i];
    bool same = same_trace(i, row) && (subset.issues[i] & bits) == (full_.issues[row] & bits);
    for (int slot = step.dependencies.first_output; same && slot < step.dependencies.end_output;
         ++slot)
      same = !subset.data.slots[slot] ||
             SameValue(*subset.data.slots[slot], i, *full_.data.slots[slot], row);
    if (same) continue;
    confirmed = false;
    if (!refused) break;
    refused->push_back(i);
  }
  unconfirmed_.clear();
  return confirmed;
}

void FamilyReads::WriteBack(RunState& subset, MutableRun& run) {
  for (const Refolded& r : refolded_) {
    run.prepared[r.node->id()].Write(r.top, *r.value, 0);
    if (run.prepared_source[r.node->id()]) (*run.prepared_source[r.node->id()])[r.top] = r.source;
  }
  for (auto& prepared : subset.data.prepared) prepared = nullptr;
  for (auto& source : subset.data.prepared_source) source = nullptr;
}

}  // namespace acctseg

// The incremental path: an event re-segments only the rows it can change —
// the account's family (every step but tier decides a row from itself and
// its family), and the rows whose rank crosses a tier cut (and their
// families), found by the tier indexes. The compiled steps run on a small
// RunState of those rows; their results are written back by value.
#include <algorithm>

#include "common/error.h"
#include "live/universe_family_reads.h"
#include "live/universe_reruns.h"
#include "live/universe_state.h"

namespace acctseg {
namespace {

// The slot of `full` that holds `column`; -1 when none does.
int SlotOf(const RunState& full, const std::shared_ptr<const Column>& column) {
  for (size_t slot = 0; slot < full.data.slots.size(); ++slot)
    if (column && full.data.slots[slot] == column) return static_cast<int>(slot);
  return -1;
}

// Whether a row-local re-run that marked `changed` may have changed the
// slot (-1: a column that is no slot: it may).
bool MayHaveChanged(int slot, const ChangedSlots& changed) {
  return slot < 0 || changed.Marked(slot);
}

}  // namespace

bool LiveState::CanFollow() const {
  if (options.full_trace || plan->inputs().size() > 1) return false;
  for (const auto& step : plan->steps()) {
    const std::string kind = step->kind();
    if (step->table != 0 || kind == "dedupe" || kind == "aggregate") return false;
  }
  return true;
}

void LiveState::Adopt() {
  incremental = CanFollow();
  row_local = incremental && CanRerunRowLocally(*plan);
  batchable = row_local && TierOutputsUnread();
  if (!incremental) return;
  RunState& full = execution->state;
  const size_t inputs = accounts->input().columns.size();
  run = AdoptRun(full, inputs);
  // The accounts' own columns, not the copy a run may have compacted: they grow with creates.
  for (size_t i = 0; i < inputs; ++i) full.data.slots[i] = accounts->shared_column(i);
  lines = std::make_shared<CsvReadResult>();
  lines->row_lines = accounts->row_lines();
  execution->input = lines;
  full.row_lines = &lines->row_lines;
  // The outputs read the writable columns ("issues" is text kept beside the masks).
  const Table& was = execution->result.outputs;
  issues_text = {};
  output_columns.clear();
  for (size_t c = 0; c < was.column_count(); ++c) {
    std::shared_ptr<const Column> column = execution->ColumnNamed(was.name(c));
    if (was.name(c) == "issues" && column.get() == &was.column(c)) {
      issues_text = MutableColumn::CopyOf(was.column(c));
      column = issues_text.column;
    }
    output_columns.push_back(column);
  }
  summary_slots.clear();
  for (const auto* names : {&plan->summary_dimensions(), &plan->summary_measures()})
    for (const std::string& name : *names)
      summary_slots.push_back(SlotOf(full, execution->ColumnNamed(name)));
  RebuildOutputs();
  if (run.hierarchy)
    families.Reset(run.hierarchy->global_row);
  else
    families.Reset(accounts->row_count());
  tiers.clear();
  tiers.resize(plan->steps().size());
  std::vector<int32_t> all(accounts->row_count());
  for (size_t row = 0; row < all.size(); ++row) all[row] = static_cast<int32_t>(row);
  for (size_t s = 0; s < plan->steps().size(); ++s) {
    const GroupRanking* ranking = plan->steps()[s]->ranking();
    if (!ranking) continue;
    tiers[s] = std::make_unique<TierIndex>(*ranking);
    auto group = ranking->GroupColumn(full.data);
    tiers[s]->Update(all, group.get(), ranking->OrderColumns(full.data));
    tiers[s]->Settle();  // the batch run labelled every row
  }
}

std::vector<int32_t> LiveState::FamilyOf(int32_t row) const {
  std::vector<int32_t> members;
  if (run.hierarchy && families.MembersOf(run.hierarchy->global_row[row], members)) return members;
  return {row};
}

namespace {

void Merge(std::vector<int32_t>& into, const std::vector<int32_t>& rows) {
  into.insert(into.end(), rows.begin(), rows.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

// RowText, and where events changed a row read from the file, that its
// line no longer holds the values that failed.
std::string LiveRowText(const RunState& subset, size_t row, bool changed_by_events) {
  std::string text = RowText(subset, row);
  const bool from_file = subset.row_lines && row < subset.row_lines->size() &&
                         (*subset.row_lines)[row] != RowLines::kNoLine;
  if (!changed_by_events || !from_file) return text;
  if (text.back() == ')') text.pop_back();
  return text + (subset.key_slot < 0 ? " (" : ", ") + "since changed by events)";
}

std::string IssuesText(uint64_t mask, const std::vector<std::string>& codes,
                       const std::string& separator) {
  std::string text;
  for (size_t bit = 0; bit < codes.size(); ++bit)
    if (mask >> bit & 1) text += (text.empty() ? "" : separator) + codes[bit];
  return text;
}

}  // namespace

std::optional<std::vector<int32_t>> LiveState::Resegment(std::vector<int32_t> rows,
                                                         std::vector<bool>* outputs_changed,
                                                         const std::vector<int>* changed_inputs,
                                                         const std::vector<int32_t>* updated_rows) {
  RunState& full = execution->state;
  const size_t inputs = accounts->input().columns.size();
  RowLines lines;
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  const std::vector<int32_t> updated = updated_rows ? *updated_rows : rows;  // (row-local)
  for (;;) {
    const bool local = changed_inputs != nullptr;
    RunState subset = SubsetState(*accounts, rows, full, lines, !local);
    ChangedSlots changed(local ? full.data.slots.size() : 0);
    std::vector<bool> copied(local ? full.data.slots.size() : 0, false);
    if (local)
      for (int slot : *changed_inputs) changed.Mark(slot);
    // Row-local, a step reading through the family reads the universe's
    // families (universe_family_reads.h).
    OuterFamilies outer{&full.data, &rows};
    std::optional<FamilyReads> family_reads;
    if (local && run.hierarchy) {
      family_reads.emplace(rows, FamilyReads::CellsOf(updated, *changed_inputs), inputs, families,
                           full);
      subset.data.outer = &outer;
    }
    std::vector<int32_t> crossed;  // rows outside `rows` whose tier label changes
    // When only their label changes (row-local, and no step reads a tier's
    // output: `batchable`), they are relabelled here instead of re-run.
    std::vector<std::pair<int32_t, std::optional<std::string_view>>> pushed;
    std::vector<int> pushed_slot;
    // Until the first tier step moves rows in its index, a family's
    // re-run may still be found needed after a step ran (FamilyReads).
    bool ranked_before = false;
    for (size_t s = 0; s < plan->steps().size(); ++s) {
      const CompiledStep& step = *plan->steps()[s];
      const bool confirm_after = !ranked_before;
      ranked_before |= step.ranking() != nullptr;
      if (local) {
        if (!changed.ReadBy(step)) {
          KeepStep(step, rows, full, subset);
          continue;
        }
        CopyReads(step, rows, full, subset, copied);
        if (step.dependencies.reads.through_family &&
            !(family_reads &&
              family_reads->PrepareStep(step, subset, copied, nullptr, confirm_after)))
          return std::nullopt;
      }
      const GroupRanking* ranking = step.ranking();
      if (!ranking) {
        try {
          step.Run(subset, subset.traces[s]);
        } catch (const RowError& e) {
          throw Error(
              e.kind(),
              (e.where().empty() ? step.where : e.where()) + ": " + e.what() + " " +
                  LiveRowText(subset, e.row(),
                              e.row() < rows.size() && accounts->ChangedByEvents(rows[e.row()])));
        }
        if (family_reads && !family_reads->ConfirmAfterRun(step, s, subset)) return std::nullopt;
        if (local) changed.MarkDiffering(step, rows, subset.data, full.data);
        continue;
      }
      TierIndex& index = *tiers[s];
      auto group = ranking->GroupColumn(subset.data);
      auto keys = ranking->OrderColumns(subset.data);
      index.Update(rows, group.get(), keys);
      auto out = std::make_shared<Column>(Column::Make(DataType::String(), rows.size(), true));
      auto labels = std::make_shared<Dictionary>();
      const std::vector<std::optional<std::string_view>> row_labels = index.Labels(rows);
      for (size_t i = 0; i < rows.size(); ++i) {
        const std::optional<std::string_view>& label = row_labels[i];
        out->nulls.Set(i, !label);
        out->codes.Set(i, label ? labels->Intern(*label) : 0);
      }
      if (labels->size() == 0) labels->Intern("");
      out->dictionary = labels;
      subset.data.slots[ranking->OutputSlot()] = out;
      if (local) changed.MarkDiffering(step, rows, subset.data, full.data);
      const Column& now = *full.data.slots[ranking->OutputSlot()];
      const std::vector<TierIndex::Ranked> near_cuts = index.NearCuts(rows);
      for (size_t n = 0; n < near_cuts.size(); ++n) {
        if (n + kPrefetchAhead < near_cuts.size()) now.Prefetch(near_cuts[n + kPrefetchAhead].row);
        const TierIndex::Ranked& near = near_cuts[n];
        auto label = ranking->Label(near.rank, near.count, near.first_key);
        const bool same = label ? !now.IsNull(near.row) && now.StringAt(near.row) == *label
                                : now.IsNull(near.row);
        if (same) continue;
        if (local && batchable) {
          pushed.push_back({near.row, label});
          pushed_slot.push_back(ranking->OutputSlot());
        } else {
          crossed.push_back(near.row);
        }
      }
    }
    if (!crossed.empty()) {
      std::vector<int32_t> joining;
      for (int32_t row : crossed) {
        // Row-local re-runs change no family's reads: the row alone.
        std::vector<int32_t> family = local ? std::vector<int32_t>{row} : FamilyOf(row);
        joining.insert(joining.end(), family.begin(), family.end());
      }
      Merge(rows, joining);
      continue;  // again from the start, with their families
    }
    std::vector<int32_t> changed_rows = rows;  // with the pushed ones
    for (const auto& [row, label] : pushed) changed_rows.push_back(row);
    std::sort(changed_rows.begin(), changed_rows.end());
    changed_rows.erase(std::unique(changed_rows.begin(), changed_rows.end()), changed_rows.end());
    // A row-local re-run changes only the slots it marked and the labels
    // it pushed (and the issues): the other columns need no writing back
    // and no recounting. A family moving to another segment changes its
    // members' segment, region and tier, not their scores or potential.
    if (local) {
      for (int slot : pushed_slot) changed.Mark(slot);
      for (size_t slot = inputs; slot < subset.data.slots.size(); ++slot)
        if (!changed.Marked(static_cast<int>(slot))) subset.data.slots[slot] = nullptr;
    }
    // The families of these rows are theirs alone: re-index them (a
    // row-local re-run changes no family).
    if (run.hierarchy && !local)
      for (int32_t row : rows) families.Erase(run.hierarchy->global_row[row]);
    // Columns copied in, not computed, need no writing back.
    for (size_t slot = 0; slot < copied.size(); ++slot)
      if (copied[slot]) subset.data.slots[slot] = nullptr;
    if (family_reads) family_reads->WriteBack(subset, run);
    // Which rows' outputs changed, as they are written: their computed
    // slots, the labels pushed, the issues' text (the inputs change on the
    // updated rows alone, which the caller compares itself).
    std::vector<bool> slots_changed;
    WriteBack(subset, rows, inputs, run, full, &slots_changed);
    if (outputs_changed) outputs_changed->assign(changed_rows.size(), false);
    auto note = [&](int32_t row) {
      if (!outputs_changed) return;
      const auto at = std::lower_bound(changed_rows.begin(), changed_rows.end(), row);
      (*outputs_changed)[at - changed_rows.begin()] = true;
    };
    for (size_t i = 0; i < rows.size(); ++i)
      if (slots_changed[i]) note(rows[i]);
    for (size_t p = 0; p < pushed.size(); ++p)
      if (run.slots[pushed_slot[p]].WriteText(pushed[p].first, pushed[p].second))
        note(pushed[p].first);
    if (run.hierarchy && !local) {
      std::unordered_map<int32_t, std::vector<int32_t>> members;
      for (int32_t row : rows) members[run.hierarchy->global_row[row]].push_back(row);
      for (auto& [top, family] : members)
        if (family.size() > 1) families.Set(top, family);
    }
    RefreshIssuesText(changed_rows, outputs_changed);
    if (!local || std::any_of(summary_slots.begin(), summary_slots.end(),
                              [&](int slot) { return MayHaveChanged(slot, changed); }))
      summary.Recount(changed_rows);
    return changed_rows;
  }
}

void LiveState::RefreshIssuesText(const std::vector<int32_t>& rows, std::vector<bool>* changed) {
  if (!issues_text.column) return;
  // Written as text straight away: a one-row column and dictionary per row
  // cost more than the text.
  for (size_t i = 0; i < rows.size(); ++i)
    if (issues_text.WriteText(rows[i],
                              IssuesText(execution->state.issues[rows[i]], plan->issue_codes(),
                                         plan->policy().output.issues_separator)) &&
        changed)
      (*changed)[i] = true;
}

void LiveState::RefreshTierTrace(int32_t row) {
  for (size_t s = 0; s < tiers.size(); ++s) {
    if (!tiers[s]) continue;
    StepTrace& trace = execution->state.traces[s];
    trace.rank[row] = static_cast<int32_t>(tiers[s]->Rank(row));
    trace.group_size[row] = static_cast<int32_t>(tiers[s]->GroupSize(row));
  }
}

}  // namespace acctseg

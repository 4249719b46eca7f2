// LiveUniverse::ApplyBatch: a run of updates re-segmented as one unit where
// that gives exactly what applying them one by one gives
// (docs/architecture.md, "Batches of events").
//
// Updates of accounts in distinct families that each re-run on their own
// row (universe_reruns.h) do not see each other through any step but tier:
// every other step decides a row from the row and its family. So their
// rows run through those steps together, in one small RunState — one set
// of columns, dictionaries and expression evaluations for the whole run
// instead of one per event — and only the tier, which ranks a row among its
// whole group, is then taken event by event, in order, exactly as Apply
// takes it: the row moves in its group's order, its label is read, and the
// rows it pushes across a cut are relabelled. Each event's outputs before
// and after, and so its answer, are what Apply would report.
//
// Everything else goes through Apply: creates, removes, parent changes,
// an update of an account (or family) already in the run, and an update
// whose family's view changes (those are found by running the run's rows
// and set aside; the run is cut there, in event order).
#include <algorithm>
#include <exception>
#include <optional>
#include <set>

#include "common/error.h"
#include "live/universe.h"
#include "live/universe_family_reads.h"
#include "live/universe_reruns.h"
#include "live/universe_state.h"

namespace acctseg {

bool LiveState::TierOutputsUnread() const {
  for (const auto& tier : plan->steps()) {
    if (!tier->ranking()) continue;
    if (tier->dependencies.issue_bits) return false;
    const StepDependencies& outputs = tier->dependencies;
    for (const auto& step : plan->steps())
      for (int slot : step->dependencies.reads.slots)
        if (slot >= outputs.first_output && slot < outputs.end_output) return false;
  }
  return true;
}

namespace {

// One update of a run: the event, its row and what it sets.
struct RunEvent {
  size_t index;  // in the batch
  int32_t row;
  UpdateCells update;
};

// The run's rows put through every step but tier, together.
struct RunPass {
  std::vector<int32_t> rows;  // increasing
  std::vector<size_t> at;     // per run event, its row's place in `rows`
  RunState subset;
  RowLines lines;
  std::vector<size_t> refused;  // run events whose family must re-run (then nothing else)
  std::vector<int> copied;      // slots copied in from the universe, not computed
  // Per tier step: what it groups and orders the pass's rows by.
  struct Tier {
    const GroupRanking* ranking;
    TierIndex* index;
    std::shared_ptr<const Column> group;
    std::vector<std::shared_ptr<const Column>> keys;
  };
  std::vector<Tier> tiers;
};

class RunApplier {
 public:
  RunApplier(LiveState& live, LiveUniverse& universe, const std::vector<const LiveEvent*>& events,
             std::vector<LiveUniverse::Outcome>& outcomes)
      : live_(live), universe_(universe), events_(events), outcomes_(outcomes) {}

  // Applies the run (events in batch order), cutting it where an event's
  // family must re-run.
  void Apply(std::vector<RunEvent>& run) {
    if (run.size() < 2) {
      for (const RunEvent& event : run) ApplyOne(event.index);
      return;
    }
    auto pass = std::make_unique<RunPass>();  // not moved: the subset points into it
    try {
      Pass(run, *pass);
    } catch (const Error&) {
      // A value the plan cannot take: one by one, each event gets its own answer.
      for (const RunEvent& event : run) ApplyOne(event.index);
      return;
    }
    if (pass->refused.empty()) {
      Finish(run, *pass);
      return;
    }
    // The events before each refused one, as a run; the refused one alone.
    std::vector<bool> refused(run.size(), false);
    for (size_t e : pass->refused) refused[e] = true;
    pass.reset();
    std::vector<RunEvent> part;
    for (size_t e = 0; e < run.size(); ++e) {
      if (!refused[e]) {
        part.push_back(std::move(run[e]));
        continue;
      }
      Apply(part);
      part.clear();
      ApplyOne(run[e].index);
    }
    Apply(part);
  }

  void ApplyOne(size_t index) {
    try {
      outcomes_[index].result = universe_.Apply(*events_[index]);
    } catch (...) {
      outcomes_[index].error = std::current_exception();
    }
  }

 private:
  // Sets every event's values, runs the rows through the steps but tier
  // with the universe's families (as Resegment does for one row), puts the
  // old values back, and fills `pass` with the subset; or the events refused.
  void Pass(const std::vector<RunEvent>& run, RunPass& pass) {
    LiveAccounts& accounts = *live_.accounts;
    RunState& full = live_.execution->state;
    const size_t inputs = accounts.input().columns.size();
    std::set<int> changed_inputs;
    for (const RunEvent& event : run) {
      pass.rows.push_back(event.row);
      for (const auto& [index, cell] : event.update.cells)
        changed_inputs.insert(static_cast<int>(index));
    }
    std::sort(pass.rows.begin(), pass.rows.end());
    for (const RunEvent& event : run)
      pass.at.push_back(std::lower_bound(pass.rows.begin(), pass.rows.end(), event.row) -
                        pass.rows.begin());
    const std::vector<int> changed_list(changed_inputs.begin(), changed_inputs.end());

    // The values the events set, for the pass only: each event sets its
    // own again at its turn, so that its "before" is what Apply would see.
    for (const RunEvent& event : run)
      for (const auto& [index, cell] : event.update.cells) accounts.Set(event.row, index, cell);
    struct Restore {
      LiveAccounts& accounts;
      const std::vector<RunEvent>& run;
      ~Restore() {
        for (const RunEvent& event : run)
          for (const auto& [index, cell] : event.update.undo) accounts.Set(event.row, index, cell);
      }
    } restore{accounts, run};

    pass.subset = SubsetState(accounts, pass.rows, full, pass.lines, false);
    RunState& subset = pass.subset;
    ChangedSlots changed(full.data.slots.size());
    std::vector<bool> copied(full.data.slots.size(), false);
    for (int slot : changed_list) changed.Mark(slot);
    OuterFamilies outer{&full.data, &pass.rows};
    std::optional<FamilyReads> family_reads;
    if (live_.run.hierarchy) {
      family_reads.emplace(pass.rows, pass.rows, changed_list, inputs, live_.families, full);
      subset.data.outer = &outer;
    }
    std::vector<size_t> refused_rows;
    for (size_t s = 0; s < live_.plan->steps().size(); ++s) {
      const CompiledStep& step = *live_.plan->steps()[s];
      if (step.ranking()) continue;  // event by event, in Finish
      if (!changed.ReadBy(step)) {
        KeepStep(step, pass.rows, full, subset);
        continue;
      }
      CopyReads(step, pass.rows, full, subset, copied);
      if (step.dependencies.reads.through_family &&
          !family_reads->PrepareStep(step, subset, copied, &refused_rows)) {
        for (size_t e = 0; e < run.size(); ++e)
          if (std::find(refused_rows.begin(), refused_rows.end(), pass.at[e]) != refused_rows.end())
            pass.refused.push_back(e);
        return;
      }
      try {
        step.Run(subset, subset.traces[s]);
      } catch (const RowError& e) {
        throw Error(e.kind(), step.where + ": " + e.what());
      }
      changed.MarkDiffering(step, pass.rows, subset.data, full.data);
    }
    // What the tier steps group and order by, for Finish.
    for (size_t s = 0; s < live_.plan->steps().size(); ++s)
      if (const GroupRanking* ranking = live_.plan->steps()[s]->ranking()) {
        CopyReads(*live_.plan->steps()[s], pass.rows, full, subset, copied);
        pass.tiers.push_back({ranking, live_.tiers[s].get(), ranking->GroupColumn(subset.data),
                              ranking->OrderColumns(subset.data)});
      }
    for (size_t slot = 0; slot < copied.size(); ++slot)
      if (copied[slot]) pass.copied.push_back(static_cast<int>(slot));
    if (family_reads) family_reads->WriteBack(subset, live_.run);
    subset.data.outer = nullptr;  // `outer` ends here
  }

  // Event by event, in order: the event's values set, its row's tier
  // places and labels, the rows it pushes across a cut relabelled, its
  // results written, its answer noted.
  void Finish(const std::vector<RunEvent>& run, RunPass& pass) {
    LiveAccounts& accounts = *live_.accounts;
    RunState& full = live_.execution->state;
    const size_t inputs = accounts.input().columns.size();
    const Table& outputs = live_.execution->result.outputs;
    const std::vector<RunPass::Tier>& tiers = pass.tiers;
    // Columns copied in, not computed, are not written back.
    for (int slot : pass.copied) pass.subset.data.slots[slot] = nullptr;
    // The run's rows' outputs before, once: until its turn a row changes
    // only in its tier labels (an earlier event's push across a cut),
    // which are read at its turn instead.
    const Table before = RowsOf(outputs, pass.rows);
    std::vector<bool> is_label(outputs.column_count(), false);
    for (const RunPass::Tier& tier : tiers)
      for (const auto& step : live_.plan->steps())
        if (step->ranking() == tier.ranking)
          for (const std::string& name : step->outputs())
            for (size_t c = 0; c < outputs.column_count(); ++c)
              is_label[c] = is_label[c] || outputs.name(c) == name;
    std::vector<std::optional<std::string>> labels_before(outputs.column_count());

    for (size_t e = 0; e < run.size(); ++e) {
      const RunEvent& event = run[e];
      const int32_t row = event.row;
      const size_t i = pass.at[e];
      ApplyResult result;
      result.account_id = events_[event.index]->account_id;
      result.incremental = true;
      result.batched = true;
      for (size_t c = 0; c < outputs.column_count(); ++c)
        if (is_label[c])
          labels_before[c] = outputs.column(c).IsNull(row)
                                 ? std::nullopt
                                 : std::optional<std::string>(outputs.column(c).StringAt(row));
      live_.SetCells(row, event.update.cells);
      // The labels, row first, then the rows pushed across a cut (whose
      // label changes, by their choice, and nothing else).
      std::vector<std::pair<int32_t, std::optional<std::string_view>>> labels;
      std::vector<int32_t> rows = {row};
      std::vector<size_t> label_tier;
      for (size_t t = 0; t < tiers.size(); ++t) {
        const RunPass::Tier& tier = tiers[t];
        TierIndex& index = *tier.index;
        index.UpdateRow(row, tier.group.get(), tier.keys, i);
        labels.push_back(
            {row, tier.ranking->Label(index.Rank(row), index.GroupSize(row), index.FirstKey(row))});
        label_tier.push_back(t);
        const Column& now = *full.data.slots[tier.ranking->OutputSlot()];
        for (const TierIndex::Ranked& near : index.NearCuts({row})) {
          auto label = tier.ranking->Label(near.rank, near.count, index.FirstKey(near.row));
          const bool same = label ? !now.IsNull(near.row) && now.StringAt(near.row) == *label
                                  : now.IsNull(near.row);
          if (same) continue;
          labels.push_back({near.row, label});
          label_tier.push_back(t);
          rows.push_back(near.row);
        }
      }
      std::sort(rows.begin(), rows.end());
      rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
      WriteBackRow(pass.subset, pass.rows, i, inputs, live_.run, full);
      for (size_t l = 0; l < labels.size(); ++l)
        live_.run.slots[tiers[label_tier[l]].ranking->OutputSlot()].WriteText(labels[l].first,
                                                                              labels[l].second);
      live_.RefreshIssuesText(rows);
      live_.summary.Recount(rows);
      result.rows_recomputed = rows.size();
      // What NoteChanges notes, row by row in order, without copying the rows.
      for (int32_t changed_row : rows) {
        std::vector<std::string> changed;
        if (changed_row != row) {
          changed.push_back("");  // a pushed row: its label changed
        } else {
          for (size_t c = 0; c < outputs.column_count(); ++c) {
            const Column& after = outputs.column(c);
            const bool same =
                is_label[c]
                    ? labels_before[c] ==
                          (after.IsNull(row) ? std::nullopt
                                             : std::optional<std::string_view>(after.StringAt(row)))
                    : SameValue(before.column(c), i, after, row);
            if (!same) changed.push_back(outputs.name(c));
          }
        }
        if (changed.empty()) continue;
        ++result.accounts_changed;
        if (result.changed_ids.size() < kMaxChangedIds)
          result.changed_ids.emplace_back(accounts.IdAt(changed_row));
        if (changed_row == row) result.changed = std::move(changed);
      }
      outcomes_[event.index].result = std::move(result);
    }
  }

  LiveState& live_;
  LiveUniverse& universe_;
  const std::vector<const LiveEvent*>& events_;
  std::vector<LiveUniverse::Outcome>& outcomes_;
};

}  // namespace

std::vector<LiveUniverse::Outcome> LiveUniverse::ApplyBatch(
    const std::vector<const LiveEvent*>& events) {
  LiveState& live = *state_;
  std::vector<Outcome> outcomes(events.size());
  RunApplier applier(live, *this, events, outcomes);
  if (!live.batchable) {
    for (size_t e = 0; e < events.size(); ++e) applier.ApplyOne(e);
    return outcomes;
  }
  const LiveAccounts& accounts = *live.accounts;
  std::vector<RunEvent> run;
  std::set<int32_t> families;  // the run's family tops (rows without a family step)
  // An update that can join the run, with what it sets; nullopt otherwise.
  auto joinable = [&](size_t e) -> std::optional<RunEvent> {
    const LiveEvent& event = *events[e];
    if (event.op != LiveEvent::Op::kUpdate) return std::nullopt;
    const int32_t row = static_cast<int32_t>(accounts.RowOf(event.account_id).value_or(0));
    UpdateCells update;
    try {
      Validate(event, "");
      update = CellsOfUpdate(accounts, event, row, live.family_parent);
    } catch (const Error&) {
      return std::nullopt;  // Apply answers it
    }
    if (update.parent_changes || update.cells.empty()) return std::nullopt;
    return RunEvent{e, row, std::move(update)};
  };
  for (size_t e = 0; e < events.size(); ++e) {
    std::optional<RunEvent> event = joinable(e);
    const int32_t top =
        event ? (live.run.hierarchy ? live.run.hierarchy->global_row[event->row] : event->row) : -1;
    if (event && !families.count(top)) {
      families.insert(top);
      run.push_back(std::move(*event));
      continue;
    }
    applier.Apply(run);
    run.clear();
    families.clear();
    if (event) {  // the first of a new run
      families.insert(top);
      run.push_back(std::move(*event));
    } else {
      applier.ApplyOne(e);
    }
  }
  applier.Apply(run);
  return outcomes;
}

}  // namespace acctseg

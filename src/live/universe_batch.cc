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
// An update whose family's view changes (its FAMILY_MAX moves: found by
// running the run's rows) re-runs its whole family, as Apply does, but
// still within the run: the pass is run again with that family's rows in
// it. Families of a run are distinct, so one event's family sees no other
// event's values; the tier then takes the event's rows together at its turn.
//
// Everything else goes through Apply: creates, removes, parent changes,
// an update of an account (or family) already in the run, and an update
// whose family cannot re-run within the run either (a family aggregate
// that is not a plain column, an overflow: the run is cut there, in event
// order).
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
  // Per run event, the places in `rows` of the rows it re-runs: its own,
  // or its whole family's (increasing).
  std::vector<std::vector<size_t>> members;
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
    std::vector<bool> whole_family(run.size(), false);
    auto pass = std::make_unique<RunPass>();  // not moved: the subset points into it
    try {
      Pass(run, whole_family, *pass);
    } catch (const Error&) {
      // A value the plan cannot take: one by one, each event gets its own answer.
      for (const RunEvent& event : run) ApplyOne(event.index);
      return;
    }
    if (pass->refused.empty()) {
      Finish(run, *pass);
      return;
    }
    // The refused events' families re-run whole, in the run (what Apply
    // does next for such an event), unless one is refused even so.
    for (size_t e : pass->refused) whole_family[e] = true;
    auto again = std::make_unique<RunPass>();
    bool whole = true;
    try {
      Pass(run, whole_family, *again);
    } catch (const Error&) {
      whole = false;
    }
    if (whole && again->refused.empty()) {
      Finish(run, *again);
      return;
    }
    again.reset();
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
  // Sets every event's values, runs the rows (each event's own, or its
  // family's where `whole_family`) through the steps but tier with the
  // universe's families (as Resegment does), puts the old values back, and
  // fills `pass` with the subset; or the events refused.
  void Pass(const std::vector<RunEvent>& run, const std::vector<bool>& whole_family,
            RunPass& pass) {
    LiveAccounts& accounts = *live_.accounts;
    RunState& full = live_.execution->state;
    const size_t inputs = accounts.input().columns.size();
    std::set<int> changed_inputs;
    std::vector<FamilyReads::Cell> set_cells;
    for (size_t e = 0; e < run.size(); ++e) {
      const RunEvent& event = run[e];
      if (whole_family[e]) {
        std::vector<int32_t> family = live_.FamilyOf(event.row);
        pass.rows.insert(pass.rows.end(), family.begin(), family.end());
      } else {
        pass.rows.push_back(event.row);
      }
      for (const auto& [index, cell] : event.update.cells) {
        changed_inputs.insert(static_cast<int>(index));
        set_cells.emplace_back(event.row, static_cast<int>(index));
      }
    }
    std::sort(pass.rows.begin(), pass.rows.end());
    auto place = [&](int32_t row) {
      return static_cast<size_t>(std::lower_bound(pass.rows.begin(), pass.rows.end(), row) -
                                 pass.rows.begin());
    };
    for (size_t e = 0; e < run.size(); ++e) {
      std::vector<size_t> members;
      for (int32_t row :
           whole_family[e] ? live_.FamilyOf(run[e].row) : std::vector<int32_t>{run[e].row})
        members.push_back(place(row));
      pass.members.push_back(std::move(members));
    }
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
      family_reads.emplace(pass.rows, set_cells, inputs, live_.families, full);
      subset.data.outer = &outer;
    }
    std::vector<size_t> refused_rows;
    // The events with a refused row, to be redone with their whole families.
    auto refuse_events = [&] {
      std::vector<bool> refused(pass.rows.size(), false);
      for (size_t i : refused_rows) refused[i] = true;
      for (size_t e = 0; e < run.size(); ++e)
        if (std::any_of(pass.members[e].begin(), pass.members[e].end(),
                        [&](size_t i) { return refused[i]; }))
          pass.refused.push_back(e);
    };
    // As Resegment: a refusal may come after a step ran until the first tier step.
    bool ranked_before = false;
    for (size_t s = 0; s < live_.plan->steps().size(); ++s) {
      const CompiledStep& step = *live_.plan->steps()[s];
      const bool confirm_after = !ranked_before;
      ranked_before |= step.ranking() != nullptr;
      if (step.ranking()) continue;  // event by event, in Finish
      if (!changed.ReadBy(step)) {
        KeepStep(step, pass.rows, full, subset);
        continue;
      }
      CopyReads(step, pass.rows, full, subset, copied);
      if (step.dependencies.reads.through_family &&
          !family_reads->PrepareStep(step, subset, copied, &refused_rows, confirm_after))
        return refuse_events();
      try {
        step.Run(subset, subset.traces[s]);
      } catch (const RowError& e) {
        throw Error(e.kind(), step.where + ": " + e.what());
      }
      if (family_reads && !family_reads->ConfirmAfterRun(step, s, subset, &refused_rows))
        return refuse_events();
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

  // Event by event, in order: the event's values set, its rows' tier
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
    const RowValues before(outputs, pass.rows);
    std::vector<bool> is_label(outputs.column_count(), false);
    for (const RunPass::Tier& tier : tiers)
      for (const auto& step : live_.plan->steps())
        if (step->ranking() == tier.ranking)
          for (const std::string& name : step->outputs())
            for (size_t c = 0; c < outputs.column_count(); ++c)
              is_label[c] = is_label[c] || outputs.name(c) == name;
    const size_t columns = outputs.column_count();
    // Per member of the event (its place in members), per output column:
    // the label before (labels_before[m * columns + c]). Kept across events,
    // so that its strings' buffers are reused rather than allocated anew.
    std::vector<std::optional<std::string>> labels_before;
    std::vector<std::pair<int32_t, std::optional<std::string_view>>> labels;
    std::vector<size_t> label_tier;
    std::vector<int32_t> member_rows, rows;
    std::vector<int32_t> recount;  // every event's changed rows

    for (size_t e = 0; e < run.size(); ++e) {
      const RunEvent& event = run[e];
      const int32_t row = event.row;
      const std::vector<size_t>& members = pass.members[e];
      ApplyResult result;
      result.account_id = events_[event.index]->account_id;
      result.incremental = true;
      result.batched = true;
      member_rows.clear();
      for (size_t i : members) member_rows.push_back(pass.rows[i]);
      if (labels_before.size() < members.size() * columns)
        labels_before.resize(members.size() * columns);
      for (size_t m = 0; m < members.size(); ++m)
        for (size_t c = 0; c < columns; ++c) {
          if (!is_label[c]) continue;
          std::optional<std::string>& label = labels_before[m * columns + c];
          if (outputs.column(c).IsNull(member_rows[m]))
            label.reset();
          else
            label.emplace().assign(outputs.column(c).StringAt(member_rows[m]));
        }
      live_.SetCells(row, event.update.cells);
      live_.accounts->SetChangedByEvents(row, true);
      // The labels, the event's rows first, then the rows pushed across a
      // cut (whose label changes, by their choice, and nothing else).
      labels.clear();
      label_tier.clear();
      rows = member_rows;
      for (size_t t = 0; t < tiers.size(); ++t) {
        const RunPass::Tier& tier = tiers[t];
        TierIndex& index = *tier.index;
        index.Update(member_rows, tier.group.get(), tier.keys, members);
        const std::vector<std::optional<std::string_view>> member_labels =
            index.Labels(member_rows);
        for (size_t m = 0; m < member_rows.size(); ++m) {
          labels.push_back({member_rows[m], member_labels[m]});
          label_tier.push_back(t);
        }
        const Column& now = *full.data.slots[tier.ranking->OutputSlot()];
        for (const TierIndex::Ranked& near : index.NearCuts(member_rows)) {
          auto label = tier.ranking->Label(near.rank, near.count, near.first_key);
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
      for (size_t i : members) WriteBackRow(pass.subset, pass.rows, i, inputs, live_.run, full);
      for (size_t l = 0; l < labels.size(); ++l)
        live_.run.slots[tiers[label_tier[l]].ranking->OutputSlot()].WriteText(labels[l].first,
                                                                              labels[l].second);
      live_.RefreshIssuesText(rows);
      recount.insert(recount.end(), rows.begin(), rows.end());
      result.rows_recomputed = rows.size();
      // What NoteChanges notes, row by row in order, without copying the rows.
      // Only the event's own row needs the names of its changed columns;
      // another row is looked at until its first difference.
      std::vector<std::string> changed;
      for (int32_t changed_row : rows) {
        const bool own = changed_row == row;
        bool differs = false;
        auto member = std::lower_bound(member_rows.begin(), member_rows.end(), changed_row);
        if (member == member_rows.end() || *member != changed_row) {
          differs = true;  // a pushed row: its label changed
          if (own) changed.push_back("");
        } else {
          const size_t m = static_cast<size_t>(member - member_rows.begin());
          const size_t i = members[m];
          for (size_t c = 0; c < columns && (own || !differs); ++c) {
            const Column& after = outputs.column(c);
            const bool same =
                is_label[c]
                    ? labels_before[m * columns + c] ==
                          (after.IsNull(changed_row)
                               ? std::nullopt
                               : std::optional<std::string_view>(after.StringAt(changed_row)))
                    : before.Same(c, i, after, changed_row);
            if (same) continue;
            differs = true;
            if (own) changed.push_back(outputs.name(c));
          }
        }
        if (!differs) continue;
        ++result.accounts_changed;
        if (result.changed_ids.size() < kMaxChangedIds)
          result.changed_ids.emplace_back(accounts.IdAt(changed_row));
        if (changed_row == row) result.changed = std::move(changed);
      }
      outcomes_[event.index].result = std::move(result);
    }
    // The summary counts each row by its values once the run is done: no
    // answer reads them between its events.
    std::sort(recount.begin(), recount.end());
    recount.erase(std::unique(recount.begin(), recount.end()), recount.end());
    live_.summary.Recount(recount);
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
  // The updates' rows (-1: no such account), looked up together a stretch
  // at a time: up to the next create or remove, which adds or renumbers rows.
  std::vector<int64_t> rows(events.size(), -1);
  size_t rows_until = 0;  // rows[e] holds for e < rows_until
  auto row_of = [&](size_t e) {
    if (e >= rows_until) {
      std::vector<std::string_view> ids;
      for (rows_until = e;
           rows_until < events.size() && events[rows_until]->op == LiveEvent::Op::kUpdate;
           ++rows_until)
        ids.push_back(events[rows_until]->account_id);
      std::vector<int64_t> found = accounts.RowsOf(ids);
      std::copy(found.begin(), found.end(), rows.begin() + static_cast<std::ptrdiff_t>(e));
    }
    return rows[e];
  };
  // An update that can join the run, with what it sets; nullopt otherwise.
  auto joinable = [&](size_t e) -> std::optional<RunEvent> {
    const LiveEvent& event = *events[e];
    if (event.op != LiveEvent::Op::kUpdate) return std::nullopt;
    const int64_t found = row_of(e);
    const int32_t row = static_cast<int32_t>(std::max<int64_t>(found, 0));
    UpdateCells update;
    try {
      Validate(event, "", found >= 0);
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

// What a LiveUniverse holds (internal to src/live/): the plan, the mutable
// accounts, the execution of the plan over them (its columns, traces and
// hierarchy), and the indexes kept beside it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "live/family_index.h"
#include "live/universe.h"
#include "live/universe_accounts.h"
#include "live/universe_domains.h"
#include "live/universe_subset.h"
#include "live/universe_summary_counts.h"
#include "live/universe_tier.h"
#include "plan/plan.h"

namespace acctseg {

class LiveState {
 public:
  std::shared_ptr<const Plan> plan;
  InputPaths paths;
  RunOptions options;
  ReadInputs inputs;  // as read; the accounts' entry is replaced on each full run
  std::unique_ptr<LiveAccounts> accounts;
  std::unique_ptr<DomainIndex> domains;
  std::unique_ptr<Execution> execution;  // the plan over `accounts` as they are now
  std::vector<std::string> computed;     // every column a step defines

  // The full re-run: the plan over the accounts as they are now, a batch
  // run on the columns in memory; then the incremental state rebuilt.
  void RunAll();

  // The incremental path (universe_incremental.cc). False when the plan
  // has a step whose rows depend on rows outside their family and group
  // (dedupe, aggregate, steps on related inputs) or a full trace is kept:
  // then every event is a full re-run.
  bool incremental = false;
  // The family step's parent column (input index, -1: none), and whether
  // parents name accounts by their key (else a parent change is a full re-run).
  int family_parent = -1;
  bool family_by_key = false;
  MutableRun run;                        // the execution's columns, writable
  std::shared_ptr<CsvReadResult> lines;  // the execution input: the accounts' lines, for explain
  MutableColumn issues_text;             // the "issues" output column, when output
  std::vector<std::shared_ptr<const Column>> output_columns;  // the outputs, in order
  // Per summary dimension and measure: the execution's slot that is it
  // (-1: none).
  std::vector<int> summary_slots;
  FamilyIndex families;                           // families of two or more
  std::vector<std::unique_ptr<TierIndex>> tiers;  // per step; set for tier steps
  SummaryCounts summary;                          // GET /v1/summary, kept as rows change
  mutable std::mutex explain_mutex;               // Explain writes the tier trace of its row

  // Whether the plan can be followed incrementally.
  bool CanFollow() const;
  // After a full run: makes the execution writable, indexes families and tier groups.
  void Adopt();
  // The rows of `row`'s family (itself alone without a family step), increasing.
  std::vector<int32_t> FamilyOf(int32_t row) const;
  // Re-segments after the inputs of `rows` changed (their families
  // included); returns the rows it recomputed, and in `outputs_changed`
  // (row i of it: the i-th row returned) whether a computed output of the
  // row changed value (its inputs, the caller's change, are not looked at). With
  // `changed_inputs` (the input slots an update changed on the rows
  // `updated`, all of `rows` when null), re-runs on `rows` alone only the
  // steps that read changed values, and on the rows whose tier label they
  // move (universe_reruns.h); nullopt, having changed nothing, when a row
  // outside them would read a changed value through the family
  // (universe_family_reads.h).
  std::optional<std::vector<int32_t>> Resegment(std::vector<int32_t> rows,
                                                std::vector<bool>* outputs_changed,
                                                const std::vector<int>* changed_inputs = nullptr,
                                                const std::vector<int32_t>* updated = nullptr);
  bool row_local = false;  // CanRerunRowLocally(plan)
  // Whether ApplyBatch may re-run a run of updates together
  // (universe_batch.cc): row-local re-runs, and no step reads a tier's
  // output or shares its issue bits, so a tier label moving changes no
  // other value.
  bool batchable = false;
  bool TierOutputsUnread() const;
  // The tier traces of `row` (rank, group size), from the tier indexes.
  void RefreshTierTrace(int32_t row);
  // After the accounts appended a row: every per-row vector of the
  // execution grows by one (values to be computed by Resegment).
  void AppendRow();
  // Room for `rows` rows in every per-row array of the accounts and the
  // execution. RunAll leaves room for creates: arrays sized exactly to the
  // accounts loaded had the first create copy all of them (0.3–1.1 s at 1M
  // accounts, every event behind it waiting).
  void ReserveRows(size_t rows);
  // After the accounts erased `row`: every per-row vector loses it, and row
  // numbers after it (in the hierarchy, families, tier indexes) move up one.
  void EraseRow(int32_t row);
  // The execution's outputs table over `output_columns` (after a row count change).
  void RebuildOutputs();
  // The rows whose parent names `id` (they were missing their parent).
  std::vector<int32_t> RowsNaming(std::string_view id) const;
  // Sets input cells of `row`, keeping the domain index in step.
  void SetCells(size_t row, const std::vector<std::pair<size_t, LiveCell>>& cells);
  // Rewrites the "issues" text of `rows` from their issue bits (when
  // output); sets changed[i] where rows[i]'s text changed.
  void RefreshIssuesText(const std::vector<int32_t>& rows, std::vector<bool>* changed = nullptr);
};

// What an update event sets on its row: the new cells, the old ones (to
// undo), and whether the family's parent column is among them.
struct UpdateCells {
  std::vector<std::pair<size_t, LiveCell>> cells, undo;
  bool parent_changes = false;
};
UpdateCells CellsOfUpdate(const LiveAccounts& accounts, const LiveEvent& event, size_t row,
                          int family_parent);

// An ApplyResult lists at most this many changed ids.
constexpr size_t kMaxChangedIds = 100;
// Notes the account at `row` as changed in `result` (its id read only
// while the list has room: each is two cache misses, the key's code and
// its text).
void NoteChangedAccount(size_t row, const LiveAccounts& accounts, ApplyResult& result);
// Notes the account at `row` of `after` in `result` if its outputs differ
// from `before`'s row `row_before`; its changed columns too if it is the
// event's account (`own`). `before` is a copy of the whole outputs (a full
// re-run) or the event's own row before.
void NoteChanges(const Table& before, size_t row_before, const Table& after, size_t row, bool own,
                 const LiveAccounts& accounts, ApplyResult& result);
void NoteChanges(const RowValues& before, size_t row_before, const Table& after, size_t row,
                 bool own, const LiveAccounts& accounts, ApplyResult& result);

}  // namespace acctseg

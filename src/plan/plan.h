// A Plan is a policy compiled against its declared input schema: tables
// loaded, every expression bound and typed, every step compiled. Compile
// reports all policy mistakes at once (Error kind kPolicy, each diagnostic
// with file:line:column). A Plan is immutable and may run many times, from
// any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "io/csv_reader.h"
#include "plan/fused_group.h"
#include "plan/liveness.h"
#include "policy/policy_ast.h"
#include "steps/step.h"
#include "table/table.h"

namespace acctseg {

// A run's state after its first `steps` steps: kept by one plan's run
// (RunOptions::keep_steps_done) for another plan whose policy begins with
// the same steps over the same inputs (Plan::StepsSharedWith) to continue
// from (RunOptions::continue_from). whatif runs a policy and its edit so.
struct StepsDone {
  size_t steps = 0;
  RunState state;
};

struct RunOptions {
  int threads = 1;
  bool keep_columns = false;  // pass the input's other columns through
  bool full_trace = false;    // keep every score term's points (run --trace)
  // Checked between steps; when set, the run stops with kInterrupted.
  const std::atomic<bool>* cancelled = nullptr;
  // Called after each step with (steps done, steps in all).
  std::function<void(size_t, size_t)> progress;
  // Reads each input (ReadInputsFor); empty: ReadTableFile. The jobs pass
  // the input cache's reader here (cache/input_cache.h).
  std::function<CsvReadResult(const CsvReadOptions&)> read_input;
  // Inputs (by name) whose files acctseg wrote itself (a server's snapshot
  // of its accounts): read as the CSV it writes (UTF-8, ',' and '.'),
  // whatever the policy declares for the file the user gives.
  std::set<std::string> written_by_acctseg;
  // Let go of each column of the accounts once no later step, output,
  // key or summary reads it, and of each step's trace once the step has
  // run (plan/liveness.h): for a caller that only writes and records the
  // outputs (RunJob without --trace). The execution then cannot explain,
  // and ColumnNamed finds only what was kept. With Execute, which owns its
  // read, the input's columns are freed too; with ExecuteOn, which shares
  // them, only what the steps made.
  bool release_columns = false;
  // Measure each stage's own peak resident memory (run --profile); see
  // TakePeakRssBytes for what that does to the process's peak.
  bool stage_peaks = false;
  // Run each group of consecutive row-local steps batch by batch
  // (plan/fused_group.h); off: step by step (run --no-fuse, which the
  // benchmarks compare against).
  bool fuse = true;
  // Start a step whose reads are ready before its turn (predict) on a
  // thread that works while the steps before it leave a core idle
  // (plan/run.cc); off: every step in its turn (run --no-run-ahead, for
  // comparing).
  bool run_ahead = true;
  // ExecuteOn: copy the state into *keep_steps_done once its first
  // keep_steps_done->steps steps have run.
  StepsDone* keep_steps_done = nullptr;
  // ExecuteOn: start from this state (moved out of it) and run only the
  // steps after its `steps`, instead of loading the inputs and running
  // those again. The caller vouches that they are this plan's first steps
  // too (StepsSharedWith) over the same read.
  StepsDone* continue_from = nullptr;
};

// How long each stage of a run took.
struct StageTiming {
  std::string stage;
  double seconds;
  size_t rss_bytes = 0;       // resident memory when the stage ended
  size_t peak_rss_bytes = 0;  // the most it held during the stage (0: not measured)

  // A stage that has just ended: its resident memory now, and its peak
  // when `measure_peak`.
  static StageTiming Ended(std::string stage, double seconds, bool measure_peak);
};

// The result of a run: the output columns in order (the policy's outputs,
// then with keep_columns the input's unread columns), sharing their data
// with the run; and how long each stage took.
struct RunResult {
  Table outputs;
  std::vector<StageTiming> timings;
  uint64_t input_bytes = 0;  // of every input
  // What did not stop the run but a user should know: related rows that
  // match no account, issue codes on related rows (one line each).
  std::vector<std::string> notes;
};

// An input of the policy, as the plan reads it.
struct PlanInput {
  std::string name;        // matched with --input NAME=PATH
  std::string key_column;  // "" if none
  std::vector<CsvColumnRequest> columns;
  SourceLocation location;  // where the policy declares it
  CsvFormat format{};       // its declared `encoding:`, `delimiter:`, `decimal_mark:`
};

// Where each input of a run comes from, by the policy's input name.
using InputPaths = std::map<std::string, std::string>;
// Inputs already read, by name (several plans may share them).
using ReadInputs = std::map<std::string, std::shared_ptr<const CsvReadResult>>;

class Plan;

// A finished run: its outputs, and everything explain needs (columns,
// hierarchy, traces). Owns the input data.
class Execution {
 public:
  RunResult result;
  std::shared_ptr<const CsvReadResult> input;  // may be shared with other executions
  std::vector<std::shared_ptr<const CsvReadResult>> related_inputs;  // in policy order
  RunState state;

  const Plan& plan() const { return *plan_; }
  // Any column by name: a step output, an input column, or "issues".
  std::shared_ptr<const Column> ColumnNamed(const std::string& name) const;
  // The row of the account whose key (input.key) is `key`.
  std::optional<size_t> FindAccount(const std::string& key) const;

 private:
  friend class Plan;
  Execution() = default;
  const Plan* plan_ = nullptr;
  std::shared_ptr<const Column> issues_column_;
  mutable std::once_flag row_of_key_code_once_;
  mutable std::vector<int64_t> row_of_key_code_;  // key dictionary code -> row
};

class Plan {
 public:
  // `models` finds the trained models predict steps name (the jobs pass
  // one reading the run store); without one a predict step is an error.
  static std::unique_ptr<Plan> Compile(const PolicyAst& policy, const ModelResolver& models = {});
  // `as_of` (--as-of; "" for none) overrides the policy's as_of.
  static std::unique_ptr<Plan> CompileFile(const std::string& policy_path,
                                           const std::string& as_of = "",
                                           const ModelResolver& models = {});

  // Every input, the accounts first.
  const std::vector<PlanInput>& inputs() const { return inputs_; }
  // The accounts input's name (matched with --input NAME=PATH) and columns.
  const std::string& input_name() const { return inputs_[0].name; }
  const std::vector<CsvColumnRequest>& input_columns() const { return inputs_[0].columns; }
  const std::vector<std::string>& output_names() const { return output_names_; }
  // The type of a column in scope after the last step (an input column or a
  // step's output; not "issues"), nullopt if there is none.
  std::optional<DataType> ColumnType(const std::string& name) const;
  size_t step_count() const { return steps_.size(); }
  const std::vector<std::string>& issue_codes() const { return issues_.codes(); }
  const PolicyAst& policy() const { return policy_; }
  // The date AS_OF stands for (days since 1970-01-01), when an expression
  // reads it: part of what identifies a run (the run store records it).
  std::optional<int64_t> as_of() const { return as_of_; }

  // Reads every input and runs every step. Errors: kInput/kIo from the
  // readers, kInput for data the policy cannot accept (duplicate key),
  // kUsage for an input without a path.
  RunResult Run(const InputPaths& paths, const RunOptions& options) const;
  // The same, keeping what explain needs.
  std::unique_ptr<Execution> Execute(const InputPaths& paths, const RunOptions& options) const;
  // Runs over inputs already read (see ReadInputsFor), so several plans
  // can share one parsed input.
  std::unique_ptr<Execution> ExecuteOn(const ReadInputs& inputs, const InputPaths& paths,
                                       const RunOptions& options) const;
  // A policy with one input: its path alone.
  RunResult Run(const std::string& accounts_path, const RunOptions& options) const {
    return Run(InputPaths{{input_name(), accounts_path}}, options);
  }
  std::unique_ptr<Execution> Execute(const std::string& accounts_path,
                                     const RunOptions& options) const {
    return Execute(InputPaths{{input_name(), accounts_path}}, options);
  }

  // How many of this plan's first steps are `other`'s first steps over the
  // same inputs, bound alike: a state after them serves both plans
  // (RunOptions::continue_from).
  size_t StepsSharedWith(const Plan& other) const;

  const std::vector<std::unique_ptr<CompiledStep>>& steps() const { return steps_; }
  const std::string& key_column() const { return inputs_[0].key_column; }
  // Summary dimensions and measures (policy `summary:`), for the run store and diff.
  const std::vector<std::string>& summary_dimensions() const { return summary_dimensions_; }
  const std::vector<std::string>& summary_measures() const { return summary_measures_; }

 private:
  Plan() = default;

  friend class Execution;
  // ExecuteOn; `owns_reads`: the run alone holds `inputs` (Execute), so
  // release_columns may free the input's columns too.
  std::unique_ptr<Execution> ExecuteOwning(const ReadInputs& inputs, const InputPaths& paths,
                                           const RunOptions& options, bool owns_reads) const;

  // The fused group a run starts at `step` (from that step to its group's
  // end, or to the step a kept state ends at); {} when it is in none or
  // the run does not fuse.
  StepGroup FusedGroupAt(size_t step, const RunOptions& options) const;

  PolicyAst policy_;
  std::map<std::string, int> scope_slots_;       // every column name in scope at the end
  std::map<std::string, DataType> scope_types_;  // and its type
  std::vector<std::string> summary_dimensions_, summary_measures_;
  std::vector<PlanInput> inputs_;
  std::vector<int> related_slot_counts_;  // columns of each related input's state
  std::vector<PolicyTable> tables_;
  std::vector<std::unique_ptr<CompiledStep>> steps_;
  IssueRegistry issues_;
  int slot_count_ = 0;
  int node_count_ = 0;
  std::vector<std::string> output_names_;
  std::vector<int> output_slots_;       // -1: the issues column
  ColumnReleases releases_;             // for RunOptions::release_columns
  std::vector<bool> write_only_slots_;  // RunState::write_only_slots, by the same option
  std::vector<StepGroup> fused_groups_;
  std::string issues_separator_ = ";";
  std::optional<int64_t> as_of_;
};

// Reads each input once with the columns every plan needs from it (their
// union). Error(kUsage) if two plans read one column as different types, or
// an input has no path.
ReadInputs ReadInputsFor(const std::vector<const Plan*>& plans, const InputPaths& paths,
                         const RunOptions& options);

// Parses a type name of the policy language: string, integer, decimal(N),
// boolean, date, timestamp. nullopt if it is none of those.
std::optional<DataType> ParseTypeName(const std::string& name);

// The date AS_OF stands for in `policy` (days since 1970-01-01): --as-of,
// else the policy's as_of, else today (UTC). A malformed --as-of is
// Error(kUsage); a malformed as_of a diagnostic (and today).
int64_t EffectiveAsOf(const PolicyAst& policy, Diagnostics& diagnostics);

// Where a run reads `table` of `policy`: relative to the policy file's
// directory (as written when absolute, and a database URL as is).
std::string TablePath(const PolicyAst& policy, const TableDecl& table);

}  // namespace acctseg

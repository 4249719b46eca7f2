// Steps: the vocabulary a policy is written in. Each step kind has a bind
// function (policy AST -> compiled step, checking names and types against
// the Scope and reporting located diagnostics) and a compiled form that
// runs over all rows. A compiled step is immutable; all per-run state lives
// in RunState.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "expr/binder.h"
#include "policy/policy_ast.h"
#include "steps/row_issues.h"
#include "steps/scoring_model.h"
#include "table/row_lines.h"
#include "table/table.h"

namespace acctseg {

// Issue codes of a plan, each a bit in a row's issue mask.
class IssueRegistry {
 public:
  // Bit of `code`, adding it if new; -1 if more than 64 codes are in use.
  int Bit(const std::string& code);
  const std::vector<std::string>& codes() const { return codes_; }

 private:
  std::vector<std::string> codes_;
};

// What else a step keeps for explain, beyond per-row vectors (dedupe: the
// links that formed its clusters). Each step knows its own kind.
struct StepDetail {
  virtual ~StepDetail() = default;
};

// What decided each row's output in one step: kept for every run (a few
// bytes per row), read by explain and diff. Which vectors a step fills
// depends on its kind; the rest stay empty.
struct StepTrace {
  std::vector<int16_t> rule;        // classify, coverage: the rule that fired, -1 none
  std::vector<int8_t> key;          // lookup: the key that matched, -1 none
  std::vector<int32_t> table_row;   // lookup: the table row found, -1 none
  std::vector<int32_t> rank;        // tier: rank within the group, from 1
  std::vector<int32_t> group_size;  // tier: accounts in the row's group
  // tier, from a batch run: the first and last rank of the rows equal to
  // the row on every order key (input order ranks them), found once in
  // the sorted groups. Empty (the server's, whose ranks move): explain
  // finds them in the columns (TiedWith), a scan of the table a row.
  std::vector<int32_t> tied_first;
  std::vector<int32_t> tied_last;
  // score, only with full tracing (run --trace): points of each term per
  // row at the step's working scale; explain recomputes them otherwise.
  std::vector<std::vector<int64_t>> term_points;
  std::shared_ptr<const StepDetail> detail;  // what else the step keeps (dedupe: links)
};

// How the rows of a related input matched the accounts in one aggregate
// step (for the quality report): every row is matched, unmatched (its key
// is no account's) or without a key (NULL), whatever `unmatched:` says.
struct MatchReport {
  std::string step;   // the step's label
  std::string from;   // the related input
  std::string by;     // its key column
  uint64_t rows = 0;  // rows of the related input
  uint64_t unmatched = 0;
  uint64_t without_key = 0;
  struct Example {
    std::string key;
    uint64_t line;
  };
  std::vector<Example> unmatched_examples;  // the first few, in row order
};

// Everything a step can touch while it runs.
struct RunState {
  RunData data;
  RowIssues issues;  // per row, bits from IssueRegistry
  // Where rows came from, for messages about rows.
  std::string input_path;
  const RowLines* row_lines = nullptr;
  std::vector<StepTrace> traces;  // one per step, in policy order
  bool full_trace = false;        // keep per-term score points too
  // Keep per-row traces at all: off when nothing will explain the run
  // (RunOptions::release_columns), so a step need not fill them.
  bool keep_traces = true;
  // By slot: true where a step's output column is read by nothing but the
  // run's writers (no later step, summary, key or explain), so that the
  // step may keep it in a form only they read (the predict step's reasons
  // as codes: table/reason_codes.h). Empty unless RunOptions::release_columns.
  std::vector<bool> write_only_slots;
  int family_id_slot = -1;  // set by the family step, to name members
  std::string input_name;   // the policy's name for this input
  std::string key_column;   // its declared key, "" if none
  int key_slot = -1;        // the key's slot in data, -1 if none
  // The related inputs (the policy's second input on, in order): `on:`
  // steps run on these, aggregate steps read them. Empty in their own states.
  std::vector<RunState> related;
  // What a user should know that did not stop the run (rows of a related
  // input that match no account), in the order found.
  std::vector<std::string> notes;
  // One per aggregate step run, in policy order.
  std::vector<MatchReport> matches;
};

// A row for messages: `for account_id "A1" (accounts.csv line 4)`, or `at
// contacts.csv line 4` without a key column.
std::string RowText(const RunState& state, size_t row);

// What a step that ranks rows within groups (tier) tells a caller that keeps
// the groups' order itself (the live universe, src/live/): the group and the
// order keys of any rows, and the label of a rank.
class GroupRanking {
 public:
  virtual ~GroupRanking() = default;
  // The group value of each row of `run` (nullptr: one group of all rows),
  // and the order keys, evaluated as the step evaluates them.
  virtual std::shared_ptr<const Column> GroupColumn(RunData& run) const = 0;
  virtual std::vector<std::shared_ptr<const Column>> OrderColumns(RunData& run) const = 0;
  virtual std::vector<bool> Descending() const = 0;
  // The rank limits of the cuts in a group of `count` rows (INT64_MAX: none).
  virtual std::vector<int64_t> RankLimits(int64_t count) const = 0;
  // The label of rank `rank` of `count` whose first order key is
  // `first_key` (nullopt: NULL or not a number); nullopt: NULL.
  virtual std::optional<std::string_view> Label(int64_t rank, int64_t count,
                                                std::optional<int64_t> first_key) const = 0;
  // The slot of the step's output.
  virtual int OutputSlot() const = 0;
};

// What a step depends on and defines, set by the planner: for callers that
// re-run only the steps a changed column reaches (the live universe) or free
// columns after their last reader (plan/liveness.h). The expressions' reads;
// steps that read columns otherwise (family, normalize, predict, dedupe,
// aggregate) say so by CompiledStep::other_reads().
struct StepDependencies {
  ExprReads reads;
  int first_output = 0, end_output = 0;  // the slots it defines: [first, end)
  uint64_t issue_bits = 0;               // the issue bits it may set
};

struct FuseContext;
class FusedStep;

// What a step began before its turn (CompiledStep::StartAhead), for that
// step's Run to take over; only the step that made it knows what it holds.
class StepAhead {
 public:
  virtual ~StepAhead() = default;
  // After the step's RunFrom: what the start ahead did, for `run
  // --profile`'s stage ("" if nothing to say), e.g. "12 of 40 pieces
  // scored ahead".
  virtual std::string Report() const { return {}; }
};

class CompiledStep {
 public:
  virtual ~CompiledStep() = default;
  virtual void Run(RunState& state, StepTrace& trace) const = 0;
  virtual const char* kind() const = 0;

  // What decided `row`'s output, as JSON (docs/explain.md):
  //   {"kind", "label", "outputs": {name: value}, "summary": "one line", ...details}
  // Called after the run, with the state and this step's trace.
  virtual nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                         size_t row) const = 0;
  // The columns this step defines, in order.
  virtual std::vector<std::string> outputs() const = 0;
  // A step whose output for a row depends on its rank within a group
  // (tier); nullptr for steps that decide each row alone or by family.
  virtual const GroupRanking* ranking() const { return nullptr; }

  // What the step reads of the rows it runs on besides its expressions'
  // reads (dependencies.reads), for the callers that act on those reads:
  //   kNothing      every read is in an expression
  //   kIdAndParent  also its id and parent columns (family), which the live
  //                 universe follows itself and liveness counts as all
  //   kAnything     any column (aggregate, normalize, dedupe, predict)
  // A new kind reads anything until it says otherwise.
  enum class OtherReads { kNothing, kIdAndParent, kAnything };
  virtual OtherReads other_reads() const { return OtherReads::kAnything; }

  // Whether the step decides each row from that row alone and can run in
  // a fused group (plan/fused_group.h): classify, compute, score.
  virtual bool can_fuse() const { return false; }
  // Its part in a fused run over `state` (steps/fused_step.h), made before
  // any batch runs; nullptr for a step that cannot fuse.
  virtual std::unique_ptr<FusedStep> Fuse(RunState& state, StepTrace& trace,
                                          const FuseContext& context) const;

  // A step whose reads may be ready well before its turn can start then,
  // on a thread of its own that works while the steps before it leave a
  // core idle (common/parallel.h, WaitForAnIdleCore), and be taken over
  // when its turn comes (plan/run.cc, "Steps that start ahead"), never
  // waiting for that thread. ahead_reads(): the
  // slots of the rows it runs on that its Run reads, each final once
  // filled (empty: it never starts ahead); StartAhead: its start, once
  // they are filled, with no step running (nullptr: not this time);
  // RunFrom: its Run, taking over what StartAhead began (once; the engine
  // then reads the StepAhead's Report and lets it go).
  virtual std::vector<int> ahead_reads() const { return {}; }
  virtual std::unique_ptr<StepAhead> StartAhead(const RunState&) const { return nullptr; }
  virtual void RunFrom(StepAhead& started, RunState& state, StepTrace& trace) const {
    (void)started;
    Run(state, trace);
  }

  // Set by the planner: which input the step runs on (0: the accounts;
  // i: RunState::related[i - 1]).
  int table = 0;
  // Set by the planner: "classify own_segment (policy.yaml:42:5)" for
  // timings and explain, "policy.yaml:42:5: classify own_segment" to begin
  // a message about the step (a RowError it throws).
  std::string label;
  std::string where;
  StepDependencies dependencies;
};

// A table the policy loaded (tables: in the policy), for lookups.
struct PolicyTable {
  std::string name;
  std::string path;
  Table table;
  RowLines row_lines;
};

// A related input as binding sees it: its columns in scope and where its
// next column goes (each input has its own slots).
struct RelatedScope {
  std::string name;
  std::string key_column;  // declared key, "" if none
  Scope scope;
  int next_slot = 0;
};

// Where a step names a related input: an aggregate's `from:` or a step's `on:`.
enum class RelatedInputRole { kFrom, kOn };
// The index of the related input `name` in `related`, or -1 after a
// diagnostic at its place ("no related input", with a suggestion; the
// accounts input's name, `accounts_input`, is explained instead).
int FindRelatedInput(const std::vector<RelatedScope>& related, const Named& name,
                     RelatedInputRole role, const std::string& accounts_input,
                     Diagnostics& diagnostics);

// What binding a step may read and change. `scope` and `next_slot` are
// those of the input the step runs on.
struct BindContext {
  ExprBinder& exprs;
  Diagnostics& diagnostics;
  Scope& scope;
  IssueRegistry& issues;
  const std::vector<PolicyTable>& tables;
  int next_slot = 0;
  std::string key_column;  // the input's key, "" if none
  // The related inputs, in policy order (for aggregate steps); set for
  // steps on the accounts.
  std::vector<RelatedScope>* related = nullptr;
  std::string accounts_input = "";  // the accounts input's name, for messages
  // Where predict steps find their models; empty when the caller has no
  // store (a predict step is then a policy error that says so).
  const ModelResolver* models = nullptr;
  // The columns a predict step's model reads that no step before it made,
  // reported by the compiler once every step is bound: a later step may
  // make one (the predict step is then out of order). Null: reported at
  // once as columns the policy no longer has.
  struct MissingModelColumn {
    std::string column, model;
    SourceLocation where;
  };
  std::vector<MissingModelColumn>* missing_model_columns = nullptr;

  // Declares an output column; reports a diagnostic if the name is taken.
  // Returns its slot.
  int AddColumn(const Named& name, DataType type);
  // Declares the column of an expression that did not bind: steps that
  // read it fail without a diagnostic of their own (Scope::Entry::failed).
  int AddFailedColumn(const Named& name);
  // Bit of an issue code, reporting a diagnostic at `where` on overflow.
  int IssueBit(const std::string& code, const SourceLocation& where);
  uint64_t issue_bits_used = 0;  // every bit IssueBit gave, for StepDependencies
};

std::unique_ptr<CompiledStep> BindFamily(const FamilyStep& step, const SourceLocation& at,
                                         BindContext& ctx);
std::unique_ptr<CompiledStep> BindClassify(const ClassifyStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindLookup(const LookupStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindScore(const ScoreStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindTier(const TierStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindCompute(const ComputeStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindAggregate(const AggregateStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindNormalize(const NormalizeStep& step, BindContext& ctx);
std::unique_ptr<CompiledStep> BindPredict(const PredictStep& step, BindContext& ctx);
// Why model `model` cannot read `column`: a later step makes it (`later`),
// or the policy no longer has it.
std::string MissingModelColumnMessage(const std::string& model, const std::string& column,
                                      bool later);
std::unique_ptr<CompiledStep> BindDedupe(const DedupeStep& step, BindContext& ctx);
// The policy's coverage: section, bound as a last step on the accounts.
std::unique_ptr<CompiledStep> BindCoverage(const CoverageDecl& coverage, BindContext& ctx);

// Rejects a key column (strings or integers) with a repeated value, naming
// the file and both lines: Error(kInput) "path:LINE: duplicate NAME "x"
// (first on line N)".
void CheckUniqueKey(const Column& column, const std::string& name, const std::string& path,
                    const RowLines& lines);

// A key value for messages: the text, or the number at its scale; NULL if none.
std::string KeyText(const Column& column, size_t row);

// The slot of the string column `name` (an input column or an earlier
// output), or -1 after a diagnostic: "unknown column" (with a suggestion) or
// "ROLE column must be a string".
int StringColumnSlot(const Named& name, BindContext& ctx, const std::string& role);

// Evaluates a constant expression (no column reads) once; nullopt if NULL.
std::optional<int64_t> EvalConstantNumber(const BoundExpr& expr, int scale, int node_count);

}  // namespace acctseg

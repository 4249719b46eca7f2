// A bound expression: every name resolved to a column slot, every node
// typed, ready to evaluate. A tree of BoundExpr is immutable and shared by
// all threads; per-thread state lives in EvalScratch and per-run state (the
// columns, the hierarchy, family aggregates) in RunData.
//
// Evaluation is batch-at-a-time: Eval fills `out` for rows
// [batch.begin, batch.begin + batch.count) with one virtual call per node
// per batch, never per row.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "expr/vector.h"
#include "table/column.h"

namespace acctseg {

// The corporate hierarchy resolved by the family step: row indexes.
struct Hierarchy {
  std::vector<int32_t> parent_row;  // -1: top-level
  std::vector<int32_t> global_row;  // the top of the row's family
};

struct RunData;

// A run over some rows of a larger run whose families it does not hold (the
// live universe re-running steps on an account's row alone): `parent.` and
// `global.` read the larger run's rows (this run's own value where that row
// is one of `rows`), and a family aggregate reads `prepared[id]` per row of
// this run, one value each (its family's), filled by the caller, not by
// Prepare.
struct OuterFamilies {
  const RunData* run = nullptr;
  const std::vector<int32_t>* rows = nullptr;  // this run's rows in `run`, increasing
};

// What an expression reads during a run. Slots are filled as steps run.
struct RunData {
  size_t row_count = 0;
  std::vector<std::shared_ptr<const Column>> slots;
  std::shared_ptr<const Hierarchy> hierarchy;
  // Results computed before a step's batches run (family aggregates), by
  // node id.
  std::vector<std::shared_ptr<const Column>> prepared;
  // For family aggregates that pick one member (MAX, MIN, ANY): that
  // member's row, per global row (-1: none), by node id.
  std::vector<std::shared_ptr<const std::vector<int32_t>>> prepared_source;
  int threads = 1;
  int node_count = 0;                    // expression nodes in the plan: the size of scratch
  const OuterFamilies* outer = nullptr;  // set for a run of some rows of a larger run
};

class BoundExpr;

// Which row a column reference reads: the row itself, its parent, or its
// global account.
enum class RowSource { kSelf, kParent, kGlobal };

// A column an expression reads, for explanations.
struct ColumnRead {
  std::string name;  // as written, without the qualifier
  RowSource source;
  int slot;
  std::string Written() const {
    return (source == RowSource::kParent   ? "parent."
            : source == RowSource::kGlobal ? "global."
                                           : "") +
           name;
  }
};

// One thread's scratch: a Vector per expression node and a string arena.
struct EvalScratch {
  std::vector<Vector> vectors;  // indexed by BoundExpr::id()
  StringArena arena;
  // By slot, in a fused group's batch (plan/fused_group.h): the batch's
  // values of a column an earlier step of the group made, which a column
  // read takes instead of the column (nullptr, or past the end: the column).
  std::vector<const Vector*> fused;
  const Vector* FusedValues(int slot) const {
    return static_cast<size_t>(slot) < fused.size() ? fused[slot] : nullptr;
  }
};

struct Batch {
  const RunData& run;
  size_t begin;
  size_t count;
  EvalScratch& scratch;
};

class BoundExpr {
 public:
  BoundExpr(DataType type, int id) : type_(type), id_(id) {}
  virtual ~BoundExpr() = default;

  DataType type() const { return type_; }
  int id() const { return id_; }

  virtual void Eval(const Batch& batch, Vector& out) const = 0;

  // Evaluates a child into its own scratch vector and returns it.
  const Vector& EvalChild(const BoundExpr& child, const Batch& batch) const {
    Vector& v = batch.scratch.vectors[child.id()];
    child.Eval(batch, v);
    return v;
  }

  // Work to do once per run before batches, e.g. family aggregates.
  virtual void Prepare(RunData& run) const {
    for (const auto& c : children_) c->Prepare(run);
  }

  // The whole column this node evaluates to, if it can be had without
  // evaluating batches (a column reference: the column itself, or a gather
  // through the hierarchy that keeps the dictionary). nullptr otherwise.
  virtual std::shared_ptr<const Column> DirectColumn(const RunData& run) const { return nullptr; }

  // Introspection for explanations: a column reference describes what it
  // reads; a family aggregate names itself and the member that supplied a
  // row's value.
  virtual const ColumnRead* AsColumnRead() const { return nullptr; }
  virtual std::string FamilyAggregateName() const { return ""; }
  // A constant an explanation lists among the reads (AS_OF), or "".
  virtual std::string ReadName() const { return ""; }
  virtual int32_t SupplyingMember(const RunData& run, size_t row) const { return -1; }
  // Family aggregates only: the argument, and the aggregate of one family
  // re-folded from its members' argument values (`values` row i: member
  // `members[i]`, members in row order), exactly as Prepare folds it. `out`
  // becomes a one-row column of the value; returns the supplying member
  // (-1: none). Error(kInternal) for other nodes.
  virtual const BoundExpr* FamilyArgument() const { return nullptr; }
  virtual int32_t FoldFamily(const Column& values, const std::vector<int32_t>& members,
                             Column& out) const;

  // The value as constant, if the node does not depend on any row.
  virtual bool IsConstant() const { return false; }

  const std::vector<std::unique_ptr<BoundExpr>>& children() const { return children_; }
  void AddChild(std::unique_ptr<BoundExpr> child) { children_.push_back(std::move(child)); }

 protected:
  DataType type_;
  int id_;
  std::vector<std::unique_ptr<BoundExpr>> children_;
};

// A node whose two children are evaluated first, then combined row by row
// in Apply: the shape most operators and functions share.
class BinaryNode : public BoundExpr {
 public:
  BinaryNode(DataType type, int id, std::unique_ptr<BoundExpr> left,
             std::unique_ptr<BoundExpr> right)
      : BoundExpr(type, id) {
    AddChild(std::move(left));
    AddChild(std::move(right));
  }
  void Eval(const Batch& batch, Vector& out) const final {
    const Vector& a = EvalChild(*children_[0], batch);
    const Vector& b = EvalChild(*children_[1], batch);
    out.Reset(type_, batch.count);
    Apply(a, b, batch, out);
  }

 protected:
  virtual void Apply(const Vector& a, const Vector& b, const Batch& batch, Vector& out) const = 0;
};

// The same with one child.
class UnaryNode : public BoundExpr {
 public:
  UnaryNode(DataType type, int id, std::unique_ptr<BoundExpr> operand) : BoundExpr(type, id) {
    AddChild(std::move(operand));
  }
  void Eval(const Batch& batch, Vector& out) const final {
    const Vector& a = EvalChild(*children_[0], batch);
    out.Reset(type_, batch.count);
    Apply(a, batch, out);
  }

 protected:
  virtual void Apply(const Vector& a, const Batch& batch, Vector& out) const = 0;
};

// Evaluates `expr` over all rows into a new column (strings interned into a
// new dictionary), in parallel batches. A RowError names the run's row.
std::shared_ptr<const Column> Materialize(const BoundExpr& expr, RunData& run);
// For a fused group's step (steps/fused_step.h), before its batches: the
// whole column as Materialize makes it when it needs no batches and reads
// only columns already made; else nullptr, `expr` prepared for batches
// (it may read a column an earlier step of the group makes batch by batch).
std::shared_ptr<const Column> MaterializeBeforeBatches(const BoundExpr& expr, RunData& run);

// Rows [begin, begin + count) of `column` into `out`, which Reset has
// sized: text with its codes and dictionary.
void ReadColumnRows(const Column& column, size_t begin, size_t count, Vector& out);
// Rows rows[0..count) of `column` into `out` the same way; a row below 0
// (no parent, no table row found) reads as NULL.
void GatherColumnRows(const Column& column, const int32_t* rows, size_t count, Vector& out);

// Runs fn(batch) over all rows in parallel batches, each worker with its own
// scratch. fn gets the worker index for per-worker results. A RowError
// thrown by fn names a row of the batch (0 .. count-1); it leaves as the
// same error at the run's row (batch.begin + row).
void ForEachBatch(const RunData& run, const std::function<void(size_t worker, const Batch&)>& fn);

// Makes scratch sized for a plan with `node_count` nodes.
void InitScratch(EvalScratch& scratch, int node_count);

// This thread's scratch for evaluating a few rows outside ForEachBatch (a
// live event's rows, explain's one row), sized for `node_count` nodes, its
// arena empty: kept between leases, since building a Vector per expression
// node per call costs far more than evaluating one row (explaining a
// thousand accounts spent most of its time there). Leases nest: a batch may
// evaluate another run inside it.
class ScratchLease {
 public:
  explicit ScratchLease(int node_count);
  ~ScratchLease();
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  EvalScratch& scratch() { return *scratch_; }

 private:
  std::unique_ptr<EvalScratch> scratch_;
};

}  // namespace acctseg

// The compute step: named expressions, each stored as a new column; a later
// one in the same step may read an earlier one.
#include "common/error.h"
#include "steps/explain_util.h"
#include "steps/fused_step.h"
#include "steps/step.h"

namespace acctseg {
namespace {

struct ComputedColumn {
  int slot;
  std::string name;
  ExprPtr expr;
  std::string text;
  std::string where;  // "policy.yaml:132:7: compute potential", for errors
};

// A compute step in a fused group. A column that needs no batches (a
// column read, a gather through the family, an expression of one column
// evaluated over its dictionary) is made whole before the batches, as an
// unfused run makes it; the others are evaluated batch by batch.
class FusedCompute final : public FusedStep {
 public:
  FusedCompute(const std::vector<ComputedColumn>& columns, RunState& state,
               const FuseContext& context);
  void RunBatch(size_t worker, const Batch& batch) override;
  void Finish(RunState& state) override {
    for (FusedOutput& output : outputs_) output.Finish(state);
  }

 private:
  std::vector<const ComputedColumn*> batched_;  // evaluated batch by batch
  std::vector<FusedOutput> outputs_;            // of batched_, in order
};

// Whether `expr` reads a slot in [first, end) of other rows than its own
// (parent., global., inside a family aggregate).
bool ReadsAcrossRows(const BoundExpr& expr, int first, int end, bool across = false) {
  across |= expr.FamilyArgument() != nullptr;
  if (const ColumnRead* read = expr.AsColumnRead())
    return (across || read->source != RowSource::kSelf) && read->slot >= first && read->slot < end;
  for (const auto& child : expr.children())
    if (ReadsAcrossRows(*child, first, end, across)) return true;
  return false;
}

class Compute final : public CompiledStep {
 public:
  explicit Compute(std::vector<ComputedColumn> columns) : columns_(std::move(columns)) {
    // A column read across rows by a later column of the step must be whole
    // before that one runs: the step then runs column by column, unfused.
    const int first = columns_.empty() ? 0 : columns_.front().slot;
    const int end = columns_.empty() ? 0 : columns_.back().slot + 1;
    for (const auto& c : columns_) fusable_ &= !ReadsAcrossRows(*c.expr, first, end);
  }

  const char* kind() const override { return "compute"; }
  OtherReads other_reads() const override { return OtherReads::kNothing; }

  void Run(RunState& state, StepTrace&) const override {
    for (const auto& c : columns_) {
      try {
        state.data.slots[c.slot] = Materialize(*c.expr, state.data);
      } catch (const RowError& e) {
        throw e.Within(c.where);  // name the column, not the whole step
      }
    }
  }

  bool can_fuse() const override { return fusable_; }
  std::unique_ptr<FusedStep> Fuse(RunState& state, StepTrace&,
                                  const FuseContext& context) const override {
    return std::make_unique<FusedCompute>(columns_, state, context);
  }

  std::vector<std::string> outputs() const override {
    std::vector<std::string> names;
    for (const auto& c : columns_) names.push_back(c.name);
    return names;
  }

  // Each column's expression and the values it read.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace&,
                                 size_t row) const override {
    nlohmann::ordered_json outputs = nlohmann::ordered_json::object(),
                           columns = nlohmann::ordered_json::array();
    std::string summary;
    for (const auto& c : columns_) {
      const Column& out = *state.data.slots[c.slot];
      nlohmann::ordered_json reads = ReadsAt(*c.expr, state, row, state.family_id_slot);
      outputs[c.name] = ValueJson(out, row);
      columns.push_back(
          {{"name", c.name}, {"expr", c.text}, {"value", ValueJson(out, row)}, {"reads", reads}});
      summary += (summary.empty() ? "" : "; ") + c.name + " = " + ValueText(out, row);
      if (!reads.empty()) summary += " (" + ReadsText(reads) + ")";
    }
    return {{"kind", "compute"},
            {"label", label},
            {"outputs", outputs},
            {"columns", columns},
            {"summary", summary}};
  }

 private:
  std::vector<ComputedColumn> columns_;
  bool fusable_ = true;
};

FusedCompute::FusedCompute(const std::vector<ComputedColumn>& columns, RunState& state,
                           const FuseContext& context) {
  for (const ComputedColumn& c : columns) {
    try {
      if (auto whole = MaterializeBeforeBatches(*c.expr, state.data)) {
        state.data.slots[c.slot] = std::move(whole);
        continue;
      }
    } catch (const RowError& e) {
      throw e.Within(c.where);
    }
    batched_.push_back(&c);
    outputs_.emplace_back(c.slot, c.expr->type(), state, context);
  }
}

void FusedCompute::RunBatch(size_t worker, const Batch& batch) {
  for (size_t i = 0; i < batched_.size(); ++i) {
    const ComputedColumn& c = *batched_[i];
    Vector& values = batch.scratch.vectors[c.expr->id()];
    try {
      c.expr->Eval(batch, values);
    } catch (const RowError& e) {
      throw e.Within(c.where);
    }
    outputs_[i].Publish(worker, batch, values);
  }
}

}  // namespace

std::unique_ptr<CompiledStep> BindCompute(const ComputeStep& step, BindContext& ctx) {
  bool ok = true;
  std::vector<ComputedColumn> columns;
  for (const auto& [name, text] : step.columns) {
    ExprPtr e = ctx.exprs.Bind(text, ctx.scope);
    ok &= e != nullptr;
    int slot = e ? ctx.AddColumn(name, e->type()) : ctx.AddFailedColumn(name);
    columns.push_back({slot, name.name, std::move(e), text.text,
                       name.location.ToString() + ": compute " + name.name});
  }
  if (!ok) return nullptr;
  return std::make_unique<Compute>(std::move(columns));
}

}  // namespace acctseg

// The compute step: named expressions, each stored as a new column; a later
// one in the same step may read an earlier one.
#include "steps/step.h"

namespace acctseg {
namespace {

class Compute final : public CompiledStep {
 public:
  explicit Compute(std::vector<std::pair<int, ExprPtr>> columns) : columns_(std::move(columns)) {}

  const char* kind() const override { return "compute"; }

  void Run(RunState& state) const override {
    for (const auto& [slot, expr] : columns_) state.data.slots[slot] = Materialize(*expr, state.data);
  }

 private:
  std::vector<std::pair<int, ExprPtr>> columns_;
};

}  // namespace

std::unique_ptr<CompiledStep> BindCompute(const ComputeStep& step, BindContext& ctx) {
  bool ok = true;
  std::vector<std::pair<int, ExprPtr>> columns;
  for (const auto& [name, text] : step.columns) {
    ExprPtr e = ctx.exprs.Bind(text, ctx.scope);
    ok &= e != nullptr;
    int slot = ctx.AddColumn(name, e ? e->type() : DataType::String());
    columns.emplace_back(slot, std::move(e));
  }
  if (!ok) return nullptr;
  return std::make_unique<Compute>(std::move(columns));
}

}  // namespace acctseg

// The compute step: named expressions, each stored as a new column; a later
// one in the same step may read an earlier one.
#include "common/error.h"
#include "steps/explain_util.h"
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

class Compute final : public CompiledStep {
 public:
  explicit Compute(std::vector<ComputedColumn> columns) : columns_(std::move(columns)) {}

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
};

}  // namespace

std::unique_ptr<CompiledStep> BindCompute(const ComputeStep& step, BindContext& ctx) {
  bool ok = true;
  std::vector<ComputedColumn> columns;
  for (const auto& [name, text] : step.columns) {
    ExprPtr e = ctx.exprs.Bind(text, ctx.scope);
    ok &= e != nullptr;
    int slot = ctx.AddColumn(name, e ? e->type() : DataType::String());
    columns.push_back({slot, name.name, std::move(e), text.text,
                       name.location.ToString() + ": compute " + name.name});
  }
  if (!ok) return nullptr;
  return std::make_unique<Compute>(std::move(columns));
}

}  // namespace acctseg

#include "steps/step.h"

#include "table/decimal.h"

namespace acctseg {

int IssueRegistry::Bit(const std::string& code) {
  for (size_t i = 0; i < codes_.size(); ++i)
    if (codes_[i] == code) return static_cast<int>(i);
  if (codes_.size() == 64) return -1;
  codes_.push_back(code);
  return static_cast<int>(codes_.size() - 1);
}

int BindContext::AddColumn(const Named& name, DataType type) {
  if (scope.columns.count(name.name))
    diagnostics.Add(name.location, "column \"" + name.name + "\" is already defined");
  if (type.id == TypeId::kList)
    diagnostics.Add(name.location,
                    "column \"" + name.name +
                        "\" would hold a list; turn it into text with LIST_JOIN(list, ';')");
  int slot = next_slot++;
  scope.columns[name.name] = Scope::Entry{type, slot};
  return slot;
}

int BindContext::IssueBit(const std::string& code, const SourceLocation& where) {
  int bit = issues.Bit(code);
  if (bit < 0) diagnostics.Add(where, "too many issue codes (at most 64 in a policy)");
  return bit;
}

std::optional<int64_t> EvalConstantNumber(const BoundExpr& expr, int scale, int node_count) {
  RunData run;
  run.row_count = 1;
  run.node_count = node_count;
  EvalScratch scratch;
  InitScratch(scratch, node_count);
  Batch batch{run, 0, 1, scratch};
  Vector out;
  expr.Eval(batch, out);
  if (out.null[0]) return std::nullopt;
  return NumberAt(out, 0, scale);
}

}  // namespace acctseg

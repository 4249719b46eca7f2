#include "steps/order_keys.h"

#include <algorithm>
#include <string>

#include "steps/explain_util.h"

namespace acctseg {
namespace {

// One value of an expression, kept apart from the scratch that made it (a
// string an expression builds lives there until the next evaluation).
struct OwnValue {
  bool null = false;
  int64_t number = 0;
  std::string text;
};

OwnValue OwnValueOf(const Vector& values, size_t i) {
  OwnValue value{values.IsNull(i)};
  if (value.null) return value;
  if (values.type.id == TypeId::kString)
    value.text = std::string(values.str[i]);
  else
    value.number = values.num[i];
  return value;
}

// Whether entry i of `values` is `value` (NULL equals NULL).
bool IsValue(const Vector& values, size_t i, const OwnValue& value) {
  if (values.IsNull(i) || value.null) return values.IsNull(i) == value.null;
  if (values.type.id == TypeId::kString) return values.str[i] == value.text;
  return values.num[i] == value.number;
}

}  // namespace

bool BindOrderKeys(const std::vector<OrderKey>& keys, BindContext& ctx,
                   std::vector<CompiledOrder>* order) {
  bool ok = true;
  for (const OrderKey& key : keys) {
    ExprPtr e = ctx.exprs.Bind(key.expr, ctx.scope);
    if (e && e->type().id == TypeId::kList) {
      ctx.diagnostics.Add(key.expr.location, "cannot order by a list");
      e = nullptr;
    }
    ok &= e != nullptr;
    order->push_back({std::move(e), key.descending, key.expr.text});
  }
  return ok;
}

OrderedRows::OrderedRows(const std::vector<CompiledOrder>& order, RunData& run) {
  std::vector<SortColumn> sort_columns;
  for (const auto& o : order) {
    columns_.push_back(Materialize(*o.expr, run));
    sort_columns.push_back({columns_.back().get(), o.descending});  // NULLs last
  }
  keys_ = std::make_unique<SortKeys>(sort_columns, run.threads);
}

OrderValues OrderValuesAt(const std::vector<CompiledOrder>& order, const RunState& state,
                          size_t row) {
  OrderValues values;
  for (const auto& o : order) {
    RowValue v = EvaluateAt(*o.expr, state, row);
    values.json.push_back(
        {{"expr", o.text}, {"order", o.descending ? "DESC" : "ASC"}, {"value", v.json}});
    values.text += (values.text.empty() ? "" : ", ") + o.text + " = " + v.text;
  }
  return values;
}

TiedRows TiedWith(const std::vector<CompiledOrder>& order, const BoundExpr* group,
                  const RunState& state, size_t row) {
  // The keys first: most rows differ on the first, and a batch none of
  // whose rows still ties evaluates nothing more.
  std::vector<const BoundExpr*> exprs;
  for (const CompiledOrder& key : order) exprs.push_back(key.expr.get());
  if (group) exprs.push_back(group);
  ScratchLease lease(state.data.node_count);
  EvalScratch& scratch = lease.scratch();
  std::vector<OwnValue> own;
  Vector values;
  for (const BoundExpr* expr : exprs) {
    expr->Eval({state.data, row, 1, scratch}, values);
    own.push_back(OwnValueOf(values, 0));
  }
  TiedRows tied;
  constexpr size_t kRows = 1024;
  for (size_t begin = 0; begin < state.data.row_count; begin += kRows) {
    const size_t count = std::min(kRows, state.data.row_count - begin);
    std::vector<uint8_t> same(count, 1);
    for (size_t e = 0; e < exprs.size() && std::find(same.begin(), same.end(), 1) != same.end();
         ++e) {
      exprs[e]->Eval({state.data, begin, count, scratch}, values);
      for (size_t i = 0; i < count; ++i)
        if (same[i] && !IsValue(values, i, own[e])) same[i] = 0;
    }
    for (size_t i = 0; i < count; ++i) {
      if (!same[i] || begin + i == row) continue;
      ++(begin + i < row ? tied.before : tied.after);
    }
  }
  return tied;
}

}  // namespace acctseg

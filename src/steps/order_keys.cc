#include "steps/order_keys.h"

#include "steps/explain_util.h"

namespace acctseg {

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

}  // namespace acctseg

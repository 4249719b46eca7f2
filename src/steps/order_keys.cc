#include "steps/order_keys.h"

#include <algorithm>
#include <cstring>
#include <optional>
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
  OwnValue value;
  value.null = values.IsNull(i);
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

namespace {

// The rows of `candidates` (every row when null) whose value of `column`
// is row `row`'s, compared where they lie (a string by its code: a
// dictionary holds each text once).
std::vector<int32_t> RowsLike(const Column& column, size_t row, size_t rows,
                              const std::vector<int32_t>* candidates) {
  const bool is_string = column.type.id == TypeId::kString;
  const bool null = column.IsNull(row);
  const int64_t value = null ? 0 : is_string ? int64_t{column.codes[row]} : column.ints[row];
  auto same = [&](size_t other) {
    if (column.IsNull(other) != null) return false;
    return null || (is_string ? int64_t{column.codes[other]} : column.ints[other]) == value;
  };
  std::vector<int32_t> kept;
  if (candidates) {
    for (int32_t other : *candidates)
      if (same(static_cast<size_t>(other))) kept.push_back(other);
    return kept;
  }
  // Every row: the values unpacked a block at a time, compared into a mask
  // by a loop the compiler vectorizes, and the mask read 8 rows a word
  // (a loop with a push_back and a branch a row took ~2 ms at 1M rows, of
  // every explanation the server gave).
  constexpr size_t kBlock = 4096;
  std::vector<int64_t> ints(is_string ? 0 : kBlock);
  std::vector<uint32_t> codes(is_string ? kBlock : 0);
  std::vector<uint8_t> nulls(kBlock, 0), match(kBlock + 8, 0);
  const uint8_t want_null = null ? 1 : 0;
  for (size_t begin = 0; begin < rows; begin += kBlock) {
    const size_t count = std::min(kBlock, rows - begin);
    if (column.HasNulls()) column.nulls.CopyTo(begin, count, nulls.data());
    if (is_string) {
      column.codes.CopyTo(begin, count, codes.data());
      const uint32_t code = static_cast<uint32_t>(value);
      for (size_t i = 0; i < count; ++i)
        match[i] = (nulls[i] == want_null) & (null | (codes[i] == code));
    } else {
      column.ints.CopyTo(begin, count, ints.data());
      for (size_t i = 0; i < count; ++i)
        match[i] = (nulls[i] == want_null) & (null | (ints[i] == value));
    }
    std::fill(match.begin() + count, match.begin() + count + 8, 0);
    for (size_t i = 0; i < count; i += 8) {
      uint64_t word;
      std::memcpy(&word, &match[i], 8);
      if (word == 0) continue;
      for (size_t j = i; j < i + 8 && j < count; ++j)
        if (match[j]) kept.push_back(static_cast<int32_t>(begin + j));
    }
  }
  return kept;
}

// The same for an expression that is no column, evaluated in batches (only
// those holding a candidate).
std::vector<int32_t> RowsLike(const BoundExpr& expr, const RunState& state, size_t row,
                              const std::vector<int32_t>* candidates, EvalScratch& scratch) {
  Vector values;
  expr.Eval({state.data, row, 1, scratch}, values);
  const OwnValue own = OwnValueOf(values, 0);
  constexpr size_t kRows = 1024;
  const size_t rows = state.data.row_count;
  std::vector<int32_t> kept;
  size_t at = 0;  // the next candidate
  for (size_t begin = 0; begin < rows; begin += kRows) {
    const size_t end = std::min(rows, begin + kRows);
    if (candidates && (at == candidates->size() || static_cast<size_t>((*candidates)[at]) >= end))
      continue;
    expr.Eval({state.data, begin, end - begin, scratch}, values);
    if (!candidates) {
      for (size_t other = begin; other < end; ++other)
        if (IsValue(values, other - begin, own)) kept.push_back(static_cast<int32_t>(other));
      continue;
    }
    for (; at < candidates->size() && static_cast<size_t>((*candidates)[at]) < end; ++at)
      if (IsValue(values, (*candidates)[at] - begin, own)) kept.push_back((*candidates)[at]);
  }
  return kept;
}

}  // namespace

TiedRows TiedWith(const std::vector<CompiledOrder>& order, const BoundExpr* group,
                  const RunState& state, size_t row) {
  // The keys first: most rows differ on the first, and each later one is
  // compared on the rows still tied alone. A column is compared where it
  // lies: a scan of a million rows by batches of evaluated values took
  // ~10 ms of every explanation the server gave.
  std::vector<const BoundExpr*> exprs;
  for (const CompiledOrder& key : order) exprs.push_back(key.expr.get());
  if (group) exprs.push_back(group);
  ScratchLease lease(state.data.node_count);
  std::optional<std::vector<int32_t>> tied_rows;  // increasing; none yet: every row
  for (const BoundExpr* expr : exprs) {
    const std::vector<int32_t>* candidates = tied_rows ? &*tied_rows : nullptr;
    if (auto column = expr->DirectColumn(state.data))
      tied_rows = RowsLike(*column, row, state.data.row_count, candidates);
    else
      tied_rows = RowsLike(*expr, state, row, candidates, lease.scratch());
    if (tied_rows->size() <= 1) break;  // the row alone
  }
  TiedRows tied;
  if (!tied_rows) {  // no key and no group: every row ties
    tied.before = static_cast<int64_t>(row);
    tied.after = static_cast<int64_t>(state.data.row_count - row - 1);
    return tied;
  }
  for (int32_t other : *tied_rows)
    if (static_cast<size_t>(other) != row)
      ++(static_cast<size_t>(other) < row ? tied.before : tied.after);
  return tied;
}

}  // namespace acctseg

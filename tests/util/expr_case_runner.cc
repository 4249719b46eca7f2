#include "util/expr_case_runner.h"

#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"
#include "expr/binder.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg::testing {
namespace {

// Row i of `v` in the canonical form of case files.
std::string ValueText(const Vector& v, size_t i) {
  if (v.IsNull(i)) return "NULL";
  switch (v.type.id) {
    case TypeId::kString:
      return QuoteText(v.str[i]);
    case TypeId::kBool:
      return v.num[i] ? "true" : "false";
    case TypeId::kList: {
      std::string joined = "[";
      for (size_t k = 0; k < v.list[i].size(); ++k)
        joined += (k ? ", " : "") + QuoteText(v.list[i][k]);
      return joined + "]";
    }
    default:
      return IntSlotText(v.type, v.num[i]);
  }
}

std::string Join(const std::vector<std::string>& values) {
  std::string joined;
  for (size_t k = 0; k < values.size(); ++k) joined += (k ? ", " : "") + values[k];
  return joined;
}

std::string Expected(const ExprCase& c) {
  switch (c.outcome) {
    case ExprCase::Outcome::kValues:
      return (c.type.empty() ? "" : c.type + ": ") + Join(c.values);
    case ExprCase::Outcome::kBindError:
      return "bind error containing \"" + c.error + "\"";
    case ExprCase::Outcome::kEvalError:
      return "eval error containing \"" + c.error + "\"";
  }
  return "";
}

RunData MakeRun(const ExprCaseTable& table) {
  RunData run;
  run.row_count = table.row_count;
  run.slots.assign(table.columns.begin(), table.columns.end());
  if (table.has_family) {
    auto hierarchy = std::make_shared<Hierarchy>();
    hierarchy->parent_row = table.parent_row;
    hierarchy->global_row = table.global_row;
    run.hierarchy = hierarchy;
  }
  return run;
}

// Every row's value, batch by batch; throws what evaluation throws.
std::vector<std::string> Evaluate(const BoundExpr& expr, RunData& run) {
  run.prepared.assign(run.node_count, nullptr);
  run.prepared_source.assign(run.node_count, nullptr);
  expr.Prepare(run);
  EvalScratch scratch;
  InitScratch(scratch, run.node_count);
  std::vector<std::string> values;
  Vector out;
  for (size_t begin = 0; begin < run.row_count; begin += kBatchRows) {
    scratch.arena.Clear();
    Batch batch{run, begin, std::min(kBatchRows, run.row_count - begin), scratch};
    expr.Eval(batch, out);
    for (size_t i = 0; i < batch.count; ++i) values.push_back(ValueText(out, i));
  }
  return values;
}

}  // namespace

std::string RunExprCase(const ExprCaseFile& file, const ExprCase& c) {
  const ExprCaseTable& table = file.tables[c.table];
  Scope scope;
  for (size_t k = 0; k < table.names.size(); ++k)
    scope.columns[table.names[k]] = {table.columns[k]->type, static_cast<int>(k)};
  scope.has_family = table.has_family;

  std::string actual;
  auto failure = [&] {
    return file.path + ":" + std::to_string(c.line) + ": " + c.expr +
           "\n  expected: " + Expected(c) + "\n  actual:   " + actual;
  };
  Diagnostics diagnostics;
  ExprBinder binder(&diagnostics);
  binder.SetAsOf(*ParseDate(kCaseAsOf));
  ExprPtr expr = binder.Bind(ExprText{c.expr, {}, true}, scope);
  if (!expr) {
    std::string message = diagnostics.empty() ? "" : diagnostics.items()[0].message;
    if (c.outcome == ExprCase::Outcome::kBindError && message.find(c.error) != std::string::npos)
      return "";
    actual = "bind error \"" + message + "\"";
    return failure();
  }
  std::string type = expr->type().ToString();
  if (c.outcome == ExprCase::Outcome::kBindError) {
    actual = "binds, type " + type;
    return failure();
  }
  if (!c.type.empty() && c.type != type) {
    actual = "type " + type;
    return failure();
  }
  RunData run = MakeRun(table);
  run.node_count = binder.node_count();
  std::vector<std::string> values;
  try {
    values = Evaluate(*expr, run);
  } catch (const Error& error) {
    std::string message = error.what();
    if (c.outcome == ExprCase::Outcome::kEvalError && message.find(c.error) != std::string::npos)
      return "";
    actual = "eval error \"" + message + "\"";
    return failure();
  }
  actual = type + ": " + Join(values);
  if (c.outcome == ExprCase::Outcome::kEvalError) return failure();
  return values == c.values ? "" : failure();
}

}  // namespace acctseg::testing

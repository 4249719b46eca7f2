// The aggregate step: folds the rows of a related input onto the accounts
// (many-to-one, by key) and stores each column, an expression over table
// aggregates such as COUNT_IF(stage = 'Closed Won') / NULLIF(COUNT(), 0).
// Each table aggregate becomes a hidden account column (aggregate_fold.h
// computes them all in one pass); the column's expression then reads them
// like any column. Rows whose key matches no account are counted and
// reported in the run's notes (or stop the run, with unmatched: error).
#include <fmt/format.h>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/quoted_value.h"
#include "steps/aggregate_fold.h"
#include "steps/explain_util.h"
#include "steps/step.h"

namespace acctseg {
namespace {

struct AggregatedColumn {
  int slot;
  std::string name;
  ExprPtr expr;
  std::string text;
};

// The table aggregates' calls, owned here; FoldSpecs point into them.
struct CollectedCall {
  TableAggregateCall call;
  int slot;
  std::string column;  // the aggregate column whose expression holds it
};

class Aggregate final : public CompiledStep {
 public:
  Aggregate(const AggregateStep& step, size_t related_index, ExprPtr where,
            std::vector<CollectedCall> calls, std::vector<FoldSpec> specs,
            std::vector<AggregatedColumn> columns, int by_slot, int account_key_slot)
      : from_(step.from.name),
        by_(step.by.name),
        where_text_(step.where ? step.where->text : ""),
        unmatched_(step.unmatched),
        related_index_(related_index),
        where_(std::move(where)),
        calls_(std::move(calls)),
        specs_(std::move(specs)),
        columns_(std::move(columns)),
        by_slot_(by_slot),
        account_key_slot_(account_key_slot) {}

  const char* kind() const override { return "aggregate"; }

  std::vector<std::string> outputs() const override {
    std::vector<std::string> names;
    for (const auto& c : columns_) names.push_back(c.name);
    return names;
  }

  void Run(RunState& state, StepTrace&) const override {
    RunState& rows = state.related[related_index_];
    AccountOfRow account_of = MapRowsToAccounts(
        *rows.data.slots[by_slot_], *state.data.slots[account_key_slot_], state.data.threads);
    FoldResult folded;
    try {
      folded = Fold(specs_, where_.get(), rows.data, account_of, state.data.row_count);
    } catch (const FoldRangeError& e) {
      throw Error(e.kind(), where + " " + calls_[e.spec()].call.text + ": " + e.what() + " " +
                                RowText(state, e.row()));
    } catch (const RowError& e) {
      // e.where(): the column whose call (or "where") failed on the row.
      throw Error(e.kind(), where + (e.where().empty() ? "" : " " + e.where()) + ": " + e.what() +
                                " " + RowText(rows, e.row()));
    }
    for (size_t i = 0; i < calls_.size(); ++i)
      state.data.slots[calls_[i].slot] = std::move(folded.columns[i]);
    ReportUnmatched(state, rows, folded);
    for (const auto& c : columns_) {
      try {
        state.data.slots[c.slot] = Materialize(*c.expr, state.data);
      } catch (const RowError& e) {
        throw e.Within(where + " " + c.name);
      }
    }
  }

  // Which related rows fed the account (a count and the first few), and
  // each column's value.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace&,
                                 size_t row) const override {
    const RunState& rows = state.related[related_index_];
    const Column& key = *rows.data.slots[by_slot_];
    const Column& account_key = *state.data.slots[account_key_slot_];
    size_t matched = 0, kept = 0;
    nlohmann::ordered_json first = nlohmann::ordered_json::array();
    constexpr size_t kShown = 5;
    for (size_t r : RowsOf(key, account_key, row)) {
      ++matched;
      if (where_ && !EvaluateAt(*where_, rows, r).is_true) continue;
      if (++kept > kShown) continue;
      nlohmann::ordered_json shown = {{"line", (*rows.row_lines)[r]}};
      if (rows.key_slot >= 0) shown["id"] = ValueJson(*rows.data.slots[rows.key_slot], r);
      first.push_back(shown);
    }
    nlohmann::ordered_json outputs = nlohmann::ordered_json::object(),
                           columns = nlohmann::ordered_json::array();
    std::string values;
    for (const auto& c : columns_) {
      const Column& out = *state.data.slots[c.slot];
      outputs[c.name] = ValueJson(out, row);
      nlohmann::ordered_json column = {
          {"name", c.name}, {"expr", c.text}, {"value", ValueJson(out, row)}};
      if (!c.expr->AsColumnRead()) column["reads"] = ReadsAt(*c.expr, state, row, -1);
      columns.push_back(column);
      values += (values.empty() ? "" : "; ") + c.name + " = " + ValueText(out, row);
    }
    std::string which =
        where_ ? fmt::format("{} of {} {} rows (where {})", kept, matched, from_, where_text_)
               : fmt::format("{} {} rows", matched, from_);
    nlohmann::ordered_json rows_json = {{"from", from_}, {"by", by_}, {"matched", matched}};
    if (where_) rows_json["kept"] = kept;
    rows_json["first"] = first;
    return {{"kind", "aggregate"}, {"label", label},     {"outputs", outputs},
            {"rows", rows_json},   {"columns", columns}, {"summary", which + ": " + values}};
  }

 private:
  // The related rows whose key is the account's, in row order (explain
  // only: one pass over the key column).
  static std::vector<size_t> RowsOf(const Column& key, const Column& account_key, size_t account) {
    std::vector<size_t> found;
    if (account_key.IsNull(account)) return found;
    if (key.type.id == TypeId::kString) {
      auto code = key.dictionary->Find(account_key.StringAt(account));
      if (!code) return found;
      for (size_t r = 0; r < key.size(); ++r)
        if (!key.IsNull(r) && key.codes[r] == *code) found.push_back(r);
    } else {
      for (size_t r = 0; r < key.size(); ++r)
        if (!key.IsNull(r) && key.ints[r] == account_key.ints[account]) found.push_back(r);
    }
    return found;
  }

  // Records what matched (kept even with `unmatched: ignore`, for the
  // quality report), then warns or stops as the step says, in words made
  // from that record.
  void ReportUnmatched(RunState& state, const RunState& rows, const FoldResult& folded) const {
    MatchReport report{
        label, from_, by_, rows.data.row_count, folded.rows_unmatched, folded.rows_without_key, {}};
    for (size_t r : folded.unmatched_examples)
      report.unmatched_examples.push_back(
          {KeyText(*rows.data.slots[by_slot_], r), (*rows.row_lines)[r]});
    state.matches.push_back(report);
    if (unmatched_ == "ignore" || (report.unmatched == 0 && report.without_key == 0)) return;
    std::string note = where + ":";
    if (report.unmatched > 0) {
      std::string examples;
      for (const MatchReport::Example& e : report.unmatched_examples)
        examples += (examples.empty() ? "" : ", ") + QuotedValue(e.key) + " (line " +
                    std::to_string(e.line) + ")";
      bool one = report.unmatched == 1;
      note += fmt::format(" {} {} row{} of {} match{} no account by {}, e.g. {};", report.unmatched,
                          from_, one ? "" : "s", rows.input_path, one ? "es" : "", by_, examples);
      // Not one matched: the two files write their keys differently (ids
      // that lost their leading zeros in a spreadsheet, another system's).
      if (report.unmatched + report.without_key == report.rows && state.data.row_count > 0 &&
          account_key_slot_ >= 0)
        note += fmt::format(
            " not one row matched: an account's key is written {}, so compare "
            "how the two files write their keys (zeros lost in a spreadsheet?);",
            QuotedValue(KeyText(*state.data.slots[account_key_slot_], 0)));
    }
    if (report.without_key > 0) {
      bool one = report.without_key == 1;
      note += fmt::format(" {} {} row{} ha{} no {};", report.without_key, from_, one ? "" : "s",
                          one ? "s" : "ve", by_);
    }
    note.back() = '.';
    if (unmatched_ == "error")
      throw Error(ErrorKind::kInput, note + " (unmatched: error stops the run)");
    state.notes.push_back(note + " They are left out.");
  }

  std::string from_, by_, where_text_, unmatched_;
  size_t related_index_;
  ExprPtr where_;
  std::vector<CollectedCall> calls_;
  std::vector<FoldSpec> specs_;
  std::vector<AggregatedColumn> columns_;
  int by_slot_, account_key_slot_;
};

// The fold of a bound call: which arguments are the value, the condition
// and the order depends on the function.
FoldSpec SpecOf(const CollectedCall& collected) {
  const TableAggregateCall& call = collected.call;
  FoldSpec spec;
  FoldOpNamed(call.function->name, &spec.op);
  spec.label = collected.column;
  spec.result = call.typed.type;
  const auto& args = call.args;
  const std::string& name = call.function->name;
  switch (spec.op) {
    case FoldOp::kCountIf:
    case FoldOp::kAny:
    case FoldOp::kAll:
      spec.condition = args[0].get();
      break;
    case FoldOp::kFirst:
    case FoldOp::kLast:
      spec.value = args[0].get();
      spec.order = args[1].get();
      break;
    default:
      if (!args.empty()) spec.value = args[0].get();
      if (name.size() > 3 && name.compare(name.size() - 3, 3, "_IF") == 0)
        spec.condition = args[1].get();
      break;
  }
  if (spec.op == FoldOp::kListDistinct) spec.separator = call.typed.constants.at(0);
  return spec;
}

}  // namespace

std::unique_ptr<CompiledStep> BindAggregate(const AggregateStep& step, BindContext& ctx) {
  std::vector<RelatedScope>& related = *ctx.related;
  const int index = FindRelatedInput(related, step.from, RelatedInputRole::kFrom,
                                     ctx.accounts_input, ctx.diagnostics);
  if (index < 0) {
    // A mistake is reported once: what reads these columns adds no error.
    for (const AggregateColumn& column : step.columns) ctx.AddFailedColumn(column.name);
    return nullptr;
  }
  RelatedScope& rows = related[index];
  bool ok = true;
  auto account_key = ctx.scope.columns.find(ctx.key_column);
  if (ctx.key_column.empty() || account_key == ctx.scope.columns.end()) {
    ctx.diagnostics.Add(step.from.location,
                        "aggregate folds rows onto accounts by key: the accounts input "
                        "needs a key:");
    ok = false;
  }
  auto by = rows.scope.columns.find(step.by.name);
  if (by == rows.scope.columns.end()) {
    ctx.diagnostics.Add(step.by.location, "\"" + step.by.name + "\" is not a column of " +
                                              rows.name +
                                              DidYouMean(step.by.name, rows.scope.Names()));
    ok = false;
  } else if (ok && by->second.type != account_key->second.type) {
    ctx.diagnostics.Add(step.by.location, "by: " + rows.name + "." + step.by.name + " is " +
                                              by->second.type.ToString() +
                                              " but the accounts' key " + ctx.key_column + " is " +
                                              account_key->second.type.ToString() +
                                              "; declare both with one type");
    ok = false;
  }
  ExprPtr where;
  if (step.where) {
    Scope each_row = rows.scope;
    each_row.aggregates_refused =
        " cannot be in where:, which keeps or drops one row of " + rows.name +
        " at a time before the fold; to keep accounts by a fold, make it one of the columns "
        "(n: COUNT()) and test that in a later step";
    each_row.accounts_elsewhere = &ctx.scope;
    each_row.accounts_refused = ", but where: keeps or drops one row of " + rows.name +
                                " at a time, reading its columns only; test the accounts' columns "
                                "in a later step (classify, compute)";
    where = ctx.exprs.BindCondition(*step.where, each_row);
    ok &= where != nullptr;
  }
  std::vector<CollectedCall> calls;
  TableAggregateCalls collect;
  collect.rows = &rows.scope;
  collect.from = rows.name;
  const AggregateColumn* binding = nullptr;
  collect.collect = [&](TableAggregateCall call) {
    int slot = ctx.next_slot++;  // hidden: read only through the column's expression
    calls.push_back({std::move(call), slot, binding->name.name});
    return slot;
  };
  std::vector<AggregatedColumn> columns;
  for (const AggregateColumn& column : step.columns) {
    binding = &column;
    ctx.scope.aggregates = &collect;
    ExprPtr e = ctx.exprs.Bind(column.expr, ctx.scope);
    ctx.scope.aggregates = nullptr;
    ok &= e != nullptr;
    int slot = e ? ctx.AddColumn(column.name, e->type()) : ctx.AddFailedColumn(column.name);
    columns.push_back({slot, column.name.name, std::move(e), column.expr.text});
  }
  if (!ok) return nullptr;
  std::vector<FoldSpec> specs;
  for (const CollectedCall& c : calls) specs.push_back(SpecOf(c));
  return std::make_unique<Aggregate>(step, index, std::move(where), std::move(calls),
                                     std::move(specs), std::move(columns), by->second.slot,
                                     account_key->second.slot);
}

}  // namespace acctseg

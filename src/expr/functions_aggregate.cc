// The table aggregates: each folds the rows of a related input onto the
// account they belong to, in an aggregate step's columns (the binder hands
// them to the step through Scope::aggregates; they have no row kernel).
// Their type rules live here so the binder, the docs and the step agree.
#include <algorithm>

#include "expr/functions.h"
#include "expr/parsed_expr.h"

namespace acctseg {
namespace {

bool Orderable(DataType type) { return type.id == TypeId::kString || type.IsStoredAsInt(); }

std::optional<TypeError> ExpectOrderable(const CallArgument& arg, std::string_view name,
                                         const char* role) {
  if (Orderable(arg.type)) return std::nullopt;
  return TypeError{arg.offset, std::string(name) + " " + role +
                                   " expects a number, string or boolean, found " +
                                   arg.type.ToString()};
}

std::optional<TypeError> ExpectCondition(const CallArgument& arg, std::string_view name) {
  return ExpectType(arg.type, arg.offset, TypeId::kBool, std::string(name) + " condition");
}

// COUNT(), COUNT(x): rows, or rows where x is not NULL.
CallType CountType(const Call& call) {
  if (!call.args.empty() && call.args[0].type.id == TypeId::kList)
    return TypeError{call.args[0].offset, "COUNT does not take a list"};
  return DataType::Int64();
}

// SUM(x) / SUM_IF(x, condition): x's type.
CallType SumType(const Call& call) {
  if (auto mistake = ExpectNumber(call.args[0].type, call.args[0].offset, std::string(call.name)))
    return *mistake;
  if (call.args.size() > 1)
    if (auto mistake = ExpectCondition(call.args[1], call.name)) return *mistake;
  return call.args[0].type;
}

// MIN/MAX(x) and their _IF forms: x's type.
CallType ExtremeType(const Call& call) {
  if (auto mistake = ExpectOrderable(call.args[0], call.name, "value")) return *mistake;
  if (call.args.size() > 1)
    if (auto mistake = ExpectCondition(call.args[1], call.name)) return *mistake;
  return call.args[0].type;
}

// AVG(x): exact, two more decimal places than x (at most kMaxDecimalScale).
CallType AverageType(const Call& call) {
  if (auto mistake = ExpectNumber(call.args[0].type, call.args[0].offset, "AVG")) return *mistake;
  return DataType::Decimal(std::min(kMaxDecimalScale, call.args[0].type.Scale() + 2));
}

CallType DistinctCountType(const Call& call) {
  if (auto mistake = ExpectOrderable(call.args[0], call.name, "value")) return *mistake;
  return DataType::Int64();
}

TypeRule ConditionType(DataType result) {
  return [result](const Call& call) -> CallType {
    for (const CallArgument& arg : call.args)
      if (auto mistake = ExpectCondition(arg, call.name)) return *mistake;
    return result;
  };
}

// FIRST(x, by) / LAST(x, by): x's type; `by` orders the rows (a number or date).
CallType FirstLastType(const Call& call) {
  if (auto mistake = ExpectOrderable(call.args[0], call.name, "value")) return *mistake;
  const CallArgument& by = call.args[1];
  if (!by.type.IsStoredAsInt() || by.type.id == TypeId::kBool)
    return TypeError{by.offset, std::string(call.name) +
                                    " orders rows by its second argument, a number or date; "
                                    "found " +
                                    by.type.ToString()};
  return call.args[0].type;
}

// LIST_DISTINCT(x [, 'separator']): text; the separator is read as written.
CallType ListDistinctType(const Call& call) {
  if (auto mistake =
          ExpectType(call.args[0].type, call.args[0].offset, TypeId::kString, "LIST_DISTINCT"))
    return *mistake;
  CallType typed(DataType::String());
  typed.constants.push_back(";");
  if (call.args.size() > 1) {
    const ParsedExpr& separator = *call.args[1].written;
    if (separator.kind != ParsedExpr::Kind::kLiteral ||
        separator.literal_kind != ParsedExpr::LiteralKind::kString)
      return TypeError{separator.offset, "LIST_DISTINCT's separator is a string literal"};
    typed.constants[0] = separator.text;
  }
  return typed;
}

}  // namespace

void RegisterTableAggregates(std::vector<FunctionDef>& out) {
  const auto kind = FunctionKind::kTableAggregate;
  const auto nulls = NullHandling::kHandlesNull;
  auto add = [&](std::string name, size_t min_args, size_t max_args, size_t bound_args,
                 TypeRule rule, std::vector<FunctionDoc> docs) {
    out.push_back({std::move(name), kind, min_args, max_args, bound_args, nulls, std::move(rule),
                   nullptr, std::move(docs)});
  };
  add("COUNT", 0, 1, kVariadic, CountType,
      {{"COUNT()", "—", "number of rows"},
       {"COUNT(x)", "any", "number of rows where x is not NULL"}});
  add("COUNT_IF", 1, 1, kVariadic, ConditionType(DataType::Int64()),
      {{"COUNT_IF(c)", "condition", "number of rows where c is true"}});
  add("SUM", 1, 1, kVariadic, SumType,
      {{"SUM(x)", "number", "exact sum of non-NULL values; NULL if none"}});
  add("SUM_IF", 2, 2, kVariadic, SumType,
      {{"SUM_IF(x, c)", "number, condition", "exact sum of x where c is true; NULL if none"}});
  for (const char* name : {"MIN", "MAX"}) {
    std::string which = name[1] == 'I' ? "smallest" : "largest";
    add(name, 1, 1, kVariadic, ExtremeType,
        {{std::string(name) + "(x)", "number, date, string or boolean",
          which + " non-NULL value (strings byte-wise); NULL if none"}});
    add(std::string(name) + "_IF", 2, 2, kVariadic, ExtremeType,
        {{std::string(name) + "_IF(x, c)", "value, condition",
          which + " non-NULL x where c is true; NULL if none"}});
  }
  add("AVG", 1, 1, kVariadic, AverageType,
      {{"AVG(x)", "number",
        "exact mean of non-NULL values as a decimal with two more places than x (at most 9), "
        "rounded half away from zero; NULL if none"}});
  add("COUNT_DISTINCT", 1, 1, kVariadic, DistinctCountType,
      {{"COUNT_DISTINCT(x)", "number, date, string or boolean",
        "number of distinct non-NULL values"}});
  add("ANY", 1, 1, kVariadic, ConditionType(DataType::Bool()),
      {{"ANY(c)", "condition", "true if c is true on some row; false if none (or no rows)"}});
  add("ALL", 1, 1, kVariadic, ConditionType(DataType::Bool()),
      {{"ALL(c)", "condition",
        "true if c is true on every row (NULL counts as false); true for no rows"}});
  add("FIRST", 2, 2, kVariadic, FirstLastType,
      {{"FIRST(x, by)", "value, number or date",
        "x of the row with the smallest `by` (rows with NULL `by` left out; ties: the earlier "
        "row of the file)"}});
  add("LAST", 2, 2, kVariadic, FirstLastType,
      {{"LAST(x, by)", "value, number or date",
        "x of the row with the largest `by` (rows with NULL `by` left out; ties: the later row "
        "of the file)"}});
  add("LIST_DISTINCT", 1, 2, 1, ListDistinctType,
      {{"LIST_DISTINCT(x)", "string",
        "the distinct non-NULL values, sorted byte-wise, joined by `;` (text; SPLIT turns it "
        "back into a list); NULL if none"},
       {"LIST_DISTINCT(x, 'sep')", "string, string literal", "the same, joined by sep"}});
}

}  // namespace acctseg

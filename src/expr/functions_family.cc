// The family aggregates: each reduces its argument over every member of the
// row's family (the binder checks a family step comes first and that they
// do not nest).
#include <algorithm>

#include "expr/functions.h"
#include "expr/parsed_expr.h"

namespace acctseg {

namespace {

// FAMILY_MAX, FAMILY_MIN: a number, a string or a date or timestamp (the
// latest, the earliest); over strings, an optional
// ranking (read as written: a list of string literals).
CallType ExtremeType(const Call& call) {
  const CallArgument& arg = call.args[0];
  std::string name(call.name);
  if (arg.type.id != TypeId::kString && !arg.type.IsNumeric() && !arg.type.IsTemporal())
    return TypeError{
        arg.offset,
        name + " expects a number, a string, a date or a timestamp, found " + arg.type.ToString()};
  CallType typed(arg.type);
  if (call.args.size() < 2) return typed;
  const ParsedExpr& ranking = *call.args[1].written;
  if (ranking.kind != ParsedExpr::Kind::kList || arg.type.id != TypeId::kString)
    return TypeError{ranking.offset,
                     name +
                         " takes as second argument a ranking of the string values, least "
                         "significant first, like ['SMB', 'Commercial', 'Enterprise']"};
  for (const auto& item : ranking.children) {
    if (item->kind != ParsedExpr::Kind::kLiteral ||
        item->literal_kind != ParsedExpr::LiteralKind::kString)
      return TypeError{item->offset, "a ranking holds string literals"};
    // Twice in a ranking, a value would have two ranks (the first won).
    if (std::find(typed.constants.begin(), typed.constants.end(), item->text) !=
        typed.constants.end())
      return TypeError{item->offset, "'" + item->text + "' is in the ranking twice"};
    typed.constants.push_back(item->text);
  }
  return typed;
}

CallType SumType(const Call& call) {
  const CallArgument& arg = call.args[0];
  if (auto mistake = ExpectNumber(arg.type, arg.offset, std::string(call.name))) return *mistake;
  return arg.type;
}

// FAMILY_COUNT, FAMILY_ANY: a condition (FAMILY_COUNT() counts every member).
TypeRule ConditionType(DataType result) {
  return [result](const Call& call) -> CallType {
    for (const CallArgument& arg : call.args)
      if (auto mistake = ExpectType(arg.type, arg.offset, TypeId::kBool, std::string(call.name)))
        return *mistake;
    return result;
  };
}

KernelFactory AggregateKernel(FamilyAggregate kind) {
  return [kind](KernelInput in) {
    ExprPtr arg;
    if (in.args.empty()) {  // FAMILY_COUNT(): every member
      LiteralValue always;
      always.is_null = false;
      always.number = 1;
      arg = MakeLiteral(DataType::Bool(), in.new_id(), always);
    } else {
      arg = std::move(in.args[0]);
    }
    return MakeFamilyAggregate(in.typed.type, in.new_id(), kind, std::string(in.name),
                               std::move(arg), std::move(in.typed.constants));
  };
}

}  // namespace

void RegisterFamilyAggregates(std::vector<FunctionDef>& out) {
  const auto kAggregate = FunctionKind::kFamilyAggregate;
  const auto kHandles = NullHandling::kHandlesNull;
  for (bool max : {true, false}) {
    std::string name = max ? "FAMILY_MAX" : "FAMILY_MIN";
    std::string which = max ? "largest" : "smallest";
    std::string end = max ? "most" : "least";
    out.push_back(
        {name,
         kAggregate,
         1,
         2,
         1,
         kHandles,
         ExtremeType,
         AggregateKernel(max ? FamilyAggregate::kMax : FamilyAggregate::kMin),
         {{name + "(x)", "number, string, date or timestamp",
           which + " non-NULL value (strings byte-wise); NULL if none"},
          {name + "(x, ['lo', …, 'hi'])", "string, ranking list",
           "the " + end +
               " significant value by the ranking, **least significant first**; values not in "
               "the ranking are left out"}}});
  }
  out.push_back({"FAMILY_SUM",
                 kAggregate,
                 1,
                 1,
                 kVariadic,
                 kHandles,
                 SumType,
                 AggregateKernel(FamilyAggregate::kSum),
                 {{"FAMILY_SUM(x)", "number", "exact sum of non-NULL values; NULL if none"}}});
  out.push_back({"FAMILY_COUNT",
                 kAggregate,
                 0,
                 1,
                 kVariadic,
                 kHandles,
                 ConditionType(DataType::Int64()),
                 AggregateKernel(FamilyAggregate::kCount),
                 {{"FAMILY_COUNT()", "—", "number of members"},
                  {"FAMILY_COUNT(c)", "boolean", "members where `c` is TRUE"}}});
  out.push_back({"FAMILY_ANY",
                 kAggregate,
                 1,
                 1,
                 kVariadic,
                 kHandles,
                 ConditionType(DataType::Bool()),
                 AggregateKernel(FamilyAggregate::kAny),
                 {{"FAMILY_ANY(c)", "boolean",
                   "TRUE if `c` is TRUE for some member, else FALSE (never NULL)"}}});
}

}  // namespace acctseg

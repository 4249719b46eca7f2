// The scalar functions over numbers, strings and conditions.
#include "expr/functions.h"
#include "expr/parsed_expr.h"
#include "table/decimal.h"

namespace acctseg {

namespace {

// A NULL literal has no type of its own; where a function's result type
// follows its arguments, all-NULL arguments give a string (CASE does the
// same) or an integer (arithmetic does the same).
DataType OrString(DataType type) { return type.id == TypeId::kNull ? DataType::String() : type; }
DataType OrInteger(DataType type) { return type.id == TypeId::kNull ? DataType::Int64() : type; }

// COALESCE, LEAST, GREATEST: any number of values of one common type.
CallType CommonOfAll(const Call& call) {
  DataType common = DataType::Null();
  for (const CallArgument& arg : call.args)
    if (auto mistake = MeetComparable(&common, arg.type, arg.offset, std::string(call.name)))
      return *mistake;
  return OrString(common);
}

CallType LeastGreatestType(const Call& call) {
  CallType typed = CommonOfAll(call);
  if (!typed.error && typed.type.id == TypeId::kBool)
    return TypeError{call.offset, std::string(call.name) + " expects numbers or strings"};
  return typed;
}

CallType IfType(const Call& call) {
  if (auto mistake = ExpectType(call.args[0].type, call.args[0].offset, TypeId::kBool, "IF"))
    return *mistake;
  auto common = CommonType(call.args[1].type, call.args[2].type);
  if (!common) return TypeError{call.offset, "IF branches must share a type"};
  return OrString(*common);
}

// TRIM, LOWER, UPPER: a string to a string; TRIM also trims each item of a
// list.
TypeRule TextType(bool takes_list) {
  return [takes_list](const Call& call) -> CallType {
    const CallArgument& arg = call.args[0];
    std::string name(call.name);
    if (arg.type.id == TypeId::kList) {
      if (takes_list) return DataType::List();
      return TypeError{call.offset, name + " expects a string"};
    }
    if (auto mistake = ExpectType(arg.type, arg.offset, TypeId::kString, name + " argument"))
      return *mistake;
    return DataType::String();
  };
}

KernelFactory TextKernel(TextFunction function) {
  return [function](KernelInput in) {
    return MakeTextFunction(in.typed.type, in.new_id(), function, std::move(in.args[0]));
  };
}

// A number to the type `result` makes of its type.
TypeRule NumberType(DataType (*result)(DataType)) {
  return [result](const Call& call) -> CallType {
    const CallArgument& arg = call.args[0];
    if (auto mistake = ExpectNumber(arg.type, arg.offset, std::string(call.name))) return *mistake;
    return result(arg.type);
  };
}

// ROUND(x[, d]): d is read as written, a whole number literal.
CallType RoundType(const Call& call) {
  CallType typed = NumberType([](DataType) { return DataType::Int64(); })(call);
  if (typed.error || call.args.size() < 2) return typed;
  const ParsedExpr& d = *call.args[1].written;
  auto digits =
      d.kind == ParsedExpr::Kind::kLiteral && d.literal_kind == ParsedExpr::LiteralKind::kInteger
          ? ParseInt64(d.text)
          : std::nullopt;
  if (!digits || *digits < 0 || *digits > kMaxDecimalScale)
    return TypeError{d.offset, "ROUND digits must be a whole number from 0 to " +
                                   std::to_string(kMaxDecimalScale)};
  return *digits == 0 ? DataType::Int64() : DataType::Decimal(static_cast<int>(*digits));
}

KernelFactory CeilFloorKernel(RoundMode mode) {
  return [mode](KernelInput in) { return MakeCeilFloor(in.new_id(), mode, std::move(in.args[0])); };
}

}  // namespace

void RegisterScalarFunctions(std::vector<FunctionDef>& out) {
  const auto kHandles = NullHandling::kHandlesNull;
  const auto kPropagates = NullHandling::kPropagates;
  const auto kScalar = FunctionKind::kScalar;
  out.push_back(
      {"COALESCE",
       kScalar,
       1,
       kVariadic,
       kVariadic,
       kHandles,
       CommonOfAll,
       [](KernelInput in) { return MakeCoalesce(in.typed.type, in.new_id(), std::move(in.args)); },
       {{"COALESCE(a, b, …)", "≥ 1, one common type (not list)", "the first non-NULL argument"}}});
  out.push_back({"NULLIF",
                 kScalar,
                 2,
                 2,
                 kVariadic,
                 kHandles,
                 CommonOfAll,
                 [](KernelInput in) {
                   return MakeNullIf(in.typed.type, in.new_id(), std::move(in.args[0]),
                                     std::move(in.args[1]));
                 },
                 {{"NULLIF(a, b)", "two values of one common type",
                   "NULL where a equals b, else a (a guard against dividing by zero: "
                   "x / NULLIF(n, 0))"}}});
  for (bool greatest : {false, true}) {
    out.push_back(
        {greatest ? "GREATEST" : "LEAST",
         kScalar,
         1,
         kVariadic,
         kVariadic,
         kHandles,
         LeastGreatestType,
         [greatest](KernelInput in) {
           return MakeLeastGreatest(in.typed.type, in.new_id(), greatest, std::move(in.args));
         },
         {{greatest ? "GREATEST(a, …)" : "LEAST(a, …)", "≥ 1 numbers, strings, dates or timestamps",
           std::string(greatest ? "largest" : "smallest") +
               "; **NULL arguments are skipped** (NULL only if all are NULL)"}}});
  }
  out.push_back({"TRIM",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 TextType(true),
                 TextKernel(TextFunction::kTrim),
                 {{"TRIM(s)", "string, or list",
                   "removes leading/trailing spaces and tabs only; on a list, trims each item"}}});
  out.push_back({"LOWER",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 TextType(false),
                 TextKernel(TextFunction::kLower),
                 {{"LOWER(s)", "string", "ASCII letters only; other bytes unchanged"}}});
  out.push_back(
      {"UPPER",
       kScalar,
       1,
       1,
       kVariadic,
       kPropagates,
       TextType(false),
       TextKernel(TextFunction::kUpper),
       {{"UPPER(s)", "string", "ASCII letters only; other bytes unchanged (`UPPER('é')` = `é`)"}}});
  out.push_back({"LENGTH",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 Expecting({{TypeId::kString, "argument"}}, DataType::Int64()),
                 [](KernelInput in) { return MakeLength(in.new_id(), std::move(in.args[0])); },
                 {{"LENGTH(s)", "string", "integer: characters (UTF-8 code points), not bytes"}}});
  out.push_back(
      {"ROUND",
       kScalar,
       1,
       2,
       1,
       kPropagates,
       RoundType,
       [](KernelInput in) { return MakeRound(in.typed.type, in.new_id(), std::move(in.args[0])); },
       {{"ROUND(x)", "number",
         "integer, half away from zero: `ROUND(2.5)` = 3, `ROUND(-2.5)` = -3"},
        {"ROUND(x, d)", "number, integer literal 0–9",
         "`decimal(d)` (d > 0), half away from zero: `ROUND(1.25, 1)` = `1.3`"}}});
  const auto to_integer = [](DataType) { return DataType::Int64(); };
  out.push_back({"CEIL",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 NumberType(to_integer),
                 CeilFloorKernel(RoundMode::kCeil),
                 {{"CEIL(x)", "number", "integer: `CEIL(-2.5)` = -2"}}});
  out.push_back({"FLOOR",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 NumberType(to_integer),
                 CeilFloorKernel(RoundMode::kFloor),
                 {{"FLOOR(x)", "number", "integer: `FLOOR(-2.5)` = -3"}}});
  out.push_back(
      {"ABS",
       kScalar,
       1,
       1,
       kVariadic,
       kPropagates,
       NumberType(OrInteger),
       [](KernelInput in) { return MakeAbs(in.typed.type, in.new_id(), std::move(in.args[0])); },
       {{"ABS(x)", "number", "same type"}}});
  out.push_back({"IF",
                 kScalar,
                 3,
                 3,
                 kVariadic,
                 kHandles,
                 IfType,
                 [](KernelInput in) {
                   std::vector<ExprPtr> conditions, results;
                   conditions.push_back(std::move(in.args[0]));
                   results.push_back(std::move(in.args[1]));
                   return MakeCase(in.typed.type, in.new_id(), std::move(conditions),
                                   std::move(results), std::move(in.args[2]));
                 },
                 {{"IF(c, a, b)", "boolean, two values of a common type", "see §4.5"}}});
}

}  // namespace acctseg

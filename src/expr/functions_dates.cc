// The functions over dates and timestamps. Timestamps are UTC: the day of a
// timestamp is its UTC day.

#include "common/ascii_case.h"
#include "expr/functions.h"
#include "expr/nodes.h"
#include "expr/parsed_expr.h"
#include "table/date_time.h"

namespace acctseg {
namespace {

// `arg` must be a date or a timestamp (or NULL, read as a date).
std::optional<TypeError> ExpectTemporal(const CallArgument& arg, const std::string& where) {
  if (arg.type.IsTemporal() || arg.type.id == TypeId::kNull) return std::nullopt;
  return TypeError{arg.offset,
                   where + " expects a date or timestamp, found " + arg.type.ToString()};
}
DataType OrDate(DataType type) { return type.id == TypeId::kNull ? DataType::Date() : type; }

// YEAR, MONTH, DAY.
CallType PartType(const Call& call) {
  if (auto mistake = ExpectTemporal(call.args[0], std::string(call.name))) return *mistake;
  return DataType::Int64();
}
KernelFactory PartKernel(DatePart part) {
  return [part](KernelInput in) { return MakeDatePart(in.new_id(), part, std::move(in.args[0])); };
}

// DATE_TRUNC('unit', d): the unit is a string literal, read as written (a
// NULL unit gives NULL, as a NULL argument does everywhere).
CallType TruncType(const Call& call) {
  const ParsedExpr& unit = *call.args[0].written;
  if (unit.kind == ParsedExpr::Kind::kLiteral &&
      unit.literal_kind == ParsedExpr::LiteralKind::kNull) {
    if (auto mistake = ExpectTemporal(call.args[1], "DATE_TRUNC")) return *mistake;
    return OrDate(call.args[1].type);
  }
  const std::string name = AsciiLower(unit.text);
  if (unit.kind != ParsedExpr::Kind::kLiteral ||
      unit.literal_kind != ParsedExpr::LiteralKind::kString || !ParseDateUnit(name))
    return TypeError{unit.offset,
                     "DATE_TRUNC unit must be 'day', 'week', 'month', 'quarter' or 'year'"};
  if (auto mistake = ExpectTemporal(call.args[1], "DATE_TRUNC")) return *mistake;
  CallType typed = OrDate(call.args[1].type);
  typed.constants.push_back(name);
  return typed;
}

// DATE(x), TIMESTAMP(x): from a string, a date or a timestamp.
TypeRule ToType(DataType result) {
  return [result](const Call& call) -> CallType {
    const CallArgument& arg = call.args[0];
    if (arg.type.id != TypeId::kString)
      if (auto mistake = ExpectTemporal(arg, std::string(call.name))) return *mistake;
    // A string written as a constant would stop every run on every row:
    // checked now, as DATE '...' is.
    const ParsedExpr& written = *arg.written;
    if (written.kind == ParsedExpr::Kind::kLiteral &&
        written.literal_kind == ParsedExpr::LiteralKind::kString) {
      const bool valid = result.id == TypeId::kDate
                             ? ParseDate(written.text).has_value()
                             : ParseTimestamp(written.text, std::nullopt).has_value();
      if (!valid) return TypeError{arg.offset, InvalidTemporalText(result, written.text)};
    }
    return result;
  };
}
KernelFactory ToKernel() {
  return [](KernelInput in) {
    return MakeToTemporal(in.typed.type, in.new_id(), std::move(in.args[0]));
  };
}

}  // namespace

void RegisterDateFunctions(std::vector<FunctionDef>& out) {
  const auto kPropagates = NullHandling::kPropagates;
  const auto kScalar = FunctionKind::kScalar;
  out.push_back({"DAYS_BETWEEN",
                 kScalar,
                 2,
                 2,
                 kVariadic,
                 kPropagates,
                 Expecting({{TypeId::kDate, "first argument"}, {TypeId::kDate, "second argument"}},
                           DataType::Int64()),
                 [](KernelInput in) {
                   return MakeArithmetic(DataType::Int64(), in.new_id(), '-', std::move(in.args[1]),
                                         std::move(in.args[0]));
                 },
                 {{"DAYS_BETWEEN(a, b)", "two dates",
                   "integer: `b - a` in days, negative when `b` is before `a`"}}});
  out.push_back(
      {"DATE_TRUNC",
       kScalar,
       2,
       2,
       kVariadic,
       kPropagates,
       TruncType,
       [](KernelInput in) -> ExprPtr {
         if (in.typed.constants.empty())  // a NULL unit
           return MakeLiteral(in.typed.type, in.new_id(), LiteralValue{});
         return MakeDateTrunc(in.typed.type, in.new_id(), *ParseDateUnit(in.typed.constants[0]),
                              std::move(in.args[1]));
       },
       {{"DATE_TRUNC(u, d)", "'day', 'week', 'month', 'quarter' or 'year'; date or timestamp",
         "the first day of the period (weeks start on Monday); a timestamp gives its "
         "midnight UTC"}}});
  const std::pair<const char*, DatePart> parts[] = {
      {"YEAR", DatePart::kYear}, {"MONTH", DatePart::kMonth}, {"DAY", DatePart::kDay}};
  for (const auto& [name, part] : parts)
    out.push_back({name,
                   kScalar,
                   1,
                   1,
                   kVariadic,
                   kPropagates,
                   PartType,
                   PartKernel(part),
                   {{std::string(name) + "(d)", "date or timestamp",
                     std::string("integer: the ") +
                         (part == DatePart::kYear    ? "year"
                          : part == DatePart::kMonth ? "month, 1–12"
                                                     : "day of the month, 1–31") +
                         " (of a timestamp: in UTC)"}}});
  out.push_back({"DATE",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 ToType(DataType::Date()),
                 ToKernel(),
                 {{"DATE(x)", "timestamp, string or date",
                   "date: a timestamp's day in UTC; a string `YYYY-MM-DD` (another string stops "
                   "the run; a constant one is a policy error)"}}});
  out.push_back({"TIMESTAMP",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 kPropagates,
                 ToType(DataType::Timestamp()),
                 ToKernel(),
                 {{"TIMESTAMP(x)", "string, date or timestamp",
                   "timestamp: a date's midnight UTC; a string with `Z` or an offset (another "
                   "string stops the run; a constant one is a policy error)"}}});
}

}  // namespace acctseg

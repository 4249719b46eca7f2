// Factories for the bound expression nodes. The binder (binder.cc) decides
// types and checks arguments; these nodes only compute. Numeric children of
// a node may have different scales: nodes read them through NumberAt, which
// rescales to the node's working scale, except comparisons (=, IN, LEAST, ...),
// which are exact at any scales (widened to 128 bits, never an overflow).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "expr/bound_expr.h"
#include "expr/interval.h"
#include "table/date_time.h"

namespace acctseg {

using ExprPtr = std::unique_ptr<BoundExpr>;

// Reads row i of a numeric or bool vector at `scale` (rounding half away
// from zero when the scale drops). Throws Error(kInput) on overflow.
int64_t NumberAt(const Vector& v, size_t i, int scale);

// ---- leaves
struct LiteralValue {
  bool is_null = true;
  int64_t number = 0;  // bool, integer, decimal units
  std::string text;
  std::vector<std::string> list;
  // The name explanations list this constant under among an expression's
  // reads ("AS_OF": the date comes from the policy, --as-of or today, so a
  // reader cannot recompute the value without it); empty for a plain literal.
  std::string read_name;
};
ExprPtr MakeLiteral(DataType type, int id, LiteralValue value);

ExprPtr MakeColumnRef(DataType type, int id, std::string name, int slot, RowSource source);

// ---- operators
ExprPtr MakeArithmetic(DataType type, int id, char op, ExprPtr left, ExprPtr right);
ExprPtr MakeNegate(DataType type, int id, ExprPtr operand);
ExprPtr MakeConcat(int id, ExprPtr left, ExprPtr right);
// op: "=", "<>", "<", "<=", ">", ">="; both sides numeric, both string or both bool.
ExprPtr MakeCompare(int id, const std::string& op, ExprPtr left, ExprPtr right);
ExprPtr MakeAnd(int id, ExprPtr left, ExprPtr right);
ExprPtr MakeOr(int id, ExprPtr left, ExprPtr right);
ExprPtr MakeNot(int id, ExprPtr operand);
ExprPtr MakeIsNull(int id, ExprPtr operand, bool negated);
// value IN (items); items are of a type comparable with value.
ExprPtr MakeIn(int id, ExprPtr value, std::vector<ExprPtr> items, bool negated);
ExprPtr MakeLike(int id, ExprPtr value, ExprPtr pattern, bool negated);
// CASE WHEN conditions[i] THEN results[i] ... [ELSE otherwise] END
ExprPtr MakeCase(DataType type, int id, std::vector<ExprPtr> conditions,
                 std::vector<ExprPtr> results, ExprPtr otherwise);

// ---- kernels of the functions (expr/functions_*.cc registers them by name)
ExprPtr MakeCoalesce(DataType type, int id, std::vector<ExprPtr> args);
ExprPtr MakeNullIf(DataType type, int id, ExprPtr value, ExprPtr unwanted);
ExprPtr MakeLeastGreatest(DataType type, int id, bool greatest, std::vector<ExprPtr> args);
enum class TextFunction { kTrim, kLower, kUpper };
ExprPtr MakeTextFunction(DataType type, int id, TextFunction function, ExprPtr arg);
ExprPtr MakeLength(int id, ExprPtr arg);
ExprPtr MakeRound(DataType type, int id, ExprPtr arg);  // to type's scale
enum class RoundMode { kCeil, kFloor };
ExprPtr MakeCeilFloor(int id, RoundMode mode, ExprPtr arg);
ExprPtr MakeAbs(DataType type, int id, ExprPtr arg);
ExprPtr MakeSplit(int id, ExprPtr text, ExprPtr separator);
ExprPtr MakeListExcept(int id, ExprPtr list, ExprPtr remove);
ExprPtr MakeListJoin(int id, ExprPtr list, ExprPtr separator);
ExprPtr MakeListContains(int id, ExprPtr list, ExprPtr value);
ExprPtr MakeListLength(int id, ExprPtr list);

// ---- dates and timestamps (nodes_dates.cc). A result outside the years
// 0000 to 9999 is a row error.
// A date or timestamp (`type`) moved by `sign` (1 or -1) times `interval`.
ExprPtr MakeAddInterval(DataType type, int id, ExprPtr operand, Interval interval, int sign);
// A date moved by `sign` times an integer number of days.
ExprPtr MakeAddDays(int id, ExprPtr date, ExprPtr days, int sign);
// The start of `unit` holding a date, or a timestamp's (UTC) date.
ExprPtr MakeDateTrunc(DataType type, int id, DateUnit unit, ExprPtr arg);
// YEAR, MONTH, DAY of a date or a timestamp (UTC): an integer.
ExprPtr MakeDatePart(int id, DatePart part, ExprPtr arg);
// To a date (`type` kDate) or timestamp: from a timestamp (its UTC day), a
// date (its midnight UTC) or a string in the column forms (a string that is
// not one is a row error).
ExprPtr MakeToTemporal(DataType type, int id, ExprPtr arg);
// Why `text` is no `type` (kDate or kTimestamp) in the column forms:
// "invalid date '2024-02-30' (expected YYYY-MM-DD)". One wording for the
// row error, a constant checked at bind time and a DATE '...' literal.
std::string InvalidTemporalText(const DataType& type, std::string_view text);

// ---- family aggregates: computed per family before the step's batches.
enum class FamilyAggregate { kMax, kMin, kSum, kCount, kAny };
// `ranking` (ascending significance) is used by kMax/kMin over strings when
// not empty; values not in it are skipped. `name` (the function's, from the
// registry) is how explanations call it.
ExprPtr MakeFamilyAggregate(DataType type, int id, FamilyAggregate kind, std::string name,
                            ExprPtr arg, std::vector<std::string> ranking);

}  // namespace acctseg

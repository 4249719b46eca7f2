#include "expr/temporal_rules.h"

namespace acctseg {
namespace {

bool IsDays(DataType type) { return type.id == TypeId::kInt64 || type.id == TypeId::kNull; }

}  // namespace

std::string CannotCombine(char op, const std::string& left, const std::string& right) {
  const char* verb = op == '+'   ? "add"
                     : op == '-' ? "subtract"
                     : op == '*' ? "multiply"
                     : op == '/' ? "divide"
                                 : "take the remainder of";
  return std::string("cannot ") + verb + " " + left + " and " + right;
}

ExprPtr BindTemporalArithmetic(char op, ExprPtr left, ExprPtr right, size_t offset, int id,
                               std::optional<TypeError>* mistake) {
  DataType a = left->type(), b = right->type();
  const bool a_date = a.id == TypeId::kDate, b_date = b.id == TypeId::kDate;
  if (op == '+' && a_date && IsDays(b))
    return MakeAddDays(id, std::move(left), std::move(right), 1);
  if (op == '+' && IsDays(a) && b_date)
    return MakeAddDays(id, std::move(right), std::move(left), 1);
  if (op == '-' && a_date && IsDays(b))
    return MakeAddDays(id, std::move(left), std::move(right), -1);
  if (op == '-' && a_date && b_date)
    return MakeArithmetic(DataType::Int64(), id, '-', std::move(left), std::move(right));
  std::string hint;
  if (a.id == TypeId::kTimestamp || b.id == TypeId::kTimestamp)
    hint = " (add an INTERVAL to a timestamp; DATE(ts) gives its day)";
  else if (op == '+' && a_date && b_date)
    hint = " (DAYS_BETWEEN(a, b) or b - a counts the days between two dates)";
  *mistake = TypeError{offset, CannotCombine(op, a.ToString(), b.ToString()) + hint};
  return nullptr;
}

ExprPtr BindIntervalArithmetic(char op, bool interval_first, const std::string& text,
                               size_t interval_offset, ExprPtr value, size_t value_offset, int id,
                               std::optional<TypeError>* mistake) {
  auto interval = ParseInterval(text);
  if (!interval) {
    *mistake = TypeError{interval_offset, "invalid interval '" + text +
                                              "' (expected whole numbers of days, weeks, months "
                                              "or years, like '30 days' or '1 year 6 months')"};
    return nullptr;
  }
  DataType type = value->type().id == TypeId::kNull ? DataType::Date() : value->type();
  if (!type.IsTemporal() || (interval_first && op == '-')) {
    *mistake =
        TypeError{value_offset, interval_first ? CannotCombine(op, "interval", type.ToString())
                                               : CannotCombine(op, type.ToString(), "interval")};
    return nullptr;
  }
  return MakeAddInterval(type, id, std::move(value), *interval, op == '-' ? -1 : 1);
}

}  // namespace acctseg

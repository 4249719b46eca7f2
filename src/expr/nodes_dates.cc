// Kernels of date and timestamp arithmetic and functions: one loop per
// batch, the calendar work in table/date_time.
#include <algorithm>

#include "common/error.h"
#include "expr/nodes.h"

namespace acctseg {
namespace {

// Row `i` left the years a date can hold.
[[noreturn]] void OutOfRange(const std::string& what, size_t i) {
  throw RowError(i, what + " is outside the years 0000 to 9999");
}

// Each non-NULL value mapped by `map` (value -> optional result; nullopt is
// out of range). The map is inlined into the loop: no call per row.
template <class Map>
class MapNode final : public UnaryNode {
 public:
  MapNode(DataType type, int id, ExprPtr operand, Map map, std::string what)
      : UnaryNode(type, id, std::move(operand)), map_(std::move(map)), what_(std::move(what)) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    if (children_[0]->IsConstant() && batch.count > 0) {
      // AS_OF - INTERVAL '365 days' in a where: the same value for every
      // row, so the calendar arithmetic runs once a batch, not once a row.
      int64_t value = 0;
      if (!v.null[0]) {
        std::optional<int64_t> result = map_(v.num[0]);
        if (!result) OutOfRange(what_, 0);
        value = *result;
      }
      std::fill_n(out.null.begin(), batch.count, v.null[0]);
      std::fill_n(out.num.begin(), batch.count, value);
      return;
    }
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      out.num[i] = 0;
      if (v.null[i]) continue;
      std::optional<int64_t> result = map_(v.num[i]);
      if (!result) OutOfRange(what_, i);
      out.num[i] = *result;
    }
  }

 private:
  Map map_;
  std::string what_;
};

template <class Map>
ExprPtr MakeMap(DataType type, int id, ExprPtr operand, Map map, std::string what) {
  return std::make_unique<MapNode<Map>>(type, id, std::move(operand), std::move(map),
                                        std::move(what));
}

class AddDays final : public BinaryNode {
 public:
  AddDays(int id, ExprPtr date, ExprPtr days, int sign)
      : BinaryNode(DataType::Date(), id, std::move(date), std::move(days)), sign_(sign) {}

 protected:
  void Apply(const Vector& a, const Vector& b, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = a.null[i] | b.null[i];
      out.num[i] = 0;
      if (out.null[i]) continue;
      // Both far inside int64: dates are < 2^22 and a day count past the
      // range is caught below before it could wrap.
      if (b.num[i] > kMaxDateDays - kMinDateDays || b.num[i] < kMinDateDays - kMaxDateDays)
        OutOfRange(sign_ > 0 ? "date + days" : "date - days", i);
      int64_t result = a.num[i] + sign_ * b.num[i];
      if (result < kMinDateDays || result > kMaxDateDays)
        OutOfRange(sign_ > 0 ? "date + days" : "date - days", i);
      out.num[i] = result;
    }
  }

 private:
  int sign_;
};

// A string in the column forms, to a date or a timestamp.
class ParseTemporal final : public UnaryNode {
 public:
  ParseTemporal(DataType type, int id, ExprPtr operand) : UnaryNode(type, id, std::move(operand)) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    const bool date = type_.id == TypeId::kDate;
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      out.num[i] = 0;
      if (v.null[i]) continue;
      auto value = date ? ParseDate(v.str[i]) : ParseTimestamp(v.str[i], std::nullopt);
      if (!value) throw RowError(i, InvalidTemporalText(type_, v.str[i]));
      out.num[i] = *value;
    }
  }
};

}  // namespace

std::string InvalidTemporalText(const DataType& type, std::string_view text) {
  const bool date = type.id == TypeId::kDate;
  std::string message = "invalid " + type.ToString() + " '" + std::string(text) +
                        (date ? "' (expected YYYY-MM-DD"
                              : "' (expected YYYY-MM-DDTHH:MM[:SS[.ffffff]] and Z or an offset "
                                "like +02:00");
  // DATE('') stops the run where the user expected NULL.
  if (text.empty())
    message += "; empty text is no " + type.ToString() +
               ": NULLIF(x, '') or empty_is_null: true on the column make it NULL";
  return message + ")";
}

ExprPtr MakeAddInterval(DataType type, int id, ExprPtr operand, Interval interval, int sign) {
  std::string what = type.ToString() + (sign > 0 ? " + interval" : " - interval");
  if (type.id == TypeId::kDate)
    return MakeMap(
        type, id, std::move(operand),
        [interval, sign](int64_t days) { return AddIntervalToDate(days, interval, sign); }, what);
  return MakeMap(
      type, id, std::move(operand),
      [interval, sign](int64_t micros) { return AddIntervalToTimestamp(micros, interval, sign); },
      what);
}

ExprPtr MakeAddDays(int id, ExprPtr date, ExprPtr days, int sign) {
  return std::make_unique<AddDays>(id, std::move(date), std::move(days), sign);
}

ExprPtr MakeDateTrunc(DataType type, int id, DateUnit unit, ExprPtr arg) {
  // Only a week can begin before its day: the week of 0000-01-01 (a
  // Saturday) begins in the year -1, which no date holds.
  const auto truncated = [unit](int64_t days) -> std::optional<int64_t> {
    const int64_t first = TruncateDate(days, unit);
    if (first < kMinDateDays) return std::nullopt;
    return first;
  };
  if (type.id == TypeId::kDate) return MakeMap(type, id, std::move(arg), truncated, "DATE_TRUNC");
  return MakeMap(
      type, id, std::move(arg),
      [truncated](int64_t micros) -> std::optional<int64_t> {
        const std::optional<int64_t> day = truncated(TimestampDay(micros));
        if (!day) return std::nullopt;
        return *day * kMicrosPerDay;
      },
      "DATE_TRUNC");
}

ExprPtr MakeDatePart(int id, DatePart part, ExprPtr arg) {
  if (arg->type().id == TypeId::kTimestamp)
    return MakeMap(
        DataType::Int64(), id, std::move(arg),
        [part](int64_t micros) {
          return std::optional<int64_t>(DatePartOf(TimestampDay(micros), part));
        },
        "date part");
  return MakeMap(
      DataType::Int64(), id, std::move(arg),
      [part](int64_t days) { return std::optional<int64_t>(DatePartOf(days, part)); }, "date part");
}

ExprPtr MakeToTemporal(DataType type, int id, ExprPtr arg) {
  TypeId from = arg->type().id;
  if (from == TypeId::kString || from == TypeId::kNull)
    return std::make_unique<ParseTemporal>(type, id, std::move(arg));
  if (from == type.id)
    return MakeMap(
        type, id, std::move(arg), [](int64_t v) { return std::optional<int64_t>(v); }, "");
  if (type.id == TypeId::kDate)  // from a timestamp
    return MakeMap(
        type, id, std::move(arg),
        [](int64_t micros) { return std::optional<int64_t>(TimestampDay(micros)); }, "DATE");
  return MakeMap(  // a date's midnight, UTC
      type, id, std::move(arg),
      [](int64_t days) { return std::optional<int64_t>(days * kMicrosPerDay); }, "TIMESTAMP");
}

}  // namespace acctseg

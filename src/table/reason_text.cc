#include "table/reason_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {

namespace {

// What a numeric column's stored integers are divided by to be numbers
// (NumberAt): 10^scale for decimals, microseconds a day for timestamps,
// else 1 (no division).
double NumberDivisor(DataType type) {
  switch (type.id) {
    case TypeId::kDecimal:
      return static_cast<double>(Pow10(type.scale));
    case TypeId::kTimestamp:
      return 86'400'000'000.0;
    default:
      return 1;
  }
}

double ToNumber(int64_t v, double divisor) {
  return divisor == 1 ? static_cast<double>(v) : static_cast<double>(v) / divisor;
}

}  // namespace

double NumberAt(const Column& column, size_t row) {
  if (column.IsNull(row)) return std::numeric_limits<double>::quiet_NaN();
  return ToNumber(column.ints[row], NumberDivisor(column.type));
}

void NumbersAt(const Column& column, size_t begin, size_t count, double* out) {
  const double divisor = NumberDivisor(column.type);
  constexpr size_t kChunk = 1024;
  int64_t ints[kChunk];
  for (size_t done = 0; done < count; done += kChunk) {
    const size_t n = std::min(kChunk, count - done);
    column.ints.CopyTo(begin + done, n, ints);
    for (size_t i = 0; i < n; ++i) out[done + i] = ToNumber(ints[i], divisor);
  }
  if (column.HasNulls())
    for (size_t i = 0; i < count; ++i)
      if (column.IsNull(begin + i)) out[i] = std::numeric_limits<double>::quiet_NaN();
}

char* WriteNumberText(char* out, double value) {
  // Most feature values are whole numbers below a million (counts,
  // employees, scores), which "%.6g" writes as integers: a division loop
  // instead of the general shortest-digits search. -0 keeps its sign.
  if (value == std::trunc(value) && std::fabs(value) < 1e6 && !(value == 0 && std::signbit(value)))
    return WriteIntegerText(out, static_cast<int64_t>(value));
  // to_chars with a precision is printf's conversion in the "C" locale.
  return std::to_chars(out, out + kNumberTextBytes, value, std::chars_format::general, 6).ptr;
}

char* WriteIntegerText(char* out, int64_t value) {
  if (value > -1'000'000 && value < 1'000'000)
    return std::to_chars(out, out + kNumberTextBytes, value).ptr;
  return WriteNumberText(out, static_cast<double>(value));
}

char* WriteColumnValueText(char* out, const Column& column, size_t row) {
  static_assert(kValueTextBytes >= kDateTimeTextBytes && kValueTextBytes >= kNumberTextBytes);
  if (column.IsNull(row)) return WriteNumberText(out, NumberAt(column, row));  // "nan"
  switch (column.type.id) {
    case TypeId::kInt64:
      // Without NumberAt's type dispatch and a double: NumberAt and
      // WriteNumberText were 0.29 s of a 10M exact run's profile.
      return WriteIntegerText(out, column.ints[row]);
    case TypeId::kDate:
      return out + FormatDate(column.ints[row], out);
    case TypeId::kTimestamp:
      return out + FormatTimestamp(column.ints[row], out);
    case TypeId::kBool: {
      // As the policy language writes it (`big = TRUE`), not NumberAt's 1.
      std::string_view text = column.ints[row] ? "TRUE" : "FALSE";
      return std::copy(text.begin(), text.end(), out);
    }
    default:
      return WriteNumberText(out, NumberAt(column, row));
  }
}

void AppendNumberText(std::string& out, double value) {
  char text[kNumberTextBytes];
  out.append(text, WriteNumberText(text, value));
}

void AppendReasonText(std::string& out, std::string_view feature, std::string_view value,
                      double contribution) {
  out.append(feature);
  out.append(" = ");
  out.append(value);
  out.append(": ");
  // "%+.2f": a sign always, even for +0.00, nan and inf.
  if (!std::signbit(contribution)) out.push_back('+');
  char text[400];  // the largest double in fixed notation fits
  out.append(
      text, std::to_chars(text, text + sizeof text, contribution, std::chars_format::fixed, 2).ptr);
}

bool EncodeContribution(float contribution, uint32_t& code) {
  // A float has 24 bits of mantissa, so times 100 (7 bits) it is exact in
  // a double: rounding that to a whole number, ties to even as the default
  // rounding mode does, is the rounding "%.2f" does on the exact value.
  const double hundredths = std::nearbyint(std::fabs(static_cast<double>(contribution) * 100.0));
  if (!(hundredths < 2147483648.0)) return false;  // NaN too
  code = static_cast<uint32_t>(hundredths) * 2 + (std::signbit(contribution) ? 1 : 0);
  return true;
}

char* WriteContributionText(char* out, uint32_t code) {
  const uint32_t hundredths = code >> 1;
  *out++ = code & 1 ? '-' : '+';
  out = std::to_chars(out, out + kContributionTextBytes, hundredths / 100).ptr;
  *out++ = '.';
  *out++ = static_cast<char>('0' + hundredths % 100 / 10);
  *out++ = static_cast<char>('0' + hundredths % 10);
  return out;
}

void AppendContributionText(std::string& out, uint32_t code) {
  char text[kContributionTextBytes];
  out.append(text, WriteContributionText(text, code));
}

}  // namespace acctseg

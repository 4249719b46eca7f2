#include "table/reason_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "table/decimal.h"

namespace acctseg {

double NumberAt(const Column& column, size_t row) {
  if (column.IsNull(row)) return std::numeric_limits<double>::quiet_NaN();
  int64_t v = column.ints[row];
  switch (column.type.id) {
    case TypeId::kDecimal:
      return static_cast<double>(v) / static_cast<double>(Pow10(column.type.scale));
    case TypeId::kTimestamp:
      return static_cast<double>(v) / 86'400'000'000.0;
    default:
      return static_cast<double>(v);
  }
}

void NumbersAt(const Column& column, size_t begin, size_t count, double* out) {
  // The same arithmetic as NumberAt, value for value.
  double divisor = 1;
  if (column.type.id == TypeId::kDecimal)
    divisor = static_cast<double>(Pow10(column.type.scale));
  else if (column.type.id == TypeId::kTimestamp)
    divisor = 86'400'000'000.0;
  constexpr size_t kChunk = 1024;
  int64_t ints[kChunk];
  for (size_t done = 0; done < count; done += kChunk) {
    const size_t n = std::min(kChunk, count - done);
    column.ints.CopyTo(begin + done, n, ints);
    for (size_t i = 0; i < n; ++i)
      out[done + i] =
          divisor == 1 ? static_cast<double>(ints[i]) : static_cast<double>(ints[i]) / divisor;
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
    return std::to_chars(out, out + kNumberTextBytes, static_cast<int64_t>(value)).ptr;
  // to_chars with a precision is printf's conversion in the "C" locale.
  return std::to_chars(out, out + kNumberTextBytes, value, std::chars_format::general, 6).ptr;
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

#include "table/decimal.h"

#include <charconv>
#include <cstring>
#include <limits>

namespace acctseg {

int64_t Pow10(int exponent) {
  static constexpr int64_t kPowers[] = {1,
                                        10,
                                        100,
                                        1000,
                                        10000,
                                        100000,
                                        1000000,
                                        10000000,
                                        100000000,
                                        1000000000,
                                        10000000000,
                                        100000000000,
                                        1000000000000,
                                        10000000000000,
                                        100000000000000,
                                        1000000000000000,
                                        10000000000000000,
                                        100000000000000000,
                                        1000000000000000000};
  return kPowers[exponent];
}

std::optional<int64_t> Rescale(int64_t value, int from_scale, int to_scale) {
  if (to_scale == from_scale) return value;
  if (to_scale > from_scale) {
    int64_t result;
    if (__builtin_mul_overflow(value, Pow10(to_scale - from_scale), &result)) return std::nullopt;
    return result;
  }
  int64_t divisor = Pow10(from_scale - to_scale);
  int64_t quotient = value / divisor;
  int64_t remainder = value % divisor;
  // Half away from zero: round when twice the dropped part reaches the divisor.
  int64_t dropped = remainder < 0 ? -remainder : remainder;
  if (2 * static_cast<__int128>(dropped) >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

std::optional<int64_t> ParseInt64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // The common case, a short run of digits, without from_chars' generality:
  // 18 digits cannot overflow.
  if (text.size() <= 18) {
    uint64_t value = 0;
    bool digits = true;
    for (char c : text) {
      unsigned digit = static_cast<unsigned char>(c) - '0';
      digits &= digit < 10;
      value = value * 10 + digit;
    }
    if (digits) return static_cast<int64_t>(value);
  }
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (*begin == '+') return std::nullopt;
  if (*begin == '-' && (text.size() == 1 || begin[1] < '0' || begin[1] > '9')) return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseDecimal(std::string_view text, int scale) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  if (static_cast<int>(fraction.size()) > scale) return std::nullopt;
  bool negative = !whole.empty() && whole[0] == '-';
  std::optional<int64_t> units;
  if (whole == "-" || whole.empty()) {
    if (fraction.empty()) return std::nullopt;
    units = 0;
  } else {
    units = ParseInt64(whole);
  }
  if (!units) return std::nullopt;
  int64_t result;
  if (__builtin_mul_overflow(*units, Pow10(scale), &result)) return std::nullopt;
  if (!fraction.empty()) {
    for (char c : fraction)
      if (c < '0' || c > '9') return std::nullopt;
    int64_t frac = 0;
    std::from_chars(fraction.data(), fraction.data() + fraction.size(), frac);
    frac *= Pow10(scale - static_cast<int>(fraction.size()));
    if (__builtin_add_overflow(result, negative ? -frac : frac, &result)) return std::nullopt;
  }
  return result;
}

size_t FormatDecimal(int64_t value, int scale, char* out) {
  char* p = out;
  // Work in unsigned to format INT64_MIN safely.
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (value < 0) *p++ = '-';
  if (scale == 0) {
    auto [end, ec] = std::to_chars(p, p + 21, magnitude);
    return static_cast<size_t>(end - out);
  }
  uint64_t divisor = static_cast<uint64_t>(Pow10(scale));
  auto [end, ec] = std::to_chars(p, p + 21, magnitude / divisor);
  p = end;
  *p++ = '.';
  uint64_t fraction = magnitude % divisor;
  for (int i = scale - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  return static_cast<size_t>(p + scale - out);
}

std::string FormatDecimal(int64_t value, int scale) {
  char buffer[32];
  return std::string(buffer, FormatDecimal(value, scale, buffer));
}

}  // namespace acctseg

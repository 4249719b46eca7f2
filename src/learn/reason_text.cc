#include "learn/reason_text.h"

#include <charconv>
#include <cmath>

namespace acctseg::learn {

void AppendNumberText(std::string& out, double value) {
  char text[40];
  char* end;
  // Most feature values are whole numbers below a million (counts,
  // employees, scores), which "%.6g" writes as integers: a division loop
  // instead of the general shortest-digits search. -0 keeps its sign.
  if (value == std::trunc(value) && std::fabs(value) < 1e6 && !(value == 0 && std::signbit(value)))
    end = std::to_chars(text, text + sizeof text, static_cast<int64_t>(value)).ptr;
  else
    // to_chars with a precision is printf's conversion in the "C" locale.
    end = std::to_chars(text, text + sizeof text, value, std::chars_format::general, 6).ptr;
  out.append(text, end);
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

void TopContributions(const float* contributions, size_t features, size_t top, uint32_t* out) {
  // Insertion into a sorted prefix of `top`: few reasons are asked for, so
  // this is a handful of compares per feature. The order is total (ties
  // by index), so the result is the one partial_sort gave.
  size_t held = 0;
  for (uint32_t f = 0; f < features; ++f) {
    const float magnitude = std::fabs(contributions[f]);
    size_t at = held;
    // Earlier features win ties, so f goes after every equal one.
    while (at > 0 && std::fabs(contributions[out[at - 1]]) < magnitude) --at;
    if (at >= top) continue;
    for (size_t k = std::min(held, top - 1); k > at; --k) out[k] = out[k - 1];
    out[at] = f;
    if (held < top) ++held;
  }
}

}  // namespace acctseg::learn

// Exact fixed-point arithmetic on int64 counts of 10^-scale units, and the
// text forms of integers and decimals. Rounding is half away from zero, as in
// SQL's ROUND (2.5 -> 3, -2.5 -> -3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acctseg {

// 10^exponent for exponent in [0, 18].
int64_t Pow10(int exponent);

// Changes the scale of `value`; rounding half away from zero when it drops
// digits. nullopt on overflow.
std::optional<int64_t> Rescale(int64_t value, int from_scale, int to_scale);

// Parses an integer: optional '-' then digits, nothing else. nullopt if the
// text is not of that shape or does not fit in int64.
std::optional<int64_t> ParseInt64(std::string_view text);

// Parses a decimal like "-12.345" into units of 10^-scale; more digits than
// `scale` after the point are rejected (no silent rounding of input).
std::optional<int64_t> ParseDecimal(std::string_view text, int scale);

// Writes value/10^scale with exactly `scale` digits after the point.
// Returns the number of characters written; `out` needs 24 bytes.
size_t FormatDecimal(int64_t value, int scale, char* out);
std::string FormatDecimal(int64_t value, int scale);

}  // namespace acctseg

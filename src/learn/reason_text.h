// The words of a reason ("industry = Software: +0.12") and which features
// a row's reasons are, shared by every place that renders reasons (the
// learn reports, `explain`, the predict step's column), so they all say the
// same thing. The formatting is printf's ("%.6g" for a value, "%+.2f" for a
// contribution) to the byte, without printf's cost: the predict step
// renders three reasons for each of ten million accounts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace acctseg::learn {

// Appends `value` as printf's "%.6g" writes it ("25000", "0.125", "1.5e+07").
void AppendNumberText(std::string& out, double value);

// Appends "feature = value: +0.12" (the contribution as printf's "%+.2f").
void AppendReasonText(std::string& out, std::string_view feature, std::string_view value,
                      double contribution);

// The `top` features (top <= features) of one row's contributions, largest
// |contribution| first, ties by feature order, into `out`.
void TopContributions(const float* contributions, size_t features, size_t top, uint32_t* out);

}  // namespace acctseg::learn

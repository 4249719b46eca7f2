// The words of a reason ("industry = Software: +0.12"), shared by every
// place that renders reasons (the learn reports, `explain`, the predict
// step's column, and a reasons column kept as codes: table/reason_codes.h),
// so they all say the same thing. The formatting is printf's ("%.6g" for a
// value, "%+.2f" for a contribution) to the byte, without printf's cost:
// the predict step renders three reasons for each of ten million accounts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "table/column.h"

namespace acctseg {

// One row of a bool, integer, decimal, date or timestamp column as a
// number: NaN for NULL, decimals by their scale, dates as days, timestamps
// as fractional days.
double NumberAt(const Column& column, size_t row);
// NumberAt of rows [begin, begin + count) into `out`, the column's width
// and type looked at once for the range rather than once a row.
void NumbersAt(const Column& column, size_t begin, size_t count, double* out);

// The value of a reason whose feature's value is NULL. (A category the
// model never saw is missing to the model, but its reason names it.)
constexpr std::string_view kMissingValueText = "(missing)";
// A text value as a reason writes it: the empty text as "" ("region = :
// +0.54" read as if the value had been lost).
constexpr std::string_view ReasonValueText(std::string_view text) {
  return text.empty() ? std::string_view("\"\"") : text;
}

// Appends `value` as printf's "%.6g" writes it ("25000", "0.125", "1.5e+07").
void AppendNumberText(std::string& out, double value);
// The same text at `out` (room for kNumberTextBytes); returns its end.
char* WriteNumberText(char* out, double value);
// The same text of a whole number (an integer column's value), without
// going through a double where it has six digits or fewer.
char* WriteIntegerText(char* out, int64_t value);
// The most bytes "%.6g" writes: "-1.23457e+308".
constexpr size_t kNumberTextBytes = 13;
// Row `row` of a bool, integer, decimal, date or timestamp column as a
// reason writes it: a date or timestamp in its ISO form ("2016-10-20", not
// the 17094 days NumberAt makes of it), a bool TRUE or FALSE (as the policy
// language writes it, not 1 or 0), any other as WriteNumberText (NULL
// as NumberAt's NaN: a reason says kMissingValueText before it gets here).
// Room: kValueTextBytes.
char* WriteColumnValueText(char* out, const Column& column, size_t row);
constexpr size_t kValueTextBytes = 32;  // kDateTimeTextBytes

// Appends "feature = value: +0.12" (the contribution as printf's "%+.2f").
void AppendReasonText(std::string& out, std::string_view feature, std::string_view value,
                      double contribution);

// A contribution as its "%+.2f" text says it, in one integer: twice the
// hundredths' magnitude, plus one when the sign is minus ("-0.00" too).
// Returns false when the text would not fit (not finite, or a magnitude of
// 2^31 hundredths or more).
bool EncodeContribution(float contribution, uint32_t& code);

// Appends the text EncodeContribution's `code` stands for ("+0.12", "-0.00").
void AppendContributionText(std::string& out, uint32_t code);
// The same text at `out` (room for kContributionTextBytes); returns its end.
char* WriteContributionText(char* out, uint32_t code);

// The most bytes AppendContributionText appends.
constexpr size_t kContributionTextBytes = 12;  // "-21474836.47"

}  // namespace acctseg

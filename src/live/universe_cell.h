// One input value of a live event, converted the way the CSV reader would
// read it from a file (trimmed, empty as NULL where declared, parsed by the
// reader's own parsers), so that a batch run over the accounts as written
// sees exactly the value the live universe holds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "io/csv_reader.h"

namespace acctseg {

struct LiveCell {
  bool null = false;
  int64_t number = 0;  // bool, integer, decimal units, date days, timestamp micros
  std::string text;    // strings
};

// `value` for the column `request` declares: a JSON string for string,
// date and timestamp columns, an integer for integer columns, a number or
// its text for decimals, true/false for booleans, null for NULL.
// Error(kInput) "FIELD: expected an integer, got \"many\"" when it does not
// fit, or "FIELD: may not be empty" for a not_null column. `number_text`:
// the text `value` was written as, for a number with a fraction or an
// exponent (LiveEvent::number_texts); a decimal is read from it exactly.
// A JSON number's text with its exponent applied by moving the point, as a
// file's decimal field would hold it: "1e2" -> "100", "-2.5E-3" -> "-0.0025",
// "12.30" as it is. nullopt for an exponent no decimal could hold. (A double
// would change the digits.)
std::optional<std::string> WithoutExponent(std::string_view text);

LiveCell CellFromJson(const CsvColumnRequest& request, const nlohmann::ordered_json& value,
                      const std::string& field, const std::string* number_text = nullptr);

// The value a column has where a new account does not set it (what the
// reader makes of an empty field); Error(kInput) naming FIELD for a
// not_null column, which a new account must set.
LiveCell MissingCell(const CsvColumnRequest& request, const std::string& field);

}  // namespace acctseg

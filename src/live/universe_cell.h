// One input value of a live event, converted the way the CSV reader would
// read it from a file (trimmed, empty as NULL where declared, parsed by the
// reader's own parsers), so that a batch run over the accounts as written
// sees exactly the value the live universe holds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

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
// `value` is the text of a number the client wrote (LiveEvent::numbers_as_text).
LiveCell CellFromJson(const CsvColumnRequest& request, const nlohmann::ordered_json& value,
                      const std::string& field, bool number_text = false);

// The value a column has where a new account does not set it (what the
// reader makes of an empty field); Error(kInput) naming FIELD for a
// not_null column, which a new account must set.
LiveCell MissingCell(const CsvColumnRequest& request, const std::string& field);

}  // namespace acctseg

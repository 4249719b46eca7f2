#include "live/universe_cell.h"

#include "common/error.h"
#include "io/csv_scanner.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// `number_text`: `value` is the text of a number the client wrote, quoted
// as written.
[[noreturn]] void WrongValue(const std::string& field, const std::string& expected,
                             const nlohmann::ordered_json& value, bool number_text) {
  throw Error(ErrorKind::kInput, field + ": expected " + expected + ", got " +
                                     (number_text ? value.get<std::string>() : value.dump()));
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The text of a JSON number as a file would hold it.
std::string NumberText(const nlohmann::ordered_json& value) {
  return value.is_number_float() ? value.dump() : std::to_string(value.get<int64_t>());
}

}  // namespace

LiveCell MissingCell(const CsvColumnRequest& request, const std::string& field) {
  if (request.not_null) throw Error(ErrorKind::kInput, field + ": may not be empty");
  LiveCell cell;
  // An empty string field is '' unless the column reads empty as NULL.
  cell.null = request.type.id != TypeId::kString || request.empty_is_null;
  return cell;
}

LiveCell CellFromJson(const CsvColumnRequest& request, const nlohmann::ordered_json& value,
                      const std::string& field, bool number_text) {
  if (value.is_null()) return MissingCell(request, field);
  const DataType type = request.type;
  LiveCell cell;
  if (type.id == TypeId::kString || type.IsTemporal()) {
    const char* expected = type.id == TypeId::kString ? "a string"
                           : type.id == TypeId::kDate ? "a date string (YYYY-MM-DD)"
                                                      : "a timestamp string (ISO 8601 with Z or "
                                                        "an offset)";
    if (!value.is_string()) WrongValue(field, expected, value, number_text);
    const std::string& raw = value.get_ref<const std::string&>();
    std::string_view text = request.trim ? Trimmed(raw) : std::string_view(raw);
    if (text.empty()) return MissingCell(request, field);
    if (type.id == TypeId::kString) {
      // The state is written to snapshots as CSV and read back on restart:
      // a text no accounts file can hold would be accepted now and make the
      // data directory unreadable later.
      if (text.find('\0') != std::string_view::npos)
        throw Error(ErrorKind::kInput, field + ": a NUL character (\\u0000), which no text holds");
      if (text.size() > kMaxCsvFieldBytes)
        throw Error(ErrorKind::kInput, field + ": " + kCsvFieldTooLong);
      cell.text = std::string(text);
      return cell;
    }
    auto parsed = type.id == TypeId::kDate ? ParseDate(text)
                                           : ParseTimestamp(text, request.utc_offset_minutes);
    // Worded as the file reader words it (csv_chunk_parser.cc).
    if (!parsed && type.id == TypeId::kTimestamp && ParseTimestamp(text, 0))
      throw Error(ErrorKind::kInput, field + ": " + value.dump() +
                                         " has no time zone (expected Z or an offset like +02:00 "
                                         "after the time, or timezone: on the column)");
    if (!parsed) WrongValue(field, expected, value, number_text);
    cell.number = *parsed;
    return cell;
  }
  if (type.id == TypeId::kBool) {
    if (!value.is_boolean()) WrongValue(field, "true or false", value, number_text);
    cell.number = value.get<bool>() ? 1 : 0;
    return cell;
  }
  if (type.id == TypeId::kInt64) {
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX}))
      WrongValue(field, "an integer", value, number_text);
    cell.number = value.get<int64_t>();
    return cell;
  }
  // A decimal: the number's text, parsed as the reader parses a field. A
  // number with a fraction arrives as its text (numbers_as_text), and a
  // client may send the text itself ("12.30"), as JSON APIs do for money.
  const std::string expected =
      "a number with at most " + std::to_string(type.Scale()) + " decimals";
  if (value.is_string()) {
    std::string_view text = Trimmed(value.get_ref<const std::string&>());
    if (text.empty()) return MissingCell(request, field);
    auto units = ParseDecimal(text, type.Scale());
    if (!units) WrongValue(field, expected, value, number_text);
    cell.number = *units;
    return cell;
  }
  if (!value.is_number() ||
      (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX}))
    WrongValue(field, expected, value, number_text);
  auto units = ParseDecimal(NumberText(value), type.Scale());
  if (!units) WrongValue(field, expected, value, number_text);
  cell.number = *units;
  return cell;
}

}  // namespace acctseg

#include "live/universe_cell.h"

#include <charconv>
#include <optional>

#include "common/error.h"
#include "io/csv_scanner.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// `value` as the message shows it: a number as the client wrote it.
[[noreturn]] void WrongValue(const std::string& field, const std::string& expected,
                             const nlohmann::ordered_json& value, const std::string* number_text) {
  throw Error(ErrorKind::kInput, field + ": expected " + expected + ", got " +
                                     (number_text ? *number_text : value.dump()));
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The text of a JSON number as a file would hold it: as the client wrote it
// where that is known, else from the parsed value (a log written before
// the texts were kept).
std::optional<std::string> NumberText(const nlohmann::ordered_json& value,
                                      const std::string* number_text) {
  if (number_text) return WithoutExponent(*number_text);
  return value.is_number_float() ? value.dump() : std::to_string(value.get<int64_t>());
}

}  // namespace

std::optional<std::string> WithoutExponent(std::string_view text) {
  const size_t e = text.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(text);
  std::string_view exponent_text = text.substr(e + 1);
  if (!exponent_text.empty() && exponent_text.front() == '+') exponent_text.remove_prefix(1);
  int exponent = 0;
  const auto [end, error] =
      std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
  if (error != std::errc() || end != exponent_text.data() + exponent_text.size() ||
      exponent < -40 || exponent > 40)
    return std::nullopt;
  std::string_view mantissa = text.substr(0, e);
  std::string sign;
  if (!mantissa.empty() && mantissa.front() == '-') {
    sign = "-";
    mantissa.remove_prefix(1);
  }
  const size_t point = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, point);
  std::string digits(whole);
  if (point != std::string_view::npos) digits += mantissa.substr(point + 1);
  const long shifted = static_cast<long>(whole.size()) + exponent;  // digits before the point
  std::string plain;
  if (shifted <= 0)
    plain = "0." + std::string(static_cast<size_t>(-shifted), '0') + digits;
  else if (static_cast<size_t>(shifted) >= digits.size())
    plain = digits + std::string(static_cast<size_t>(shifted) - digits.size(), '0');
  else
    plain = digits.substr(0, static_cast<size_t>(shifted)) + "." +
            digits.substr(static_cast<size_t>(shifted));
  if (plain.find('.') !=
      std::string::npos) {  // "1250e-3" -> "1.250" -> "1.25": zeros the shift made
    plain.erase(plain.find_last_not_of('0') + 1);
    if (plain.back() == '.') plain.pop_back();
  }
  const size_t first = plain.find_first_not_of('0');  // "0100" -> "100", "00.5" -> "0.5"
  if (first == std::string::npos) return sign + "0";
  plain.erase(0, plain[first] == '.' ? first - 1 : first);
  return sign + plain;
}

LiveCell MissingCell(const CsvColumnRequest& request, const std::string& field) {
  if (request.not_null) throw Error(ErrorKind::kInput, field + ": may not be empty");
  LiveCell cell;
  // An empty string field is '' unless the column reads empty as NULL.
  cell.null = request.type.id != TypeId::kString || request.empty_is_null;
  return cell;
}

LiveCell CellFromJson(const CsvColumnRequest& request, const nlohmann::ordered_json& value,
                      const std::string& field, const std::string* number_text) {
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
  // client may send the text itself ("12.30"), as JSON APIs do for money;
  // the log holds a number with a fraction so (LiveEventJson).
  // The range too: a value past it has no more decimals than allowed.
  // Made only for the message: every decimal of every event passes here.
  const auto wrong = [&] {
    const std::string largest = FormatDecimal(INT64_MAX, type.Scale());
    WrongValue(field,
               "a number with at most " + std::to_string(type.Scale()) + " decimals, from -" +
                   largest + " to " + largest,
               value, number_text);
  };
  if (value.is_string()) {
    std::string_view text = Trimmed(value.get_ref<const std::string&>());
    if (text.empty()) return MissingCell(request, field);
    auto units = ParseDecimal(text, type.Scale());
    if (!units) wrong();
    cell.number = *units;
    return cell;
  }
  if (!value.is_number() ||
      (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX}))
    wrong();
  std::optional<std::string> text = NumberText(value, number_text);
  std::optional<int64_t> units = text ? ParseDecimal(*text, type.Scale()) : std::nullopt;
  if (!units) wrong();
  cell.number = *units;
  return cell;
}

}  // namespace acctseg

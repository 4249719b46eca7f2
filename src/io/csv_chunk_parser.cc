#include "io/csv_chunk_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>

#include "common/quoted_value.h"
#include "io/csv_scanner.h"
#include "io/utf8.h"
#include "table/date_time.h"
#include "table/decimal.h"
#include "table/recent_codes.h"

namespace acctseg {
namespace {

constexpr size_t kNoError = static_cast<size_t>(-1);

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::optional<int64_t> ParseBool(std::string_view text) {
  if (text == "1" || EqualsIgnoreCase(text, "true")) return 1;
  if (text == "0" || EqualsIgnoreCase(text, "false")) return 0;
  return std::nullopt;
}

// Writes `value` to `row` of an array of T; false when T does not hold it.
template <class T, class V>
[[gnu::always_inline]] inline bool PutAs(void* values, size_t row, V value) {
  if (static_cast<V>(static_cast<T>(value)) != value) return false;
  static_cast<T*>(values)[row] = static_cast<T>(value);
  return true;
}

// `value` into a `width`-byte array of T1, T2, T4 or T8 (by width); false
// when it does not fit. The width is the same for every row of a column,
// so the switch is a predicted branch.
template <class T1, class T2, class T4, class T8, class V>
[[gnu::always_inline]] inline bool PutInWidth(void* values, int width, size_t row, V value) {
  switch (width) {
    case 1:
      return PutAs<T1>(values, row, value);
    case 2:
      return PutAs<T2>(values, row, value);
    case 4:
      return PutAs<T4>(values, row, value);
    default:
      return PutAs<T8>(values, row, value);
  }
}
// Integers in PackedInts' widths, codes in PackedCodes' (at most 4 bytes).
[[gnu::always_inline]] inline bool PutInt(void* values, int width, size_t row, int64_t value) {
  return PutInWidth<int8_t, int16_t, int32_t, int64_t>(values, width, row, value);
}
[[gnu::always_inline]] inline bool PutCode(void* values, int width, size_t row, uint32_t code) {
  return PutInWidth<uint8_t, uint16_t, uint32_t, uint32_t>(values, width, row, code);
}

// Parses one chunk; the state of the loop lives here so the helpers stay small.
class ChunkParser {
 public:
  ChunkParser(const char* data, size_t size, char delimiter, EncodingAdvice advice,
              const std::vector<CsvFieldPlan>& fields, CsvChunk* chunk)
      : data_(data),
        size_(size),
        delimiter_(delimiter),
        advice_(advice),
        fields_(fields),
        chunk_(chunk),
        recent_codes_(chunk->columns.size()) {
    for (const CsvFieldPlan& plan : fields) {
      if (plan.output < 0 || plan.type != TypeId::kString) continue;
      CsvChunkColumn& column = chunk->columns[plan.output];
      if (plan.high_cardinality) {
        column.text_ends.reserve(chunk->expected_rows);
        // Pages are only touched as texts arrive: room for ids of 16 bytes
        // costs nothing where they are shorter, and saves regrowing copies.
        column.text_bytes.reserve(chunk->expected_rows * 16);
        column.hashes.reserve(chunk->expected_rows);
      } else {
        column.dictionary = std::make_unique<Dictionary>();
        recent_codes_[plan.output].emplace(*column.dictionary);
      }
    }
  }

  void Run() {
    size_t length = chunk_->end - chunk_->begin;
    size_t bad = FindInvalidUtf8(data_ + chunk_->begin, length);
    utf8_error_ = bad == length ? kNoError : chunk_->begin + bad;
    // One instantiation per delimiter keeps the delimiter a constant in the
    // per-byte loop.
    switch (delimiter_) {
      case kTabDelimiter:
        ParseRows<kTabDelimiter>();
        break;
      case kSemicolonDelimiter:
        ParseRows<kSemicolonDelimiter>();
        break;
      case kPipeDelimiter:
        ParseRows<kPipeDelimiter>();
        break;
      default:
        ParseRows<kCommaDelimiter>();
    }
    if (utf8_error_ != kNoError && utf8_error_ < chunk_->error_offset) {
      chunk_->error_offset = utf8_error_;
      chunk_->error_message =
          InvalidUtf8Message(static_cast<unsigned char>(data_[utf8_error_]), advice_);
    }
    if (chunk_->error_offset == kNoError && chunk_->rows != chunk_->expected_rows) {
      // Only malformed quoting can make the count and the parse disagree,
      // and the parser reports that earlier; never leave rows unwritten.
      Fail(data_ + chunk_->begin, "quoting is inconsistent across this point");
    }
    if (!chunk_->row_issues.empty()) chunk_->row_issues.resize(chunk_->rows, 0);
  }

 private:
  void Fail(const char* at, std::string message) {
    chunk_->error_offset = static_cast<size_t>(at - data_);
    chunk_->error_message = std::move(message);
  }

  // What a line read as one field is, where it is not data: spaces alone,
  // or DOS's end-of-file mark (Ctrl-Z) that old tools still append.
  std::string LoneFieldHint(const char* row_start) const {
    const char* end = row_start;
    while (end < data_ + size_ && *end != '\n') ++end;
    const std::string_view line(row_start, end - row_start);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos)
      return " (a line of spaces alone: delete it)";
    if (line.find_first_not_of("\x1a\r") == std::string_view::npos)
      return " (a DOS end-of-file mark, Ctrl-Z, 0x1A: delete it)";
    return "";
  }

  // Whether the line around `at` holds nothing but delimiters, spaces and
  // quotes (",,,,,," where Excel's deleted rows were): for messages only.
  bool OnBlankRow(const char* at) const {
    const char* begin = at;
    while (begin > data_ && begin[-1] != '\n') --begin;
    for (const char* p = begin; p < data_ + size_ && *p != '\n'; ++p)
      if (*p != delimiter_ && *p != ' ' && *p != '\r' && *p != '"') return false;
    return true;
  }

  template <char kDelimiter>
  void ParseRows() {
    const char* cursor = data_ + chunk_->begin;
    const char* chunk_end = data_ + chunk_->end;
    const char* file_end = data_ + size_;
    const size_t field_count = fields_.size();
    CsvField field;
    while (cursor < chunk_end) {
      if (SkipBlankLine(cursor, file_end, newlines_)) continue;
      const char* row_start = cursor;
      // Past a bad byte nothing can be reported earlier than it.
      if (utf8_error_ != kNoError && static_cast<size_t>(row_start - data_) > utf8_error_) return;
      if (chunk_->rows == chunk_->expected_rows)
        return Fail(row_start, "quoting is inconsistent across this point");
      chunk_->row_lines.push_back(chunk_->first_line + newlines_);
      size_t found = 0;
      const char* extra_field = nullptr;
      // A value of the wrong type is most often one of a row with a field
      // too many or too few (an unquoted comma: "1,100.04" read as 1 and
      // 100.04, each a column to the left of its own), so the rest of the
      // row is still counted, and a wrong count is what is reported.
      bool value_failed = false;
      for (;;) {
        FieldEnd stop = ScanField<kDelimiter>(cursor, file_end, scratch_, newlines_, field);
        if (stop == FieldEnd::kError) {
          if (value_failed) return;
          return Fail(field.error_at, field.error_message);
        }
        if (field.text.size() > kMaxCsvFieldBytes) {
          if (value_failed) return;
          return Fail(field.start, kCsvFieldTooLong);
        }
        if (found < field_count) {
          const CsvFieldPlan& plan = fields_[found];
          if (!value_failed && plan.output >= 0 && !Store(plan, field, cursor)) {
            // A bad byte inside the value (Store records no error): the
            // encoding is the mistake, reported at that byte, whatever the
            // count.
            if (chunk_->error_offset == kNoError) return;
            value_failed = true;
          }
        } else if (found == field_count) {
          extra_field = field.start;
        }
        ++found;
        if (stop == FieldEnd::kRowEnd) break;
      }
      if (found != field_count) {
        return Fail(
            extra_field != nullptr ? extra_field : row_start,
            fmt::format("expected {} fields (as in the header), found {}{}", field_count, found,
                        found > field_count && kDelimiter == kCommaDelimiter
                            ? " (a value with a comma in it must be in double quotes)"
                        : found == 1 ? LoneFieldHint(row_start)
                                     : ""));
      }
      if (value_failed) return;
      ++chunk_->rows;
    }
    if (cursor != chunk_end) {
      // Only reachable after malformed quoting earlier in the file, which an
      // earlier chunk reports at a smaller offset.
      Fail(chunk_end, "quoting is inconsistent across this point");
    }
  }

  // Appends the field's value to its column. False after recording an error.
  // Always inlined: with ParseRows instantiated once per delimiter, GCC
  // would otherwise call it out of line, and that per-field call costs the
  // comma path about 5% more instructions (callgrind, BM_ReadCsv).
  [[gnu::always_inline]] inline bool Store(const CsvFieldPlan& plan, const CsvField& field,
                                           const char* field_end) {
    CsvChunkColumn& column = chunk_->columns[plan.output];
    const size_t row = chunk_->rows;
    std::string_view text = plan.trim ? Trim(field.text) : field.text;
    if (text.empty() && plan.not_null) {
      Fail(field.start, "empty value in column \"" + plan.column_name + "\" (expected a value)" +
                            (OnBlankRow(field.start)
                                 ? "; every field of the row is empty: a spreadsheet's blank row? "
                                   "delete it from the export"
                                 : ""));
      return false;
    }
    if (plan.type == TypeId::kString) {
      bool is_null = text.empty() && plan.empty_is_null;
      if (plan.high_cardinality) {
        column.hashes.push_back(Dictionary::Hash(text));
        column.text_bytes.append(text);
        // A chunk is a few MiB of the file, so its texts of one column
        // stay far below 4 GiB (a field is at most 16 MiB).
        column.text_ends.push_back(static_cast<uint32_t>(column.text_bytes.size()));
      } else {
        const uint32_t code = recent_codes_[plan.output]->Intern(text);
        if (!PutCode(column.values, column.width, row, code))
          column.overflow.push_back({static_cast<uint32_t>(row), code});
      }
      if (is_null) column.null_rows.push_back(static_cast<uint32_t>(row));
      return true;
    }
    if (text.empty()) {  // zero, as the column was allocated
      column.null_rows.push_back(static_cast<uint32_t>(row));
      return true;
    }
    std::optional<int64_t> value = ParseFieldValue(plan, text);
    if (value) {
      if (!PutInt(column.values, column.width, row, *value))
        column.overflow.push_back({static_cast<uint32_t>(row), *value});
      return true;
    }
    size_t field_offset = static_cast<size_t>(field.start - data_);
    if (utf8_error_ != kNoError && utf8_error_ >= field_offset &&
        utf8_error_ < static_cast<size_t>(field_end - data_)) {
      return false;  // the bad byte inside this value is the error to report
    }
    if (plan.invalid_issue_bit < 0) {
      Fail(field.start, InvalidValueMessage(plan, text));
      return false;
    }
    if (chunk_->row_issues.size() <= row) chunk_->row_issues.resize(row + 1, 0);
    chunk_->row_issues[row] |= uint64_t{1} << plan.invalid_issue_bit;
    column.null_rows.push_back(static_cast<uint32_t>(row));
    column.invalid_rows.push_back(static_cast<uint32_t>(row));
    return true;
  }

  const char* data_;
  size_t size_;
  char delimiter_;
  EncodingAdvice advice_;
  const std::vector<CsvFieldPlan>& fields_;
  CsvChunk* chunk_;
  size_t utf8_error_ = kNoError;
  uint64_t newlines_ = 0;
  // In front of each low-cardinality column's dictionary, by output.
  std::vector<std::optional<RecentCodes>> recent_codes_;
  std::string scratch_;
};

}  // namespace

std::string_view Trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return text.substr(begin, end - begin);
}

namespace {

// A decimal written with its mark as a point, for the parse and the
// messages: "-1234,50" of a decimal-comma file is "-1234.50". A point in
// such a file's number is a thousands separator, a formatted value: it
// becomes a comma, which no decimal accepts.
std::string WithDecimalPoint(std::string_view text) {
  std::string point(text);
  for (char& c : point) c = c == ',' ? '.' : c == '.' ? ',' : c;
  return point;
}

}  // namespace

std::optional<int64_t> ParseFieldValue(const CsvFieldPlan& plan, std::string_view text) {
  switch (plan.type) {
    case TypeId::kInt64:
      return ParseInt64(text);
    case TypeId::kDecimal:
      if (plan.decimal_mark == ',') return ParseDecimal(WithDecimalPoint(text), plan.scale);
      return ParseDecimal(text, plan.scale);
    case TypeId::kBool:
      return ParseBool(text);
    case TypeId::kDate:
      return ParseDate(text);
    case TypeId::kTimestamp:
      return ParseTimestamp(text, plan.utc_offset_minutes);
    default:
      return std::nullopt;
  }
}

namespace {

// Whether `text` is written as a number of the column's kind ('-', digits,
// and for a decimal a point with at most `scale` after it): then a value
// that did not parse is out of the 64-bit range, not malformed.
bool WrittenAsNumber(std::string_view text, int scale) {
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  const auto digits = [](std::string_view part) {
    return part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (whole.empty() || !digits(whole) || !digits(fraction)) return false;
  // "1." is malformed (docs/policy-language.md), not out of range.
  return point == std::string_view::npos ||
         (scale > 0 && !fraction.empty() && fraction.size() <= size_t(scale));
}

std::string TypeMismatchMessage(const CsvFieldPlan& plan, std::string_view text) {
  const std::string value = QuotedValue(text);
  switch (plan.type) {
    case TypeId::kInt64:
      if (WrittenAsNumber(text, 0))
        return fmt::format(
            "integer {} in column \"{}\" is out of range (a 64-bit integer: {} to {})", value,
            plan.column_name, std::numeric_limits<int64_t>::min(),
            std::numeric_limits<int64_t>::max());
      return fmt::format(
          "invalid integer {} in column \"{}\" (expected an optional '-' and digits)", value,
          plan.column_name);
    case TypeId::kDecimal:
      if (WrittenAsNumber(plan.decimal_mark == ',' ? WithDecimalPoint(text) : std::string(text),
                          plan.scale))
        return fmt::format("decimal {} in column \"{}\" is out of range ({})", value,
                           plan.column_name, NumberRangeText(DataType::Decimal(plan.scale)));
      return fmt::format(
          "invalid decimal {} in column \"{}\" (expected an optional '-', digits and at most {} "
          "after the {})",
          value, plan.column_name, plan.scale,
          plan.decimal_mark == ',' ? "decimal comma, no thousands separators" : "point");
    case TypeId::kBool:
      return fmt::format("invalid boolean {} in column \"{}\" (expected true, false, 1 or 0)",
                         value, plan.column_name);
    case TypeId::kDate:
      return fmt::format(
          "invalid date {} in column \"{}\" (expected YYYY-MM-DD, a day of the calendar)", value,
          plan.column_name);
    case TypeId::kTimestamp:
      if (ParseTimestamp(text, 0))  // valid but for the zone
        return fmt::format(
            "timestamp {} in column \"{}\" has no time zone (expected Z or an offset like "
            "+02:00 after the time, or timezone: on the column)",
            value, plan.column_name);
      if (FinerThanAMicrosecond(text))
        return fmt::format(
            "timestamp {} in column \"{}\" is finer than a microsecond, the precision of a "
            "timestamp (at most 6 digits after the point that are not zero); round it at the "
            "source rather than here",
            value, plan.column_name);
      return fmt::format(
          "invalid timestamp {} in column \"{}\" (expected YYYY-MM-DDTHH:MM[:SS[.ffffff]] "
          "and Z or an offset like +02:00 or +0200, from 0000-01-01 to 9999-12-31 in UTC)",
          value, plan.column_name);
    default:
      return fmt::format("invalid value {} in column \"{}\"", value, plan.column_name);
  }
}

}  // namespace

namespace {

// Whether `separator` stands between a digit and a group of exactly three
// digits somewhere in `text` ("1 234", not "1 2").
bool ThousandsGrouped(std::string_view text, char separator) {
  const auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  for (size_t i = 1; i + 3 < text.size() + 1; ++i)
    if (text[i] == separator && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) &&
        !digit(i + 4))
      return true;
  return false;
}

}  // namespace

// A number or date as a spreadsheet formats it for people ("$1,200",
// "12%", "(1,500)", "31/12/2025", "Dec 31, 2025", Excel's day 45657).
bool SpreadsheetFormatted(const CsvFieldPlan& plan, std::string_view text) {
  switch (plan.type) {
    case TypeId::kInt64:
    case TypeId::kDecimal:
      // \xE2: a euro sign's first byte; \xC2: a no-break space's (1 200,50);
      // ',' or '.' where the other is the decimal mark, and a space or '
      // before three digits (1 234,50, Swiss 1'234.50): thousands separators.
      return text.find_first_of("$\xE2\xC2%(") != std::string_view::npos ||
             ThousandsGrouped(text, ' ') || ThousandsGrouped(text, '\'') ||
             text.find(plan.decimal_mark == ',' ? '.' : ',') != std::string_view::npos;
    case TypeId::kDate:
      return text.find_first_of("/. ") != std::string_view::npos ||
             (text.size() == 5 && text.find_first_not_of("0123456789") == std::string_view::npos);
    default:
      return false;
  }
}

namespace {

// A number with one comma between digits, in a column read with a
// decimal point: a decimal comma, or a thousands separator.
bool DecimalComma(const CsvFieldPlan& plan, std::string_view text) {
  if (plan.decimal_mark != '.' || (plan.type != TypeId::kDecimal && plan.type != TypeId::kInt64))
    return false;
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  const size_t comma = text.find(',');
  return comma != std::string_view::npos && comma > 0 && comma + 1 < text.size() &&
         text.find_first_not_of("0123456789,") == std::string_view::npos &&
         text.find(',', comma + 1) == std::string_view::npos;
}

}  // namespace

std::string InvalidValueMessage(const CsvFieldPlan& plan, std::string_view text, bool json) {
  // A column's own name as its value: the header line again.
  const bool header = text == plan.column_name || text == "\xEF\xBB\xBF" + plan.column_name;
  if (header)
    return TypeMismatchMessage(plan, text) +
           "; the header again: two exports joined into one file? keep the first header line "
           "only";
  if (DecimalComma(plan, text) && json)
    return TypeMismatchMessage(plan, text) +
           "; JSON writes numbers with a point: 1234.50, as a number or in the string";
  if (DecimalComma(plan, text))
    return TypeMismatchMessage(plan, text) +
           "; if ',' is the file's decimal mark (1234,50), declare decimal_mark: \",\" on the "
           "input or table; if it separates thousands (1,200), export the column as plain "
           "numbers (docs/spreadsheet-exports.md)";
  if (SpreadsheetFormatted(plan, text))
    return TypeMismatchMessage(plan, text) + "; formatted by a spreadsheet? " +
           (plan.type == TypeId::kDate ? "format the column as yyyy-mm-dd"
                                       : "export the column as plain numbers") +
           " (docs/spreadsheet-exports.md), or give it invalid_issue: to read such values as "
           "NULL with an issue code";
  return TypeMismatchMessage(plan, text);
}

void ParseCsvChunk(const char* data, size_t size, char delimiter, EncodingAdvice advice,
                   const std::vector<CsvFieldPlan>& fields, CsvChunk* chunk) {
  ChunkParser(data, size, delimiter, advice, fields, chunk).Run();
}

}  // namespace acctseg

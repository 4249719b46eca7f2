#include "io/jsonl_reader.h"

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "common/error.h"
#include "io/csv_chunk_parser.h"
#include "io/csv_scanner.h"
#include "io/json_line_parser.h"
#include "io/text_source.h"
#include "io/utf8.h"

namespace acctseg {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// One output column, built row by row.
struct OutputColumn {
  CsvFieldPlan plan;  // the typing rules, shared with the CSV reader
  DataType type;
  bool required = false;
  size_t first_seen = 0;  // 1-based order of first appearance among read keys; 0: never
  std::vector<int64_t> ints;
  std::vector<uint32_t> codes;
  NullMask nulls;
  bool has_null = false;
  std::shared_ptr<Dictionary> dictionary;
  size_t stored_row = static_cast<size_t>(-1);  // the last row given a value

  Column Build() {
    Column column;
    column.type = type;
    column.ints = std::move(ints);
    column.codes = std::move(codes);
    column.Narrow();
    if (has_null) column.nulls = std::move(nulls);
    column.dictionary = std::move(dictionary);
    return column;
  }
};

bool IsBlank(const char* line, size_t size) {
  for (size_t i = 0; i < size; ++i)
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return false;
  return true;
}

// Lets the key index be probed with a member's string_view, without a copy.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return std::hash<std::string_view>()(key); }
};

class JsonLinesReader {
 public:
  explicit JsonLinesReader(const CsvReadOptions& options) : options_(options) {
    std::unordered_set<std::string> requested;
    for (const CsvColumnRequest& request : options.columns) {
      if (!requested.insert(request.name).second)
        throw Error(ErrorKind::kUsage,
                    options.path + ": column \"" + request.name + "\" is declared twice");
      OutputColumn& column = AddColumn(request.name, request.type);
      column.required = request.required;
      column.plan.trim = request.trim;
      column.plan.empty_is_null = request.empty_is_null;
      column.plan.not_null = request.not_null;
      column.plan.invalid_issue_bit = request.invalid_issue_bit;
      column.plan.utc_offset_minutes = request.utc_offset_minutes;
    }
  }

  CsvReadResult Read() {
    TextSource file = TextSource::Open(options_.path, options_.format.encoding);
    const char* data = file.data();
    const char* end = data + file.size();
    if (file.size() >= 3 && std::memcmp(data, kByteOrderMark.data(), 3) == 0) data += 3;
    uint64_t line_number = 0;
    for (const char* line = data; line < end;) {
      const char* newline = static_cast<const char*>(std::memchr(line, '\n', end - line));
      const char* line_end = newline ? newline : end;
      ++line_number;
      ReadLine(line, static_cast<size_t>(line_end - line), line_number);
      line = line_end + 1;
    }
    if (rows_ == 0)
      throw Error(ErrorKind::kInput, options_.path + ": empty file (expected JSON objects)");
    return Finish(file.source_bytes());
  }

 private:
  OutputColumn& AddColumn(const std::string& name, DataType type) {
    index_[name] = columns_.size();
    OutputColumn& column = columns_.emplace_back();
    column.type = type;
    column.plan.output = static_cast<int>(columns_.size() - 1);
    column.plan.type = type.id;
    column.plan.scale = type.Scale();
    column.plan.column_name = name;
    if (type.id == TypeId::kString) column.dictionary = std::make_shared<Dictionary>();
    return column;
  }

  [[noreturn]] void Fail(size_t offset, const std::string& message) const {
    throw Error(ErrorKind::kInput, Located(options_.path, line_, offset + 1, message));
  }

  void ReadLine(const char* line, size_t size, uint64_t line_number) {
    if (IsBlank(line, size)) return;
    line_ = line_number;
    size_t bad = FindInvalidUtf8(line, size);
    if (bad != size)
      Fail(bad,
           InvalidUtf8Message(static_cast<unsigned char>(line[bad]), EncodingAdvice::kDeclare));
    if (!parser_.Parse(line, size)) Fail(parser_.error_offset(), parser_.error());
    for (const JsonMember& member : parser_.members()) {
      auto it = index_.find(member.key);
      if (it == index_.end()) {
        if (!options_.keep_other_columns) continue;
        KeepColumn(std::string(member.key));
        it = index_.find(member.key);
      }
      OutputColumn& column = columns_[it->second];
      if (column.first_seen == 0) column.first_seen = ++keys_seen_;
      if (member.kind == JsonKind::kNested)
        Fail(member.offset,
             fmt::format("an object or array in column \"{}\" (expected a single value)",
                         column.plan.column_name));
      Store(column, member.kind == JsonKind::kNull ? std::string_view() : member.text,
            member.kind == JsonKind::kString, member.offset);
    }
    for (OutputColumn& column : columns_)
      if (column.stored_row != rows_) Store(column, std::string_view(), false, 0);
    result_.row_lines.push_back(line_number);
    ++rows_;
  }

  // A key first met on a later line: earlier rows hold ''.
  void KeepColumn(const std::string& name) {
    OutputColumn& column = AddColumn(name, DataType::String());
    column.plan.trim = options_.trim_other_columns;
    column.codes.assign(rows_, column.dictionary->Intern(""));
    column.nulls.assign(rows_, false);
    result_.kept_columns.push_back(name);
  }

  // Appends one value (empty for null or a missing key); the CSV rules.
  void Store(OutputColumn& column, std::string_view text, bool is_string, size_t offset) {
    const CsvFieldPlan& plan = column.plan;
    column.stored_row = rows_;
    if (is_string && plan.trim) text = Trim(text);
    if (text.size() > kMaxCsvFieldBytes) Fail(offset, kCsvFieldTooLong);
    if (text.empty() && plan.not_null)
      Fail(offset, "empty value in column \"" + plan.column_name + "\" (expected a value)");
    if (plan.type == TypeId::kString) {
      // "\u0000" decodes to a NUL, which no text holds (as in a CSV file).
      if (is_string && text.find('\0') != std::string_view::npos)
        Fail(offset, "a NUL character (\\u0000) in column \"" + plan.column_name +
                         "\", which no text holds");
      bool is_null = text.empty() && plan.empty_is_null;
      column.codes.push_back(column.dictionary->Intern(text));
      column.nulls.push_back(is_null);
      column.has_null |= is_null;
      return;
    }
    std::optional<int64_t> value;
    if (!text.empty()) {
      value = ParseFieldValue(plan, text);
      if (!value && plan.invalid_issue_bit < 0)
        Fail(offset, InvalidValueMessage(plan, text, /*json=*/true));
      if (!value) {
        if (result_.row_issues.size() <= rows_) result_.row_issues.resize(rows_ + 1, 0);
        result_.row_issues[rows_] |= uint64_t{1} << plan.invalid_issue_bit;
        if (result_.invalid_rows.empty()) result_.invalid_rows.resize(options_.columns.size());
        result_.invalid_rows[plan.output].push_back(rows_);
      }
    }
    column.ints.push_back(value.value_or(0));
    column.nulls.push_back(!value);
    column.has_null |= !value;
  }

  CsvReadResult Finish(size_t file_bytes) {
    for (OutputColumn& column : columns_) {
      if (column.required && column.first_seen == 0)
        throw Error(ErrorKind::kInput, Located(options_.path, 1, 0,
                                               fmt::format("missing key \"{}\" (no line has it)",
                                                           column.plan.column_name)));
    }
    if (!result_.row_issues.empty()) result_.row_issues.resize(rows_, 0);
    result_.table = Table(rows_);
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i < options_.columns.size()) result_.field_index.push_back(columns_[i].first_seen);
      result_.table.Add(columns_[i].plan.column_name,
                        std::make_shared<const Column>(columns_[i].Build()));
    }
    result_.file_bytes = file_bytes;
    return std::move(result_);
  }

  const CsvReadOptions& options_;
  std::vector<OutputColumn> columns_;  // requested, then kept
  std::unordered_map<std::string, size_t, KeyHash, std::equal_to<>> index_;
  JsonLineParser parser_;
  CsvReadResult result_;
  size_t rows_ = 0;
  size_t keys_seen_ = 0;
  uint64_t line_ = 0;
};

}  // namespace

CsvReadResult ReadJsonLines(const CsvReadOptions& options) {
  return JsonLinesReader(options).Read();
}

}  // namespace acctseg

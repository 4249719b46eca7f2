#include "util/expr_case_file.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/error.h"
#include "plan/plan.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg::testing {

std::string QuoteText(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// 'it''s' -> it's; nullopt if `text` is not one whole quoted string.
std::optional<std::string> Unquote(const std::string& text) {
  if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') {
      if (text[i + 1] != '\'' || i + 2 == text.size()) return std::nullopt;
      ++i;
    }
    out += text[i];
  }
  return out;
}

bool IsNumberText(const std::string& text) {
  size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
  size_t digits = 0, dot = std::string::npos;
  for (size_t k = i; k < text.size(); ++k) {
    if (text[k] == '.' && dot == std::string::npos && digits > 0) {
      dot = k;
    } else if (std::isdigit(static_cast<unsigned char>(text[k]))) {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0 && dot != text.size() - 1;
}

// Whether `text` is a value in the canonical form the runner prints.
bool IsCanonicalValue(const std::string& text) {
  if (text == "NULL" || text == "true" || text == "false" || IsNumberText(text)) return true;
  if (ParseDate(text) || ParseTimestamp(text, std::nullopt)) return true;  // as the runner prints
  if (Unquote(text)) return true;
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return false;
  std::vector<std::string> items;
  if (!SplitValues(text.substr(1, text.size() - 2), &items)) return false;
  for (const auto& item : items)
    if (!Unquote(item)) return false;
  return true;
}

class Parser {
 public:
  explicit Parser(const std::string& path) { file_.path = path; }

  ExprCaseFile Parse(const std::string& text) {
    file_.tables.emplace_back();  // the constant table: no columns, one row
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      ++line_;
      ParseLine(Trim(std::string_view(text).substr(start, end - start)));
      start = end + 1;
    }
    EndCase();
    SealTable();
    return std::move(file_);
  }

 private:
  [[noreturn]] void Fail(const std::string& message) const {
    throw Error(ErrorKind::kInput, file_.path + ":" + std::to_string(line_) + ": " + message);
  }

  void ParseLine(const std::string& line) {
    if (line.empty() || line[0] == '#') return;
    size_t colon = line.find(':');
    if (colon == std::string::npos)
      Fail(
          "expected \"key: value\" (keys: columns, row, parents, expr, type, expect, "
          "bind error, eval error), found \"" +
          line + "\"");
    std::string key = Trim(std::string_view(line).substr(0, colon));
    std::string value = Trim(std::string_view(line).substr(colon + 1));
    if (key == "columns") {
      EndCase();
      SealTable();
      StartTable(value);
    } else if (key == "row") {
      AddRow(value);
    } else if (key == "parents") {
      SetParents(value);
    } else if (key == "expr") {
      EndCase();
      SealTable();
      if (value.empty()) Fail("expr: needs an expression");
      ExprCase c;
      c.line = line_;
      c.expr = value;
      c.table = file_.tables.size() - 1;
      current_ = c;
      has_outcome_ = false;
    } else if (key == "type" || key == "expect" || key == "bind error" || key == "eval error") {
      if (!current_) Fail(key + ": outside a case (start one with expr:)");
      AddToCase(key, value);
    } else {
      Fail("unknown key \"" + key +
           "\" (expected columns, row, parents, expr, type, expect, bind error or eval error)");
    }
  }

  void StartTable(const std::string& value) {
    ExprCaseTable table;
    std::vector<std::string> specs;
    if (!SplitValues(value, &specs)) Fail("unbalanced parentheses or quotes in columns:");
    for (const auto& spec : specs) {
      size_t space = spec.rfind(' ');  // names may hold spaces, types do not
      if (space == std::string::npos) Fail("a column is \"NAME TYPE\", found \"" + spec + "\"");
      std::string name = spec.substr(0, space), type_name = Trim(spec.substr(space + 1));
      auto type = ParseTypeName(type_name);
      if (!type) Fail("unknown type \"" + type_name + "\" of column " + name);
      table.names.push_back(name);
      table.columns.push_back(std::make_shared<Column>(Column::Make(*type, 0, true)));
    }
    file_.tables.push_back(std::move(table));
    dictionaries_.assign(file_.tables.back().columns.size(), nullptr);
    for (size_t c = 0; c < dictionaries_.size(); ++c)
      if (file_.tables.back().columns[c]->type.id == TypeId::kString) {
        dictionaries_[c] = std::make_shared<Dictionary>();
        file_.tables.back().columns[c]->dictionary = dictionaries_[c];
      }
    sealed_ = false;
  }

  void AddRow(const std::string& value) {
    ExprCaseTable& table = file_.tables.back();
    if (file_.tables.size() == 1) Fail("row: before columns:");
    if (sealed_) Fail("row: after the table's first case (start a new table with columns:)");
    std::vector<std::string> cells;
    if (!SplitValues(value, &cells)) Fail("unterminated quote or bracket in row:");
    if (cells.size() != table.columns.size())
      Fail("row has " + std::to_string(cells.size()) + " values, the table has " +
           std::to_string(table.columns.size()) + " columns");
    for (size_t c = 0; c < cells.size(); ++c) AppendCell(table, c, cells[c]);
    ++table.row_count;
  }

  void AppendCell(ExprCaseTable& table, size_t c, const std::string& cell) {
    Column& column = *table.columns[c];
    const bool is_null = cell == "NULL";
    column.nulls.push_back(is_null);
    if (column.type.id == TypeId::kString) {
      std::optional<std::string> text = is_null ? std::string() : Unquote(cell);
      if (!text) Fail("column " + table.names[c] + " holds strings: write 'text', found " + cell);
      column.codes.push_back(dictionaries_[c]->Intern(*text));
      return;
    }
    std::optional<int64_t> number = 0;
    if (is_null) {
    } else if (column.type.id == TypeId::kBool) {
      if (cell != "true" && cell != "false")
        Fail("column " + table.names[c] + " is boolean: write true or false, found " + cell);
      number = cell == "true";
    } else {
      number = column.type.id == TypeId::kInt64       ? ParseInt64(cell)
               : column.type.id == TypeId::kDate      ? ParseDate(cell)
               : column.type.id == TypeId::kTimestamp ? ParseTimestamp(cell, std::nullopt)
                                                      : ParseDecimal(cell, column.type.Scale());
      if (!number) Fail("\"" + cell + "\" is not a valid " + column.type.ToString() + " value");
    }
    column.ints.push_back(*number);
  }

  void SetParents(const std::string& value) {
    ExprCaseTable& table = file_.tables.back();
    if (file_.tables.size() == 1 || sealed_) Fail("parents: belongs to a table, after its rows");
    std::vector<std::string> items;
    SplitValues(value, &items);
    if (items.size() != table.row_count)
      Fail("parents: needs one item per row (" + std::to_string(table.row_count) + "), found " +
           std::to_string(items.size()));
    table.parent_row.clear();
    for (const auto& item : items) {
      auto row = item == "-" ? std::optional<int64_t>(0) : ParseInt64(item);
      if (!row || *row < 0 || *row > static_cast<int64_t>(table.row_count))
        Fail("a parent is a row number from 1 to " + std::to_string(table.row_count) +
             " or - for none, found " + item);
      table.parent_row.push_back(static_cast<int32_t>(*row) - 1);
    }
    table.has_family = true;
    parents_line_ = line_;
  }

  // Fixes the current table: rows are complete, the hierarchy is resolved.
  void SealTable() {
    if (sealed_) return;
    sealed_ = true;
    ExprCaseTable& table = file_.tables.back();
    if (table.columns.empty() && table.row_count == 0) table.row_count = 1;
    if (table.row_count == 0) Fail("the table above has no rows");
    for (auto& column : table.columns)
      if (!column->nulls.Any()) column->nulls.clear();  // as readers leave it: no NULL, no mask
    if (!table.has_family) return;
    table.global_row.resize(table.row_count);
    for (size_t row = 0; row < table.row_count; ++row) {
      int32_t top = static_cast<int32_t>(row);
      for (size_t steps = 0; table.parent_row[top] >= 0; ++steps) {
        if (steps > table.row_count) {
          line_ = parents_line_;
          Fail("parents: of the table above form a cycle");
        }
        top = table.parent_row[top];
      }
      table.global_row[row] = top;
    }
  }

  void AddToCase(const std::string& key, const std::string& value) {
    ExprCase& c = *current_;
    if (key == "type") {
      if (!c.type.empty()) Fail("a case has one type:");
      auto type = ParseTypeName(value);
      if (value != "list" && (!type || type->ToString() != value))
        Fail(
            "type: is one of integer, decimal(N), string, boolean, date, timestamp, list; found "
            "\"" +
            value + "\"");
      c.type = value;
      return;
    }
    bool values = key == "expect";
    if (has_outcome_ && (!values || c.outcome != ExprCase::Outcome::kValues))
      Fail("a case expects values (expect:) or one error (bind error: / eval error:), not both");
    has_outcome_ = true;
    if (!values) {
      if (value.empty()) Fail(key + ": needs a part of the expected message");
      c.outcome =
          key == "bind error" ? ExprCase::Outcome::kBindError : ExprCase::Outcome::kEvalError;
      c.error = value;
      return;
    }
    std::vector<std::string> items;
    if (!SplitValues(value, &items)) Fail("unterminated quote or bracket in expect:");
    for (const auto& item : items) {
      if (!IsCanonicalValue(item))
        Fail("expected value " + item +
             " is not NULL, true, false, a number, a 'string' or a ['list']");
      c.values.push_back(item);
    }
  }

  void EndCase() {
    if (!current_) return;
    ExprCase c = std::move(*current_);
    current_.reset();
    std::swap(line_, c.line);  // messages about the case point at its expr: line
    if (!has_outcome_) Fail("the case needs expect: values, bind error: or eval error:");
    if (c.outcome == ExprCase::Outcome::kBindError && !c.type.empty())
      Fail("a case that fails to bind has no type:");
    size_t rows = file_.tables[c.table].row_count;
    if (c.outcome == ExprCase::Outcome::kValues && c.values.size() != rows)
      Fail("expect: gives " + std::to_string(c.values.size()) + " values, the table has " +
           std::to_string(rows) + " rows");
    std::swap(line_, c.line);
    file_.cases.push_back(std::move(c));
  }

  ExprCaseFile file_;
  size_t line_ = 0;
  size_t parents_line_ = 0;
  bool sealed_ = false;
  std::vector<std::shared_ptr<Dictionary>> dictionaries_;
  std::optional<ExprCase> current_;
  bool has_outcome_ = false;
};

}  // namespace

bool SplitValues(const std::string& text, std::vector<std::string>* values) {
  values->clear();
  if (Trim(text).empty()) return true;
  bool quoted = false;
  int depth = 0;
  std::string current;
  for (char c : text) {
    if (c == '\'') quoted = !quoted;  // a doubled quote closes and reopens: same effect
    if (!quoted && (c == '[' || c == '(')) ++depth;
    if (!quoted && (c == ']' || c == ')')) --depth;
    if (!quoted && depth == 0 && c == ',') {
      values->push_back(Trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  values->push_back(Trim(current));
  return !quoted && depth == 0;
}

ExprCaseFile ParseExprCaseFile(const std::string& path, const std::string& text) {
  return Parser(path).Parse(text);
}

}  // namespace acctseg::testing

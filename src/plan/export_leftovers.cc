#include "plan/export_leftovers.h"

#include <fmt/format.h>

#include "common/ascii_case.h"
#include "common/counted.h"
#include "common/error.h"

namespace acctseg {
namespace {

// How many lines a message lists before "...".
constexpr size_t kLinesShown = 5;

// A field read as nothing: NULL, or empty text.
bool Empty(const Column& column, size_t row) {
  return column.IsNull(row) || (column.type.id == TypeId::kString && column.StringAt(row).empty());
}

std::string LinesText(const std::vector<uint64_t>& lines, size_t count) {
  std::string text;
  for (const uint64_t line : lines) text += (text.empty() ? "" : ", ") + std::to_string(line);
  return text + (count > lines.size() ? ", ..." : "");
}

// Rows with no key whose other fields are empty too.
void RefuseBlankRows(const CsvReadResult& read, const Column& key, const std::string& path) {
  if (!key.HasNulls()) return;
  const Table& table = read.table;
  std::vector<uint64_t> lines;
  size_t count = 0;
  for (size_t row = 0; row < key.size(); ++row) {
    if (!key.IsNull(row)) continue;
    bool blank = true;
    for (size_t c = 0; c < table.column_count() && blank; ++c) blank = Empty(table.column(c), row);
    if (!blank) continue;
    if (++count <= kLinesShown) lines.push_back(read.row_lines[row]);
  }
  if (count == 0) return;
  throw Error(ErrorKind::kInput,
              fmt::format("{}: {} nothing in any column the policy reads (line{} {}): a "
                          "spreadsheet's blank rows, which would be ranked as accounts; delete "
                          "them from the export",
                          path, count == 1 ? "1 row has" : Counted(count, "row") + " have",
                          count == 1 ? "" : "s", LinesText(lines, count)));
}

// The key column's name as a key: the header again, with or without the
// byte order mark a second export starts with.
void RefuseRepeatedHeader(const CsvReadResult& read, const Column& key,
                          const std::string& key_column, const std::string& path) {
  if (key.type.id != TypeId::kString) return;
  for (const std::string& name : {key_column, "\xEF\xBB\xBF" + key_column}) {
    const std::optional<uint32_t> code = key.dictionary->Find(name);
    if (!code) continue;
    for (size_t row = 0; row < key.size(); ++row)
      if (!key.IsNull(row) && key.codes[row] == *code)
        throw Error(ErrorKind::kInput,
                    fmt::format("{}:{}: the header again ({} \"{}\"): two exports joined into one "
                                "file? keep the first header line only",
                                path, read.row_lines[row], key_column,
                                name.size() > key_column.size() ? "\\ufeff" + key_column : name));
  }
}

// Salesforce and Excel end a report with its totals.
void NoteTotalLine(const CsvReadResult& read, const Column& key, std::vector<std::string>& notes,
                   const std::string& path) {
  const size_t last = key.size() - 1;
  if (key.type.id != TypeId::kString || key.IsNull(last)) return;
  const std::string text = AsciiLower(key.StringAt(last));
  if (!text.starts_with("total") && !text.starts_with("grand total") &&
      !text.starts_with("subtotal"))
    return;
  notes.push_back(fmt::format(
      "{} line {}: the last row's key is \"{}\": a report's total line? it is counted as an "
      "account; delete it from the export if so",
      path, read.row_lines[last], key.StringAt(last)));
}

}  // namespace

void CheckExportLeftovers(const CsvReadResult& read, const std::string& key_column,
                          const std::string& path, std::vector<std::string>& notes) {
  const Column* key = read.table.Find(key_column);
  if (key == nullptr || key->size() == 0) return;
  RefuseBlankRows(read, *key, path);
  RefuseRepeatedHeader(read, *key, key_column, path);
  NoteTotalLine(read, *key, notes, path);
}

}  // namespace acctseg

#include "plan/export_leftovers.h"

#include <fmt/format.h>

#include "common/ascii_case.h"
#include "common/error.h"

namespace acctseg {
namespace {

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

void CheckExportLeftovers(const CsvReadResult& read, const Column& key,
                          const std::string& key_column, const std::string& path,
                          std::vector<std::string>* notes) {
  if (key.size() == 0) return;
  RefuseRepeatedHeader(read, key, key_column, path);
  if (notes != nullptr) NoteTotalLine(read, key, *notes, path);
}

}  // namespace acctseg

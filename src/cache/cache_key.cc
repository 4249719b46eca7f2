#include "cache/cache_key.h"

#include <sys/stat.h>

#include "io/postgres_source.h"
#include "io/table_file.h"
#include "store/content_hash.h"

namespace acctseg {
namespace {

// The reader ReadTableFile picks for this path: a copy named .jsonl is not
// the same read as one named .csv.
const char* ReaderOf(const std::string& path) {
  if (IsJsonLinesPath(path)) return "jsonl";
  if (IsTabSeparatedPath(path)) return "tsv";
  return "csv";
}

void AppendColumn(std::string& out, const CsvColumnRequest& column) {
  out += "column " + std::to_string(column.name.size()) + ":" + column.name;
  out += " type=" + column.type.ToString();
  out += " required=" + std::to_string(column.required);
  out += " trim=" + std::to_string(column.trim);
  out += " empty_is_null=" + std::to_string(column.empty_is_null);
  out += " not_null=" + std::to_string(column.not_null);
  out += " invalid_issue_bit=" + std::to_string(column.invalid_issue_bit);
  out += " utc_offset=" +
         (column.utc_offset_minutes ? std::to_string(*column.utc_offset_minutes) : "none");
  out += "\n";
}

}  // namespace

std::string DescribeRead(const CsvReadOptions& read) {
  std::string out = "acctseg " ACCTSEG_CODE_VERSION ", input cache format " +
                    std::to_string(kInputCacheFormatVersion) + "\n";
  out += std::string("reader ") + ReaderOf(read.path) + "\n";
  out += "delimiter " + std::to_string(static_cast<int>(read.format.delimiter)) + "\n";
  out += "delimiter_declared " + std::to_string(read.format.delimiter_declared) + "\n";
  out += "decimal_mark " + std::to_string(static_cast<int>(read.format.decimal_mark)) + "\n";
  out += "encoding " + std::to_string(static_cast<int>(read.format.encoding)) + "\n";
  out += "keep_other_columns " + std::to_string(read.keep_other_columns) + "\n";
  out += "trim_other_columns " + std::to_string(read.trim_other_columns) + "\n";
  for (const CsvColumnRequest& column : read.columns) AppendColumn(out, column);
  return out;
}

std::optional<InputCacheKey> InputCacheKeyFor(const CsvReadOptions& read) {
  if (IsPostgresSource(read.path)) return std::nullopt;
  struct stat info;
  if (::stat(read.path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  InputCacheKey key;
  key.content_hash = HashFile(read.path);
  key.text = DescribeRead(read) + "content " + key.content_hash + "\n";
  std::string name = HashString(key.text).substr(kContentHashPrefix.size());
  key.file_name = name + ".acache";
  return key;
}

}  // namespace acctseg

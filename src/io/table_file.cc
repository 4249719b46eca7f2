#include "io/table_file.h"

#include <filesystem>
#include <fstream>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "common/postgres_uri.h"
#include "io/csv_scanner.h"
#include "io/file_extension.h"
#include "io/jsonl_reader.h"
#include "io/postgres_source.h"

namespace acctseg {

bool IsJsonLinesPath(std::string_view path) {
  const std::string extension = LowercaseExtension(std::string(path));
  return extension == ".jsonl" || extension == ".ndjson";
}

bool IsTabSeparatedPath(std::string_view path) {
  const std::string extension = LowercaseExtension(std::string(path));
  return extension == ".tsv" || extension == ".tab";
}

std::string SourceDisplayName(const std::string& path) {
  return IsPostgresSource(path) ? DescribePostgresUri(path).location : path;
}

namespace {

// The first bytes of files that are no text table, whatever their name.
constexpr std::pair<std::string_view, const char*> kMagic[] = {
    {"\x1f\x8b", "a gzip-compressed file"},
    {"PK\x03\x04", "a zip archive (or an .xlsx spreadsheet)"},
    {"\xd0\xcf\x11\xe0", "an .xls spreadsheet"},
    {"PAR1", "a Parquet file"},
    {"\x28\xb5\x2f\xfd", "a zstd-compressed file"},
    {"BZh", "a bzip2-compressed file"},
    {"\xfd"
     "7zXZ",
     "an xz-compressed file"},
    {std::string_view("SQLite format 3\0", 16), "a SQLite database"},
};

// Refuses, before it is parsed, a file that names or begins like another
// format: read as CSV it gave "quote inside an unquoted field" (.json) or
// "missing column" with raw binary (.xlsx, .parquet).
void RefuseOtherFormats(const std::string& path) {
  const std::string extension = LowercaseExtension(path);
  std::string what;
  if (NamesAnotherTableFormat(extension)) {
    what = "a " + extension + " file";
  } else {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return;  // a pipe is read once
    char head[16] = {};
    std::ifstream file(path, std::ios::binary);
    file.read(head, sizeof(head));
    const std::string_view first(head, static_cast<size_t>(file.gcount()));
    for (const auto& [magic, name] : kMagic)
      if (first.substr(0, magic.size()) == magic) what = std::string("this is ") + name;
    if (what.empty()) return;
  }
  throw Error(ErrorKind::kInput,
              path + ": " + what +
                  ", not a table acctseg reads: it reads CSV (.csv; .tsv or .tab "
                  "tab-separated) and JSON Lines (.jsonl or .ndjson, one object a line)" +
                  (extension == ".json" ? "; a file of one JSON object a line is JSON Lines: name "
                                          "it .jsonl"
                                        : "; export or decompress it to CSV first"));
}

// A declared delimiter or decimal mark says how a CSV file is written; a
// JSON Lines file or a database's table has neither, and a declaration
// that would be ignored is a mistake to hear of.
void RefuseCsvFormat(const CsvReadOptions& options, const char* source) {
  const CsvFormat& format = options.format;
  std::string declared;  // what was declared other than CSV's default
  if (format.delimiter_declared && format.delimiter != ',')
    declared = CsvDelimiterDeclaration(format.delimiter);
  if (format.decimal_mark != '.')
    declared += (declared.empty() ? "" : " and ") + std::string("decimal_mark: \",\"");
  if (!declared.empty())
    throw Error(ErrorKind::kUsage, SourceDisplayName(options.path) + ": " + declared +
                                       " applies to CSV files, not to " + source +
                                       "; remove it from the policy's declaration of this input");
}

}  // namespace

CsvReadResult ReadTableFile(const CsvReadOptions& options) {
  if (IsPostgresSource(options.path)) {
    RefuseCsvFormat(options, "a PostgreSQL table");
    return ReadPostgresSource(options);
  }
  RefuseOtherFormats(options.path);
  if (IsJsonLinesPath(options.path)) {
    RefuseCsvFormat(options, "JSON Lines");
    return ReadJsonLines(options);
  }
  if (options.format.delimiter_declared || !IsTabSeparatedPath(options.path))
    return ReadCsv(options);
  CsvReadOptions tab_separated = options;
  tab_separated.format.delimiter = kTabDelimiter;
  return ReadCsv(tab_separated);
}

}  // namespace acctseg

#include "io/table_file.h"

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

CsvReadResult ReadTableFile(const CsvReadOptions& options) {
  if (IsPostgresSource(options.path)) return ReadPostgresSource(options);
  if (IsJsonLinesPath(options.path)) return ReadJsonLines(options);
  if (!IsTabSeparatedPath(options.path)) return ReadCsv(options);
  CsvReadOptions tab_separated = options;
  tab_separated.delimiter = kTabDelimiter;
  return ReadCsv(tab_separated);
}

}  // namespace acctseg

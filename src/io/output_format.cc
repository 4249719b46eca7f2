#include "io/output_format.h"

#include <set>

#include "common/ascii_case.h"
#include "common/error.h"
#include "io/csv_reader.h"
#include "io/file_extension.h"

namespace acctseg {

OutputFormat OutputFormatFor(const std::string& given, const std::string& path) {
  // Any case, as the file names' extensions are read (-o x.NDJSON is JSON Lines).
  const std::string format = AsciiLower(given);
  if (format == "csv") return OutputFormat::kCsv;
  if (format == "jsonl") return OutputFormat::kJsonLines;
  if (format == "json")
    throw Error(ErrorKind::kUsage,
                "--format json: acctseg writes one JSON object per account (JSON Lines); "
                "say --format jsonl");
  if (!format.empty())
    throw Error(ErrorKind::kUsage, "--format " + given + ": expected csv or jsonl");
  if (path == "-") return OutputFormat::kCsv;
  const std::string extension = LowercaseExtension(path);
  if (extension == ".jsonl" || extension == ".ndjson") return OutputFormat::kJsonLines;
  // A name that promises another format must not silently hold CSV; any
  // other name (.csv, .txt, .out, none) is CSV.
  static const std::set<std::string> kNotTables = {".tsv", ".tab",  ".xml", ".html",
                                                   ".htm", ".yaml", ".yml"};
  if (!NamesAnotherTableFormat(extension) && kNotTables.count(extension) == 0)
    return OutputFormat::kCsv;
  throw Error(ErrorKind::kUsage,
              "--output " + path + ": acctseg does not write " + extension +
                  " files; name the output .csv or .jsonl (.ndjson), or give --format csv or "
                  "--format jsonl to write that format under this name");
}

const char* OutputFormatName(OutputFormat format) {
  return format == OutputFormat::kCsv ? "csv" : "jsonl";
}

CsvDialect CsvDialectFor(const std::string& delimiter, const std::string& decimal_mark,
                         OutputFormat format) {
  CsvDialect dialect;
  if (delimiter.empty() && decimal_mark.empty()) return dialect;
  if (format != OutputFormat::kCsv)
    throw Error(ErrorKind::kUsage,
                "--delimiter and --decimal-mark are for CSV outputs: JSON Lines writes numbers "
                "with a point, as JSON does");
  if (!delimiter.empty()) {
    std::optional<char> named = CsvDelimiterNamed(delimiter);
    if (!named)
      throw Error(ErrorKind::kUsage,
                  "--delimiter " + delimiter + ": expected \",\", \";\", \"|\" or tab");
    dialect.delimiter = *named;
  }
  if (!decimal_mark.empty()) {
    if (decimal_mark != "." && decimal_mark != ",")
      throw Error(ErrorKind::kUsage, "--decimal-mark " + decimal_mark + ": expected . or ,");
    dialect.decimal_mark = decimal_mark[0];
  }
  if (dialect.decimal_mark == dialect.delimiter)
    throw Error(ErrorKind::kUsage,
                "--decimal-mark , needs another --delimiter than \",\" (a spreadsheet that "
                "writes 1234,50 separates fields with \";\": --delimiter \";\")");
  return dialect;
}

}  // namespace acctseg

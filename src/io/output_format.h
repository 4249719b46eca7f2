// The formats acctseg writes account tables in, and how a format is chosen
// from --format or the output's name. A name that promises a format acctseg
// does not write (out.json, out.xlsx, out.parquet) is an error, never a CSV
// file under that name.
#pragma once

#include <string>

namespace acctseg {

enum class OutputFormat { kCsv, kJsonLines };

// `format` as given (csv, jsonl; "" = decide by `path`): .jsonl and .ndjson
// mean JSON Lines; an extension of another format (.json, .xlsx, .parquet,
// .tsv, .gz, ...) is Error(kUsage) saying what to do instead; anything else
// (.csv, .txt, no extension, "-") is CSV. An unknown --format is kUsage too.
OutputFormat OutputFormatFor(const std::string& format, const std::string& path);

const char* OutputFormatName(OutputFormat format);  // "csv" or "jsonl"

// A CSV output's delimiter and decimal mark as its flags name them
// (--delimiter ",", ";", "|" or "tab"; --decimal-mark "." or ","; "" = the
// default). Error(kUsage) for another name, for a decimal mark that is the
// delimiter (1234,50 would be two fields), and for either given to a JSON
// Lines output.
struct CsvDialect {
  char delimiter = ',';
  char decimal_mark = '.';
};
CsvDialect CsvDialectFor(const std::string& delimiter, const std::string& decimal_mark,
                         OutputFormat format);

}  // namespace acctseg

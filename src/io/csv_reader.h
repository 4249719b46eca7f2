// Reads an RFC 4180 CSV file (or TSV: the same grammar with a tab as the
// delimiter) into a columnar Table: only the requested columns, matched by
// header name, each parsed to its type. The file is mapped into memory (or
// converted to UTF-8 first, see io/text_source.h) and parsed in parallel,
// quote-aware chunks; string columns are dictionary-encoded.
//
// Errors (all thrown as acctseg::Error, kind kInput unless noted), each with
// "file:line:column:" where line is the 1-based physical line and column the
// 1-based byte column within that line (in the file's own encoding: a
// column of a mac_roman file counts its bytes, not those of the UTF-8 text):
//   - the file cannot be opened or read (kIo);
//   - the file is empty (no header line);
//   - a quote is not terminated, or a quoted field is followed by text;
//   - a row has more or fewer fields than the header;
//   - invalid UTF-8 (in a file declared UTF-8, the default; the message
//     gives encoding_advice);
//   - a requested, required column is missing from the header (names it and
//     lists the columns that are there);
//   - a value does not parse as its column's type (unless the column has an
//     invalid_issue, in which case the value becomes NULL and the row gets
//     that issue bit).
// A UTF-8 byte-order mark is skipped; CRLF and LF line ends are both
// accepted, and so are classic Mac lone-CR line ends (when the first line
// ends so).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/text_encoding.h"
#include "io/utf8.h"
#include "table/data_type.h"
#include "table/row_lines.h"
#include "table/table.h"

namespace acctseg {

struct CsvColumnRequest {
  std::string name;      // header name to match (exact, after trimming the header cell)
  DataType type;         // kString, kInt64, kDecimal(scale), kBool, kDate or kTimestamp
  bool required = true;  // false: a missing column becomes all NULL (or all '' for strings)
  bool trim = true;      // strip leading/trailing ' ' and '\t' before use
  // Strings: empty text is '' unless empty_is_null. Numbers/bools: empty text
  // is always NULL.
  bool empty_is_null = false;
  // An empty value (after trimming) stops the read with an error.
  bool not_null = false;
  // -1: a value that does not parse stops the read with an error.
  // 0..63: the value becomes NULL and the row's issue bit is set instead.
  int invalid_issue_bit = -1;
  // Timestamps: the zone of values written without an offset, in minutes
  // east of UTC (the column's `timezone:`); none: such a value is invalid.
  std::optional<int> utc_offset_minutes = std::nullopt;
};

// How a CSV file is written beyond its grammar, as its declaration says (a
// policy input's or table's `encoding:`, `delimiter:` and `decimal_mark:`).
struct CsvFormat {
  // Anything but UTF-8 is converted before parsing.
  TextEncoding encoding = TextEncoding::kUtf8;
  // ',' for CSV, '\t' for TSV, ';' or '|' (each quoted as CSV is); any
  // other is kUsage.
  char delimiter = ',';
  // Whether `delimiter` was declared: if not, ReadTableFile reads a file
  // named .tsv or .tab with tabs.
  bool delimiter_declared = false;
  // What separates a decimal's fraction: '.' or ',' (spreadsheets saved
  // in much of Europe, with ';' between fields).
  char decimal_mark = '.';
  bool operator==(const CsvFormat&) const = default;
};

// The delimiters ReadCsv splits fields on.
bool IsCsvDelimiter(char c);
// The delimiter a policy or a flag names: ",", ";", "|", or a tab ("tab"
// or the character); nullopt for any other.
std::optional<char> CsvDelimiterNamed(std::string_view name);
// How a policy declares `delimiter`, for messages: delimiter: ";", delimiter: tab.
std::string CsvDelimiterDeclaration(char delimiter);

struct CsvReadOptions {
  std::string path;  // the file to read; also the name used in messages
  std::vector<CsvColumnRequest> columns;
  // Also read every other column of the file, as untrimmed strings, in file
  // order (for --keep-columns).
  bool keep_other_columns = false;
  bool trim_other_columns = false;  // trim the kept columns too (policy tables)
  int threads = 1;
  CsvFormat format{};
  // What a message about invalid UTF-8 advises: declaring the encoding
  // (a policy's input or table can), or converting a file that cannot.
  EncodingAdvice encoding_advice = EncodingAdvice::kDeclare;
};

struct CsvReadResult {
  // The requested columns under their names, then the kept other columns.
  Table table;
  std::vector<std::string> kept_columns;  // names of the kept other columns, in file order
  // Physical line (1-based) where each row starts, for messages about rows.
  RowLines row_lines;
  // Per-row issue bits from invalid_issue_bit columns; empty if none was set.
  std::vector<uint64_t> row_issues;
  // Empty, or for each requested column (in CsvReadOptions::columns order)
  // the rows whose value did not parse and became NULL, ascending: columns
  // may share an issue bit, and the quality report counts each column's.
  std::vector<std::vector<uint64_t>> invalid_rows;
  // 1-based field index of each requested column in the file (0 if absent).
  std::vector<size_t> field_index;
  uint64_t file_bytes = 0;
};

CsvReadResult ReadCsv(const CsvReadOptions& options);

class TextSource;
// ReadCsv of text already opened (or held in memory, as a database's COPY
// output is); options.path only names it in messages, options.format.encoding is
// not used (`text` is UTF-8 already).
CsvReadResult ReadCsvText(const CsvReadOptions& options, const TextSource& text);

}  // namespace acctseg

// Reads a JSON Lines file (one JSON object per line) into the same columnar
// result as ReadCsv, with the same requests and the same typing rules: each
// requested column is the member of that exact key.
//
// Values (the CsvColumnRequest rules apply to the value's text):
//   - a string is its unescaped text; a number is its text exactly as
//     written (so decimal(N) columns get exact values, never a binary
//     float: 0.1 is 0.1); true/false are the text "true"/"false" (booleans
//     also accept "1"/"0"/"true"/"false" strings, integers and decimals also
//     accept strings holding them, as in CSV). A number in exponent form
//     (1e3) is not a valid integer or decimal;
//   - null, and a key missing from the object, are an empty value: NULL
//     (for strings: '' unless empty_is_null), an error if not_null;
//   - an object or array is an error in any column.
// A required column is an error only when no line has its key (the CSV
// rule "missing from the header", for a format without a header). Keys that
// no column requests are ignored, or, with keep_other_columns, kept as
// string columns (scalars as above) in order of first appearance; rows
// before a key's first appearance hold ''.
// Blank lines (only spaces, tabs, CR) are skipped; CRLF line ends are
// accepted; a UTF-8 byte-order mark is skipped. A declared options.format.encoding
// other than UTF-8 is converted first (io/text_source.h).
//
// Errors: acctseg::Error kind kInput (kIo if the file cannot be read), with
// "file:line:column:" (1-based physical line, 1-based byte column) for
// invalid JSON, a line that is not one object, invalid UTF-8, a key twice in
// one object, an object or array value, and a value that does not parse as
// its column's type (unless the column has an invalid_issue_bit: then NULL
// and the row's issue bit). A file with no object is an error.
// field_index holds each requested key's 1-based order of first appearance.
// Single-threaded for now (options.threads is ignored).
#pragma once

#include "io/csv_reader.h"

namespace acctseg {

CsvReadResult ReadJsonLines(const CsvReadOptions& options);

}  // namespace acctseg

// One CSV field as acctseg writes it: RFC 4180 quoting only where a value
// needs it, and optionally a guard against spreadsheet formula injection.
//
// A spreadsheet that opens a CSV takes a cell starting with = + - @ TAB or
// CR for a formula (OWASP "CSV injection"); account data is not trusted, so
// an output meant for a spreadsheet prefixes such a text with a single quote
// ', which makes the cell plain text. The guard is for text only: a number
// such as -5 is written by its type and must stay a number. Shared by the
// table writer (io, opt-in) and the report CSV (diff, always on).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace acctseg {

// The character put before a text that a spreadsheet would run as a formula.
inline constexpr char kFormulaGuard = '\'';

// Whether the field must be quoted: it holds the delimiter (a comma
// unless said), a quote, CR or LF.
bool CsvNeedsQuotes(std::string_view text, char delimiter = ',');

// Whether a spreadsheet would take the text for a formula: its first
// character is = + - @ TAB or CR (a lone "-" included).
bool LooksLikeFormula(std::string_view text);

// Whether AppendCsvField writes the text unchanged.
bool CsvFieldIsPlain(std::string_view text, bool escape_formulas, char delimiter = ',');

// The bytes AppendCsvField appends for the text.
size_t CsvFieldSize(std::string_view text, bool escape_formulas, char delimiter = ',');

// Appends the text as one field: with escape_formulas, kFormulaGuard first
// when it LooksLikeFormula; then quoted (quotes doubled) when it needs it.
void AppendCsvField(std::string_view text, bool escape_formulas, std::string& out,
                    char delimiter = ',');

}  // namespace acctseg

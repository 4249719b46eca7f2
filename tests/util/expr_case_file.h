// Test helper: the expression case files of tests/expr/*.test, parsed.
// A file declares small typed tables (`columns:`, `row:`, `parents:`) and,
// after each, cases: an expression with its expected type and value per row,
// or the error it must give (at bind time or at evaluation time). The format
// is described for writers in tests/expr/README.md.
//
// ParseExprCaseFile throws acctseg::Error naming `file:line:` for a
// malformed file, so a mistake in a test file never passes silently.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "table/column.h"

namespace acctseg::testing {

// The input of a group of cases: named typed columns over a few rows, and
// optionally a corporate hierarchy (row i's parent row, -1 for none), which
// makes parent.x, global.x and FAMILY_* available.
// The date AS_OF stands for in every case.
inline constexpr const char* kCaseAsOf = "2026-11-30";

struct ExprCaseTable {
  std::vector<std::string> names;
  std::vector<std::shared_ptr<Column>> columns;
  size_t row_count = 0;
  bool has_family = false;
  std::vector<int32_t> parent_row;
  std::vector<int32_t> global_row;
};

struct ExprCase {
  enum class Outcome { kValues, kBindError, kEvalError };

  size_t line = 0;  // of the `expr:` line
  std::string expr;
  std::string type;  // expected result type as DataType::ToString() writes it; "" = unchecked
  Outcome outcome = Outcome::kValues;
  std::vector<std::string> values;  // kValues: one canonical value text per row
  std::string error;                // kBindError / kEvalError: a substring of the message
  size_t table = 0;                 // index into ExprCaseFile::tables
};

struct ExprCaseFile {
  std::string path;
  std::vector<ExprCaseTable> tables;
  std::vector<ExprCase> cases;
};

// Parses the text of a case file; `path` is used in messages only.
ExprCaseFile ParseExprCaseFile(const std::string& path, const std::string& text);

// Splits "a, 'b, c', ['x', 'y']" into its comma-separated values, keeping
// commas inside quotes and brackets; each value is trimmed. Empty text gives
// no values. Returns false on an unterminated quote or bracket.
bool SplitValues(const std::string& text, std::vector<std::string>* values);

// A string as a case file writes it: in single quotes, a quote doubled.
std::string QuoteText(std::string_view text);

}  // namespace acctseg::testing

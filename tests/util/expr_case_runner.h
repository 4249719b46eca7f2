// Test helper: runs one case of a parsed expression case file
// (util/expr_case_file.h): binds the expression against the case's table,
// evaluates it over every row and compares type, values or error with the
// expectation.
#pragma once

#include <string>

#include "util/expr_case_file.h"

namespace acctseg::testing {

// "" if the case holds, else a message starting with `file:line:` that
// shows the expression and the expected and actual outcome.
std::string RunExprCase(const ExprCaseFile& file, const ExprCase& c);

}  // namespace acctseg::testing

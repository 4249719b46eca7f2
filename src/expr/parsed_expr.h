// An expression as parsed: a tree of names, operators and literals, not yet
// checked against any column. `offset` is the byte offset of the node's
// first character in the expression text, for diagnostics.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace acctseg {

struct ParsedExpr {
  enum class Kind {
    kLiteral,   // literal_kind + text
    kColumn,    // [qualifier.]name
    kUnary,     // op: "-" or "NOT"; children[0]
    kBinary,    // op: + - * / % || = <> < <= > >= AND OR; children[0..1]
    kFunction,  // name (upper case), children = arguments
    kCase,      // children: [operand?] (when, then)* [else]; see case_* fields
    kIn,        // children[0] IN (children[1..]); negated
    kBetween,   // children[0] BETWEEN children[1] AND children[2]; negated
    kIsNull,    // children[0] IS [NOT] NULL; negated
    kLike,      // children[0] LIKE children[1]; negated
    kList,      // [a, b, ...]
  };
  // kDate, kTimestamp, kInterval: DATE '...', TIMESTAMP '...', INTERVAL
  // '...' with the quoted text in `text`; kAsOf: the run's AS_OF date.
  enum class LiteralKind {
    kNull,
    kBool,
    kInteger,
    kDecimal,
    kString,
    kDate,
    kTimestamp,
    kInterval,
    kAsOf
  };

  Kind kind;
  size_t offset = 0;
  std::string op;         // operator, or function name in upper case
  std::string name;       // column name
  std::string qualifier;  // "parent" or "global" for hierarchy access, else ""
  bool quoted = false;    // a column name written in double quotes
  LiteralKind literal_kind = LiteralKind::kNull;
  std::string text;  // literal text (string unescaped)
  bool negated = false;
  bool case_has_operand = false;  // CASE x WHEN ...
  bool case_has_else = false;
  std::vector<std::unique_ptr<ParsedExpr>> children;
};

// A parse failure: where in the text, and what was expected.
struct ExprSyntaxError {
  size_t offset;
  std::string message;
};

// Parses `text`. On failure returns nullptr and fills `error`.
std::unique_ptr<ParsedExpr> ParseExpression(const std::string& text, ExprSyntaxError* error);

}  // namespace acctseg

// Recursive-descent parser for the SQL-flavoured expression language.
// Precedence, loosest first: OR, AND, NOT, comparison/IN/BETWEEN/IS/LIKE,
// + - ||, * / %, unary minus, primary.
#include <cctype>
#include <stdexcept>

#include "expr/expr_lexer.h"
#include "expr/parsed_expr.h"

namespace acctseg {
namespace {

// Deeper trees are refused: binding, evaluating and freeing a tree recurse
// once per level, and 100k nested parentheses (or a 100k-term sum, a chain
// as deep as it is long) would overflow the stack.
constexpr size_t kMaxDepth = 1000;

struct SyntaxFailure {
  size_t offset;
  std::string message;
};

class ExprParser {
 public:
  explicit ExprParser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::unique_ptr<ParsedExpr> ParseAll() {
    auto e = ParseOr();
    if (Peek().kind != Token::Kind::kEnd)
      Fail("unexpected " + Describe(Peek()) + " (expected an operator or the end)");
    return e;
  }

 private:
  using Ptr = std::unique_ptr<ParsedExpr>;

  // One level deeper in the tree being built: a nested sub-expression, or
  // one more operator in a left-associative chain (each wraps the last).
  void Descend() {
    if (++depth_ > kMaxDepth)
      Fail("the expression is nested too deeply (at most " + std::to_string(kMaxDepth) +
           " levels of operators and parentheses)");
  }
  // Leaves `levels` levels entered with Descend.
  Ptr Ascend(size_t levels, Ptr e) {
    depth_ -= levels;
    return e;
  }

  const Token& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool IsKeyword(const char* k, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kKeyword && Peek(ahead).text == k;
  }
  bool IsSymbol(const char* s) const {
    return Peek().kind == Token::Kind::kSymbol && Peek().text == s;
  }
  bool AcceptKeyword(const char* k) {
    if (!IsKeyword(k)) return false;
    ++pos_;
    return true;
  }
  bool AcceptSymbol(const char* s) {
    if (!IsSymbol(s)) return false;
    ++pos_;
    return true;
  }
  // A token the lexer could not make says itself what is wrong there.
  [[noreturn]] void Fail(const std::string& message) {
    if (Peek().kind == Token::Kind::kError) throw SyntaxFailure{Peek().offset, Peek().text};
    throw SyntaxFailure{Peek().offset, message};
  }
  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Token::Kind::kEnd:
        return "end of expression";
      case Token::Kind::kString:
        return "string '" + t.text + "'";
      default:
        return "\"" + t.text + "\"";
    }
  }
  void ExpectKeyword(const char* k) {
    if (!AcceptKeyword(k)) Fail(std::string("expected ") + k + ", found " + Describe(Peek()));
  }
  void ExpectSymbol(const char* s) {
    if (!AcceptSymbol(s)) Fail(std::string("expected \"") + s + "\", found " + Describe(Peek()));
  }

  static Ptr Make(ParsedExpr::Kind kind, size_t offset) {
    auto e = std::make_unique<ParsedExpr>();
    e->kind = kind;
    e->offset = offset;
    return e;
  }
  static Ptr Binary(std::string op, Ptr left, Ptr right) {
    auto e = Make(ParsedExpr::Kind::kBinary, left->offset);
    e->op = std::move(op);
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(right));
    return e;
  }

  Ptr ParseOr() {
    Descend();
    size_t levels = 1;
    Ptr left = ParseAnd();
    while (AcceptKeyword("OR")) {
      Descend(), ++levels;
      left = Binary("OR", std::move(left), ParseAnd());
    }
    return Ascend(levels, std::move(left));
  }
  Ptr ParseAnd() {
    size_t levels = 0;
    Ptr left = ParseNot();
    while (AcceptKeyword("AND")) {
      Descend(), ++levels;
      left = Binary("AND", std::move(left), ParseNot());
    }
    return Ascend(levels, std::move(left));
  }
  Ptr ParseNot() {
    if (IsKeyword("NOT")) {
      Descend();
      size_t offset = Next().offset;
      auto e = Make(ParsedExpr::Kind::kUnary, offset);
      e->op = "NOT";
      e->children.push_back(ParseNot());
      return Ascend(1, std::move(e));
    }
    return ParsePredicate();
  }

  Ptr ParsePredicate() {
    Ptr left = ParseAdditive();
    static const char* kComparisons[] = {"=", "<>", "<", "<=", ">", ">="};
    for (const char* op : kComparisons) {
      if (AcceptSymbol(op)) return Binary(op, std::move(left), ParseAdditive());
    }
    bool negated = false;
    if (IsKeyword("NOT") &&
        (IsKeyword("IN", 1) || IsKeyword("BETWEEN", 1) || IsKeyword("LIKE", 1))) {
      ++pos_;
      negated = true;
    }
    if (AcceptKeyword("IN")) {
      auto e = Make(ParsedExpr::Kind::kIn, left->offset);
      e->negated = negated;
      e->children.push_back(std::move(left));
      ExpectSymbol("(");
      do {
        e->children.push_back(ParseAdditive());
      } while (AcceptSymbol(","));
      ExpectSymbol(")");
      return e;
    }
    if (AcceptKeyword("BETWEEN")) {
      auto e = Make(ParsedExpr::Kind::kBetween, left->offset);
      e->negated = negated;
      e->children.push_back(std::move(left));
      e->children.push_back(ParseAdditive());
      ExpectKeyword("AND");
      e->children.push_back(ParseAdditive());
      return e;
    }
    if (AcceptKeyword("LIKE")) {
      auto e = Make(ParsedExpr::Kind::kLike, left->offset);
      e->negated = negated;
      e->children.push_back(std::move(left));
      e->children.push_back(ParseAdditive());
      // ESCAPE is reserved, not supported: say so, not "unexpected".
      if (IsKeyword("ESCAPE")) Fail("LIKE takes no ESCAPE: '%' and '_' are always wildcards");
      return e;
    }
    if (negated) Fail("expected IN, BETWEEN or LIKE after NOT");
    if (AcceptKeyword("IS")) {
      auto e = Make(ParsedExpr::Kind::kIsNull, left->offset);
      e->negated = AcceptKeyword("NOT");
      ExpectKeyword("NULL");
      e->children.push_back(std::move(left));
      return e;
    }
    return left;
  }

  Ptr ParseAdditive() {
    size_t levels = 0;
    Ptr left = ParseMultiplicative();
    for (;;) {
      if (IsSymbol("+") || IsSymbol("-") || IsSymbol("||")) Descend(), ++levels;
      if (AcceptSymbol("+"))
        left = Binary("+", std::move(left), ParseMultiplicative());
      else if (AcceptSymbol("-"))
        left = Binary("-", std::move(left), ParseMultiplicative());
      else if (AcceptSymbol("||"))
        left = Binary("||", std::move(left), ParseMultiplicative());
      else
        return Ascend(levels, std::move(left));
    }
  }
  Ptr ParseMultiplicative() {
    size_t levels = 0;
    Ptr left = ParseUnary();
    for (;;) {
      if (IsSymbol("*") || IsSymbol("/") || IsSymbol("%")) Descend(), ++levels;
      if (AcceptSymbol("*"))
        left = Binary("*", std::move(left), ParseUnary());
      else if (AcceptSymbol("/"))
        left = Binary("/", std::move(left), ParseUnary());
      else if (AcceptSymbol("%"))
        left = Binary("%", std::move(left), ParseUnary());
      else
        return Ascend(levels, std::move(left));
    }
  }
  Ptr ParseUnary() {
    if (IsSymbol("-")) {
      size_t offset = Next().offset;
      // Fold a minus before a number into the literal, so -5 is a constant.
      if (Peek().kind == Token::Kind::kInteger || Peek().kind == Token::Kind::kDecimal) {
        Ptr literal = ParsePrimary();
        literal->text = "-" + literal->text;
        literal->offset = offset;
        return literal;
      }
      Descend();
      auto e = Make(ParsedExpr::Kind::kUnary, offset);
      e->op = "-";
      e->children.push_back(ParseUnary());
      return Ascend(1, std::move(e));
    }
    if (AcceptSymbol("+")) {
      Descend();
      return Ascend(1, ParseUnary());
    }
    return ParsePrimary();
  }

  Ptr Literal(ParsedExpr::LiteralKind kind, const Token& t) {
    auto e = Make(ParsedExpr::Kind::kLiteral, t.offset);
    e->literal_kind = kind;
    e->text = t.text;
    return e;
  }

  Ptr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case Token::Kind::kInteger:
        Next();
        return Literal(ParsedExpr::LiteralKind::kInteger, t);
      case Token::Kind::kDecimal:
        Next();
        return Literal(ParsedExpr::LiteralKind::kDecimal, t);
      case Token::Kind::kString:
        Next();
        return Literal(ParsedExpr::LiteralKind::kString, t);
      case Token::Kind::kKeyword:
        if (t.text == "NULL") {
          Next();
          return Literal(ParsedExpr::LiteralKind::kNull, t);
        }
        if (t.text == "TRUE" || t.text == "FALSE") {
          Next();
          return Literal(ParsedExpr::LiteralKind::kBool, t);
        }
        if (t.text == "CASE") return ParseCase();
        Fail("unexpected " + t.text + " (expected a value, a column or a function)");
      case Token::Kind::kIdentifier:
        return ParseName();
      case Token::Kind::kSymbol:
        if (t.text == "(") {
          Next();
          Ptr inner = ParseOr();
          ExpectSymbol(")");
          return inner;
        }
        if (t.text == "[") return ParseList();
        Fail("unexpected \"" + t.text + "\" (expected a value, a column or a function)");
      case Token::Kind::kEnd:
        Fail("unexpected end of expression (expected a value, a column or a function)");
      case Token::Kind::kError:
        throw SyntaxFailure{t.offset, t.text};
    }
    Fail("unexpected token");
  }

  Ptr ParseList() {
    auto e = Make(ParsedExpr::Kind::kList, Next().offset);
    if (!IsSymbol("]")) {
      do {
        e->children.push_back(ParseOr());
      } while (AcceptSymbol(","));
    }
    ExpectSymbol("]");
    return e;
  }

  // DATE '...', TIMESTAMP '...', INTERVAL '...' (a name, then a string, as
  // in SQL) and AS_OF; nullptr if `first` (not yet taken) is none of these.
  // A column may still be called date, or "AS_OF" in double quotes.
  Ptr ParseTypedLiteral(const Token& first) {
    if (first.quoted) return nullptr;
    std::string upper = first.text;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == "AS_OF" &&
        !(Peek(1).kind == Token::Kind::kSymbol && (Peek(1).text == "(" || Peek(1).text == "."))) {
      Next();
      return Literal(ParsedExpr::LiteralKind::kAsOf, first);
    }
    if (Peek(1).kind != Token::Kind::kString) return nullptr;
    ParsedExpr::LiteralKind kind;
    if (upper == "DATE")
      kind = ParsedExpr::LiteralKind::kDate;
    else if (upper == "TIMESTAMP")
      kind = ParsedExpr::LiteralKind::kTimestamp;
    else if (upper == "INTERVAL")
      kind = ParsedExpr::LiteralKind::kInterval;
    else
      return nullptr;
    Next();
    Ptr literal = Literal(kind, Next());
    literal->offset = first.offset;
    return literal;
  }

  Ptr ParseName() {
    if (Ptr literal = ParseTypedLiteral(Peek())) return literal;
    const Token& first = Next();
    if (AcceptSymbol("(")) {
      auto e = Make(ParsedExpr::Kind::kFunction, first.offset);
      e->op = first.text;
      for (auto& c : e->op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      RefuseSqlArguments(e->op);
      if (!IsSymbol(")")) {
        do {
          e->children.push_back(ParseOr());
        } while (AcceptSymbol(","));
      }
      ExpectSymbol(")");
      return e;
    }
    auto e = Make(ParsedExpr::Kind::kColumn, first.offset);
    if (AcceptSymbol(".")) {
      const Token& second = Next();
      if (second.kind != Token::Kind::kIdentifier)
        throw SyntaxFailure{second.offset, "expected a column name after \"" + first.text + ".\""};
      e->qualifier = first.text;
      e->name = second.text;
    } else {
      e->name = first.text;
      e->quoted = first.quoted;
    }
    return e;
  }

  // COUNT(*) and COUNT(DISTINCT x), written from SQL habit, read as a
  // misplaced "*" or a missing ")": say what to write instead.
  void RefuseSqlArguments(const std::string& function) {
    if (IsSymbol("*") && Peek(1).kind == Token::Kind::kSymbol && Peek(1).text == ")")
      Fail(function + "(*) is SQL: write " + function + "() to count the rows");
    const Token& word = Peek();
    if (word.kind != Token::Kind::kIdentifier || word.quoted) return;
    std::string upper = word.text;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const Token& after = Peek(1);
    const bool value_follows =
        after.kind == Token::Kind::kIdentifier || after.kind == Token::Kind::kString ||
        after.kind == Token::Kind::kInteger || after.kind == Token::Kind::kDecimal ||
        (after.kind == Token::Kind::kKeyword && after.text == "CASE") ||
        (after.kind == Token::Kind::kSymbol && after.text == "(");
    if (upper != "DISTINCT" || !value_follows) return;  // a column named distinct
    const bool one_name = after.kind == Token::Kind::kIdentifier &&
                          Peek(2).kind == Token::Kind::kSymbol && Peek(2).text == ")";
    const std::string x = one_name ? after.text : "x";
    Fail(function + "(DISTINCT ...) is SQL: write " +
         (function == "COUNT"
              ? "COUNT_DISTINCT(" + x + ")"
              : "COUNT_DISTINCT(" + x + ") to count distinct values or LIST_DISTINCT(" + x +
                    ") to list them"));
  }

  Ptr ParseCase() {
    auto e = Make(ParsedExpr::Kind::kCase, Next().offset);
    if (!IsKeyword("WHEN")) {
      e->case_has_operand = true;
      e->children.push_back(ParseOr());
    }
    if (!IsKeyword("WHEN")) Fail("expected WHEN, found " + Describe(Peek()));
    while (AcceptKeyword("WHEN")) {
      e->children.push_back(ParseOr());
      ExpectKeyword("THEN");
      e->children.push_back(ParseOr());
    }
    if (AcceptKeyword("ELSE")) {
      e->case_has_else = true;
      e->children.push_back(ParseOr());
    }
    ExpectKeyword("END");
    return e;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t depth_ = 0;  // levels entered with Descend and not yet left
};

}  // namespace

std::unique_ptr<ParsedExpr> ParseExpression(const std::string& text, ExprSyntaxError* error) {
  try {
    return ExprParser(Tokenize(text)).ParseAll();
  } catch (const SyntaxFailure& failure) {
    *error = ExprSyntaxError{failure.offset, failure.message};
    return nullptr;
  }
}

}  // namespace acctseg

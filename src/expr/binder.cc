#include "expr/binder.h"

#include <algorithm>

#include "common/did_you_mean.h"
#include "expr/functions.h"
#include "expr/parsed_expr.h"
#include "expr/temporal_rules.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {

bool Scope::HasQualifier(const std::string& qualifier) const {
  const std::string prefix = qualifier + ".";
  auto it = columns.lower_bound(prefix);
  return it != columns.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> Scope::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : columns) names.push_back(name);
  return names;
}

SourceLocation ExprBinder::Locate(const ExprText& text, size_t offset) {
  SourceLocation at = text.location;
  if (at.line == 0) return at;
  if (!text.written_at.empty()) {
    // A quoted scalar with escapes, on one line: each byte where it was written.
    at.column += text.written_at[std::min(offset, text.written_at.size() - 1)];
  } else if (text.single_line) {
    // Offsets map to columns exactly on one line or in a literal block.
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < text.text.size(); ++i) {
      if (text.text[i] == '\n') {
        ++at.line;
        line_start = i + 1;
      }
    }
    if (line_start == 0) {
      at.column += offset;
    } else {
      std::string line = at.file ? at.file->Line(at.line) : "";
      size_t indent = line.find_first_not_of(" \t");
      at.column = (indent == std::string::npos ? 0 : indent) + 1 + (offset - line_start);
    }
  }
  return at;
}

class ExprBinder::Impl {
 public:
  Impl(ExprBinder& owner, const ExprText& text, const Scope& scope)
      : owner_(owner), text_(text), scope_(scope) {}

  ExprPtr Bind(const ParsedExpr& e) {
    switch (e.kind) {
      case ParsedExpr::Kind::kLiteral:
        return BindLiteral(e);
      case ParsedExpr::Kind::kColumn:
        return BindColumn(e);
      case ParsedExpr::Kind::kUnary:
        return BindUnary(e);
      case ParsedExpr::Kind::kBinary:
        return BindBinary(e);
      case ParsedExpr::Kind::kFunction:
        return BindFunction(e);
      case ParsedExpr::Kind::kCase:
        return BindCase(e);
      case ParsedExpr::Kind::kIn:
        return BindIn(e);
      case ParsedExpr::Kind::kBetween:
        return BindBetween(e);
      case ParsedExpr::Kind::kIsNull: {
        ExprPtr operand = Bind(*e.children[0]);
        if (!operand) return nullptr;
        return MakeIsNull(owner_.NewId(), std::move(operand), e.negated);
      }
      case ParsedExpr::Kind::kLike: {
        ExprPtr value = Bind(*e.children[0]);
        ExprPtr pattern = Bind(*e.children[1]);
        if (!value || !pattern) return nullptr;
        if (!Expect(*e.children[0], *value, TypeId::kString, "LIKE") ||
            !Expect(*e.children[1], *pattern, TypeId::kString, "a LIKE pattern"))
          return nullptr;
        return MakeLike(owner_.NewId(), std::move(value), std::move(pattern), e.negated);
      }
      case ParsedExpr::Kind::kList:
        return BindListLiteral(e);
    }
    return nullptr;
  }

  bool failed() const { return failed_; }

 private:
  ExprPtr Error(size_t offset, const std::string& message) {
    owner_.diagnostics_->Add(Locate(text_, offset), message);
    failed_ = true;
    return nullptr;
  }

  // Reports a mistake a type check found; false if there was one.
  bool Check(const std::optional<TypeError>& mistake) {
    if (mistake) Error(mistake->offset, mistake->message);
    return !mistake;
  }
  bool Expect(const ParsedExpr& at, const BoundExpr& bound, TypeId wanted,
              const std::string& where) {
    return Check(ExpectType(bound.type(), at.offset, wanted, where));
  }
  bool ExpectNumber(const ParsedExpr& at, const BoundExpr& bound, const std::string& where) {
    return Check(acctseg::ExpectNumber(bound.type(), at.offset, where));
  }

  ExprPtr BindLiteral(const ParsedExpr& e) {
    LiteralValue value;
    value.is_null = false;
    DataType type;
    switch (e.literal_kind) {
      case ParsedExpr::LiteralKind::kNull:
        value.is_null = true;
        type = DataType::Null();
        break;
      case ParsedExpr::LiteralKind::kBool:
        type = DataType::Bool();
        value.number = e.text == "TRUE";
        break;
      case ParsedExpr::LiteralKind::kInteger: {
        auto parsed = ParseInt64(e.text);
        if (!parsed) return Error(e.offset, "integer " + e.text + " is out of range");
        type = DataType::Int64();
        value.number = *parsed;
        break;
      }
      case ParsedExpr::LiteralKind::kDecimal: {
        size_t dot = e.text.find('.');
        int scale = static_cast<int>(e.text.size() - dot - 1);
        if (scale > kMaxDecimalScale)
          return Error(e.offset, "decimal " + e.text + " has more than " +
                                     std::to_string(kMaxDecimalScale) + " digits after the point");
        auto parsed = ParseDecimal(e.text, scale);
        if (!parsed) return Error(e.offset, "decimal " + e.text + " is out of range");
        type = DataType::Decimal(scale);
        value.number = *parsed;
        break;
      }
      case ParsedExpr::LiteralKind::kString:
        type = DataType::String();
        value.text = e.text;
        break;
      case ParsedExpr::LiteralKind::kDate:
      case ParsedExpr::LiteralKind::kTimestamp:
      case ParsedExpr::LiteralKind::kInterval:
      case ParsedExpr::LiteralKind::kAsOf:
        return BindTemporalLiteral(e);
    }
    return MakeLiteral(type, owner_.NewId(), std::move(value));
  }

  ExprPtr BindTemporalLiteral(const ParsedExpr& e) {
    LiteralValue value;
    value.is_null = false;
    DataType type = DataType::Date();
    std::optional<int64_t> parsed;
    switch (e.literal_kind) {
      case ParsedExpr::LiteralKind::kAsOf:
        if (!owner_.as_of_) return Error(e.offset, "AS_OF has no date here");
        owner_.used_as_of_ = true;
        parsed = owner_.as_of_;
        value.read_name = "AS_OF";
        break;
      case ParsedExpr::LiteralKind::kDate:
        parsed = ParseDate(e.text);
        if (!parsed) return Error(e.offset, InvalidTemporalText(type, e.text));
        break;
      case ParsedExpr::LiteralKind::kTimestamp:
        type = DataType::Timestamp();
        parsed = ParseTimestamp(e.text, std::nullopt);
        if (!parsed) return Error(e.offset, InvalidTemporalText(type, e.text));
        break;
      default:  // an INTERVAL where no date or timestamp moves by it
        return Error(e.offset,
                     "an INTERVAL can only be added to or subtracted from a date or timestamp");
    }
    value.number = *parsed;
    return MakeLiteral(type, owner_.NewId(), std::move(value));
  }

  static bool IsInterval(const ParsedExpr& e) {
    return e.kind == ParsedExpr::Kind::kLiteral &&
           e.literal_kind == ParsedExpr::LiteralKind::kInterval;
  }

  // date ± INTERVAL '...', INTERVAL '...' + date.
  ExprPtr BindIntervalArithmetic(const ParsedExpr& e) {
    const bool interval_first = IsInterval(*e.children[0]);
    const ParsedExpr& interval = *e.children[interval_first ? 0 : 1];
    const ParsedExpr& operand = *e.children[interval_first ? 1 : 0];
    ExprPtr value = Bind(operand);
    if (!value) return nullptr;
    std::optional<TypeError> mistake;
    ExprPtr bound =
        acctseg::BindIntervalArithmetic(e.op[0], interval_first, interval.text, interval.offset,
                                        std::move(value), operand.offset, owner_.NewId(), &mistake);
    Check(mistake);
    return bound;
  }

  ExprPtr BindListLiteral(const ParsedExpr& e) {
    LiteralValue value;
    value.is_null = false;
    for (const auto& child : e.children) {
      if (child->kind != ParsedExpr::Kind::kLiteral ||
          child->literal_kind != ParsedExpr::LiteralKind::kString)
        return Error(child->offset, "a list literal holds string literals, like ['CORE', 'SEC']");
      value.list.push_back(child->text);
    }
    return MakeLiteral(DataType::List(), owner_.NewId(), std::move(value));
  }

  ExprPtr BindColumn(const ParsedExpr& e) {
    RowSource source = RowSource::kSelf;
    if (!e.qualifier.empty()) {
      // A scope may hold names with a qualifier of their own (routing's
      // touchpoint.type): they read the row itself, like any column.
      const std::string written = e.qualifier + "." + e.name;
      if (auto it = scope_.columns.find(written); it != scope_.columns.end())
        return MakeColumnRef(it->second.type, owner_.NewId(), written, it->second.slot, source);
      if (scope_.HasQualifier(e.qualifier))
        return Error(e.offset,
                     "unknown column \"" + written + "\"" + DidYouMean(written, scope_.Names()));
      if (e.qualifier == "parent")
        source = RowSource::kParent;
      else if (e.qualifier == "global")
        source = RowSource::kGlobal;
      else if (e.qualifier == "touchpoint")
        return Error(e.offset, written +
                                   ": touchpoint fields are read by routing rules only, and only "
                                   "those declared under routing: touchpoint:");
      else
        return Error(e.offset,
                     "unknown qualifier \"" + e.qualifier + "\" (expected parent or global)");
      if (!scope_.has_family)
        return Error(e.offset,
                     e.qualifier + "." + e.name + " needs a family step before this step");
    }
    auto it = scope_.columns.find(e.name);
    if (it == scope_.columns.end()) {
      size_t offset = e.offset + (e.qualifier.empty() ? 0 : e.qualifier.size() + 1);
      if (scope_.made_by_steps != nullptr)
        if (auto later = scope_.made_by_steps->find(e.name); later != scope_.made_by_steps->end())
          return Error(offset, "column \"" + e.name + "\" is made later (at " + later->second +
                                   "): a step reads only the columns made before it");
      if (std::optional<std::string> elsewhere = InTheOtherScope(e.name))
        return Error(offset, *elsewhere);
      std::string suggestion = DidYouMean(e.name, scope_.Names());
      // SQL Server, Python and spreadsheets write text in double quotes,
      // and a word left bare reads as a column here too.
      if (suggestion.empty() && e.qualifier.empty())
        suggestion = e.quoted ? "; text is written in single quotes ('" + e.name +
                                    "'): double quotes name a column"
                              : "; if it is text, write it in single quotes: '" + e.name + "'";
      return Error(offset, "unknown column \"" + e.name + "\"" + suggestion);
    }
    if (it->second.failed) {
      failed_ = true;  // the column's own error says what is wrong
      return nullptr;
    }
    return MakeColumnRef(it->second.type, owner_.NewId(), e.name, it->second.slot, source);
  }

  // Why `name`, unknown here, is a column of the scope on the other side of
  // an aggregate step: the one to say, as a "did you mean" over this
  // scope's names pointed the wrong way.
  std::optional<std::string> InTheOtherScope(const std::string& name) const {
    if (folded_call_ && folded_call_->accounts->columns.count(name))
      return "\"" + name + "\" is a column of the accounts, but " + folded_call_->function +
             "() reads its arguments on each row of " + folded_call_->from +
             ": use it outside the aggregate, as in " + folded_call_->function + "(...) / " + name;
    if (scope_.accounts_elsewhere && scope_.accounts_elsewhere->columns.count(name))
      return "\"" + name + "\" is a column of the accounts" + scope_.accounts_refused;
    if (scope_.aggregates && scope_.aggregates->rows->columns.count(name))
      return "\"" + name + "\" is a column of " + scope_.aggregates->from +
             ", which has many rows an account: fold it with an aggregate, such as SUM(" + name +
             "), MAX(" + name + ") or COUNT_DISTINCT(" + name + ")";
    return std::nullopt;
  }

  ExprPtr BindUnary(const ParsedExpr& e) {
    ExprPtr operand = Bind(*e.children[0]);
    if (!operand) return nullptr;
    if (e.op == "NOT") {
      if (!Expect(*e.children[0], *operand, TypeId::kBool, "NOT")) return nullptr;
      return MakeNot(owner_.NewId(), std::move(operand));
    }
    if (!ExpectNumber(*e.children[0], *operand, "unary minus")) return nullptr;
    DataType type = operand->type().id == TypeId::kNull ? DataType::Int64() : operand->type();
    return MakeNegate(type, owner_.NewId(), std::move(operand));
  }

  ExprPtr BindBinary(const ParsedExpr& e) {
    if ((e.op == "+" || e.op == "-") && (IsInterval(*e.children[0]) || IsInterval(*e.children[1])))
      return BindIntervalArithmetic(e);
    ExprPtr left = Bind(*e.children[0]);
    ExprPtr right = Bind(*e.children[1]);
    if (!left || !right) return nullptr;
    const std::string& op = e.op;
    if (op == "AND" || op == "OR") {
      if (!Expect(*e.children[0], *left, TypeId::kBool, op) ||
          !Expect(*e.children[1], *right, TypeId::kBool, op))
        return nullptr;
      return op == "AND" ? MakeAnd(owner_.NewId(), std::move(left), std::move(right))
                         : MakeOr(owner_.NewId(), std::move(left), std::move(right));
    }
    if (op == "||") {
      if (!Expect(*e.children[0], *left, TypeId::kString, "||") ||
          !Expect(*e.children[1], *right, TypeId::kString, "||"))
        return nullptr;
      return MakeConcat(owner_.NewId(), std::move(left), std::move(right));
    }
    if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=") {
      // Legal SQL, but NULL compares to nothing: the result is NULL on every
      // row, never what `x = NULL` was written to mean.
      for (const auto& side : e.children)
        if (side->kind == ParsedExpr::Kind::kLiteral &&
            side->literal_kind == ParsedExpr::LiteralKind::kNull)
          return Error(side->offset, "a comparison with NULL is NULL on every row: write x IS " +
                                         std::string(op == "<>" ? "NOT " : "") + "NULL");
      auto common = CommonType(left->type(), right->type());
      if (!common || common->id == TypeId::kList)
        return Error(e.children[1]->offset, "cannot compare " + left->type().ToString() + " with " +
                                                right->type().ToString());
      return MakeCompare(owner_.NewId(), op, std::move(left), std::move(right));
    }
    // Arithmetic.
    if (left->type().IsTemporal() || right->type().IsTemporal()) {
      std::optional<TypeError> mistake;
      ExprPtr bound = BindTemporalArithmetic(op[0], std::move(left), std::move(right),
                                             e.children[1]->offset, owner_.NewId(), &mistake);
      Check(mistake);
      return bound;
    }
    if (!ExpectNumber(*e.children[0], *left, "\"" + op + "\"") ||
        !ExpectNumber(*e.children[1], *right, "\"" + op + "\""))
      return nullptr;
    DataType a = left->type().id == TypeId::kNull ? DataType::Int64() : left->type();
    DataType b = right->type().id == TypeId::kNull ? DataType::Int64() : right->type();
    bool both_int = a.id == TypeId::kInt64 && b.id == TypeId::kInt64;
    DataType type;
    switch (op[0]) {
      case '+':
      case '-':
        type = *CommonType(a, b);
        break;
      case '*':
        type = both_int ? DataType::Int64()
                        : DataType::Decimal(std::min(a.Scale() + b.Scale(), kMaxDecimalScale));
        break;
      case '/':
        type = DataType::Decimal(std::min(std::max({6, a.Scale(), b.Scale()}), kMaxDecimalScale));
        break;
      case '%':
        if (!both_int) return Error(e.offset, "% needs integers");
        type = DataType::Int64();
        break;
    }
    return MakeArithmetic(type, owner_.NewId(), op[0], std::move(left), std::move(right));
  }

  // Binds every item and checks they share a type with `*common`.
  bool BindAllComparable(const std::vector<const ParsedExpr*>& items, DataType* common,
                         std::vector<ExprPtr>* out, const char* where) {
    for (const ParsedExpr* item : items) {
      ExprPtr bound = Bind(*item);
      if (!bound || !Check(MeetComparable(common, bound->type(), item->offset, where)))
        return false;
      out->push_back(std::move(bound));
    }
    return true;
  }

  ExprPtr BindIn(const ParsedExpr& e) {
    ExprPtr value = Bind(*e.children[0]);
    if (!value) return nullptr;
    DataType common = value->type();
    std::vector<const ParsedExpr*> items;
    for (size_t i = 1; i < e.children.size(); ++i) items.push_back(e.children[i].get());
    std::vector<ExprPtr> bound;
    if (!BindAllComparable(items, &common, &bound, "IN")) return nullptr;
    return MakeIn(owner_.NewId(), std::move(value), std::move(bound), e.negated);
  }

  ExprPtr BindBetween(const ParsedExpr& e) {
    // x BETWEEN a AND b  ==  x >= a AND x <= b (x bound twice).
    ExprPtr x1 = Bind(*e.children[0]), low = Bind(*e.children[1]);
    ExprPtr x2 = Bind(*e.children[0]), high = Bind(*e.children[2]);
    if (!x1 || !low || !x2 || !high) return nullptr;
    for (const auto* side : {&low, &high}) {
      auto common = CommonType(x1->type(), (*side)->type());
      if (!common || common->id == TypeId::kList)
        return Error(e.offset, "BETWEEN: cannot compare " + x1->type().ToString() + " with " +
                                   (*side)->type().ToString());
    }
    ExprPtr both =
        MakeAnd(owner_.NewId(), MakeCompare(owner_.NewId(), ">=", std::move(x1), std::move(low)),
                MakeCompare(owner_.NewId(), "<=", std::move(x2), std::move(high)));
    return e.negated ? MakeNot(owner_.NewId(), std::move(both)) : std::move(both);
  }

  ExprPtr BindCase(const ParsedExpr& e) {
    size_t first = e.case_has_operand ? 1 : 0;
    size_t end = e.children.size() - (e.case_has_else ? 1 : 0);
    std::vector<ExprPtr> conditions, results;
    DataType type = DataType::Null();
    for (size_t k = first; k + 1 < end + 1 && k < end; k += 2) {
      ExprPtr condition;
      if (e.case_has_operand) {
        ExprPtr operand = Bind(*e.children[0]);
        ExprPtr candidate = Bind(*e.children[k]);
        if (!operand || !candidate) return nullptr;
        auto common = CommonType(operand->type(), candidate->type());
        if (!common || common->id == TypeId::kList)
          return Error(e.children[k]->offset, "CASE: cannot compare " + operand->type().ToString() +
                                                  " with " + candidate->type().ToString());
        condition = MakeCompare(owner_.NewId(), "=", std::move(operand), std::move(candidate));
      } else {
        condition = Bind(*e.children[k]);
        if (!condition) return nullptr;
        if (!Expect(*e.children[k], *condition, TypeId::kBool, "WHEN")) return nullptr;
      }
      ExprPtr result = Bind(*e.children[k + 1]);
      if (!result) return nullptr;
      auto common = CommonType(type, result->type());
      if (!common)
        return Error(e.children[k + 1]->offset, "CASE branches must share a type: found " +
                                                    type.ToString() + " and " +
                                                    result->type().ToString());
      type = *common;
      conditions.push_back(std::move(condition));
      results.push_back(std::move(result));
    }
    ExprPtr otherwise;
    if (e.case_has_else) {
      otherwise = Bind(*e.children.back());
      if (!otherwise) return nullptr;
      auto common = CommonType(type, otherwise->type());
      if (!common)
        return Error(e.children.back()->offset, "CASE branches must share a type: found " +
                                                    type.ToString() + " and " +
                                                    otherwise->type().ToString());
      type = *common;
    }
    if (type.id == TypeId::kNull) type = DataType::String();
    return MakeCase(type, owner_.NewId(), std::move(conditions), std::move(results),
                    std::move(otherwise));
  }

  bool Arity(const ParsedExpr& e, size_t min, size_t max) {
    size_t n = e.children.size();
    if (n >= min && n <= max) return true;
    std::string expected =
        min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
    if (max == SIZE_MAX) expected = "at least " + std::to_string(min);
    // "1 argument", "at least 1 argument", "1 to 2 arguments".
    const bool one = min == 1 && (max == 1 || max == SIZE_MAX);
    Error(e.offset, e.op + " takes " + expected + " argument" + (one ? "" : "s") + ", found " +
                        std::to_string(n));
    return false;
  }

  // A call: the function's registration decides arity, argument and result
  // types and the node; family aggregates also need a family step before
  // and cannot nest.
  ExprPtr BindFunction(const ParsedExpr& e) {
    const FunctionRegistry& registry = FunctionRegistry::Default();
    const FunctionDef* def = registry.Find(e.op);
    if (!def && e.op == "AVG_IF") {
      // AVG over a CASE is AVG_IF exactly: NULLs skipped, AVG's rounding.
      std::vector<std::string> args = CallArgumentTexts(e.offset);
      if (args.size() != 2) args = {"x", "condition"};
      return Error(e.offset, "there is no AVG_IF: write AVG(CASE WHEN " + args[1] + " THEN " +
                                 args[0] +
                                 " END), which averages only the rows where the "
                                 "condition holds");
    }
    if (!def)
      return Error(e.offset, "unknown function " + e.op +
                                 DidYouMean(e.op, registry.names(), SuggestionStyle::kBare));
    if (def->kind == FunctionKind::kTableAggregate) return BindTableAggregate(e, *def);
    bool aggregate = def->kind == FunctionKind::kFamilyAggregate;
    if (aggregate && !scope_.has_family)
      return Error(e.offset, e.op + " needs a family step before this step");
    if (aggregate && in_family_aggregate_)
      return Error(e.offset, "family aggregates cannot be nested");
    if (!Arity(e, def->min_args, def->max_args)) return nullptr;
    Call call{def->name, e.offset, {}};
    std::vector<ExprPtr> args;
    bool outer = in_family_aggregate_;
    in_family_aggregate_ = outer || aggregate;
    for (size_t i = 0; i < e.children.size(); ++i) {
      const ParsedExpr& written = *e.children[i];
      DataType type = DataType::Null();
      if (i < def->bound_args) {
        ExprPtr bound = Bind(written);
        if (!bound) break;
        type = bound->type();
        args.push_back(std::move(bound));
      }
      call.args.push_back({type, &written, written.offset});
    }
    in_family_aggregate_ = outer;
    if (call.args.size() < e.children.size()) return nullptr;
    CallType typed = def->type_rule(call);
    if (!Check(typed.error)) return nullptr;
    return def->kernel(KernelInput{def->name, std::move(typed), std::move(args),
                                   [this] { return owner_.NewId(); }});
  }

  // COUNT_IF(...) and friends: the arguments are bound over the related
  // rows, the step collects the call, and the expression reads the account
  // column it will fill.
  ExprPtr BindTableAggregate(const ParsedExpr& e, const FunctionDef& def) {
    if (in_table_aggregate_) return Error(e.offset, "aggregates cannot be nested");
    if (!scope_.aggregates)
      return Error(e.offset, e.op + (scope_.aggregates_refused.empty()
                                         ? " folds the rows of a related input onto accounts: "
                                           "it belongs in an aggregate step's columns"
                                         : scope_.aggregates_refused));
    if (!Arity(e, def.min_args, def.max_args)) return nullptr;
    Impl rows(owner_, text_, *scope_.aggregates->rows);
    rows.in_table_aggregate_ = true;
    const FoldedCall folded{e.op, scope_.aggregates->from, &scope_};
    rows.folded_call_ = &folded;
    Call call{def.name, e.offset, {}};
    std::vector<ExprPtr> args;
    for (size_t i = 0; i < e.children.size(); ++i) {
      const ParsedExpr& written = *e.children[i];
      DataType type = DataType::Null();
      if (i < def.bound_args) {
        ExprPtr bound = rows.Bind(written);
        if (!bound) {
          failed_ = true;
          return nullptr;
        }
        type = bound->type();
        args.push_back(std::move(bound));
      }
      call.args.push_back({type, &written, written.offset});
    }
    CallType typed = def.type_rule(call);
    if (!Check(typed.error)) return nullptr;
    DataType type = typed.type;
    std::string text = CallText(e.offset);
    int slot = scope_.aggregates->collect({&def, std::move(typed), std::move(args), text});
    if (slot < 0) {
      failed_ = true;
      return nullptr;
    }
    return MakeColumnRef(type, owner_.NewId(), text, slot, RowSource::kSelf);
  }

  // The text of the call that starts at `offset`: up to its closing
  // parenthesis, skipping quoted strings.
  std::string CallText(size_t offset) const { return ScanCall(offset).call; }
  // Each argument's text of that call, trimmed.
  std::vector<std::string> CallArgumentTexts(size_t offset) const { return ScanCall(offset).args; }

  struct CallTexts {
    std::string call;
    std::vector<std::string> args;
  };
  CallTexts ScanCall(size_t offset) const {
    const std::string& text = text_.text;
    CallTexts texts;
    int depth = 0;
    char quote = 0;
    size_t arg_start = 0;
    auto end_argument = [&](size_t end) {
      std::string_view arg = std::string_view(text).substr(arg_start, end - arg_start);
      while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
      while (!arg.empty() && arg.back() == ' ') arg.remove_suffix(1);
      texts.args.emplace_back(arg);
      arg_start = end + 1;
    };
    for (size_t i = offset; i < text.size(); ++i) {
      char c = text[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        if (++depth == 1) arg_start = i + 1;
      } else if (c == ',' && depth == 1) {
        end_argument(i);
      } else if (c == ')' && --depth == 0) {
        end_argument(i);
        texts.call = text.substr(offset, i + 1 - offset);
        return texts;
      }
    }
    texts.call = text.substr(offset);
    return texts;
  }

  // Binding the arguments of an aggregate step's call: which, over which
  // related input, for which accounts.
  struct FoldedCall {
    std::string function, from;
    const Scope* accounts;
  };

  ExprBinder& owner_;
  const ExprText& text_;
  const Scope& scope_;
  const FoldedCall* folded_call_ = nullptr;
  bool failed_ = false;
  bool in_family_aggregate_ = false;
  bool in_table_aggregate_ = false;
};

void ExprReads::Add(const ExprReads& other) {
  slots.insert(other.slots.begin(), other.slots.end());
  through_family |= other.through_family;
  parent_slots.insert(other.parent_slots.begin(), other.parent_slots.end());
  global_slots.insert(other.global_slots.begin(), other.global_slots.end());
  own_slots.insert(other.own_slots.begin(), other.own_slots.end());
  family_aggregates.insert(family_aggregates.end(), other.family_aggregates.begin(),
                           other.family_aggregates.end());
}

namespace {

// `in_family_aggregate`: inside a family aggregate's argument, where a
// row's own column is each member's.
void NoteReads(const BoundExpr& expr, ExprReads& reads, bool in_family_aggregate = false) {
  if (const ColumnRead* read = expr.AsColumnRead()) {
    reads.slots.insert(read->slot);
    reads.through_family |= read->source != RowSource::kSelf;
    if (read->source == RowSource::kParent) reads.parent_slots.insert(read->slot);
    if (read->source == RowSource::kGlobal) reads.global_slots.insert(read->slot);
    if (read->source == RowSource::kSelf && !in_family_aggregate)
      reads.own_slots.insert(read->slot);
  }
  if (expr.FamilyArgument()) reads.family_aggregates.push_back(&expr);
  reads.through_family |= !expr.FamilyAggregateName().empty();
  in_family_aggregate |= !expr.FamilyAggregateName().empty();
  for (const auto& child : expr.children()) NoteReads(*child, reads, in_family_aggregate);
}

}  // namespace

ExprPtr ExprBinder::Bind(const ExprText& text, const Scope& scope) {
  ExprSyntaxError error;
  std::unique_ptr<ParsedExpr> parsed = ParseExpression(text.text, &error);
  if (!parsed) {
    diagnostics_->Add(Locate(text, error.offset), error.message);
    return nullptr;
  }
  Impl impl(*this, text, scope);
  ExprPtr bound = impl.Bind(*parsed);
  if (impl.failed()) return nullptr;
  NoteReads(*bound, reads_);
  return bound;
}

ExprPtr ExprBinder::BindCondition(const ExprText& text, const Scope& scope) {
  ExprPtr bound = Bind(text, scope);
  if (bound && bound->type().id != TypeId::kBool) {
    diagnostics_->Add(Locate(text, 0),
                      "expected a condition (true or false), found " + bound->type().ToString());
    return nullptr;
  }
  return bound;
}

ExprPtr ExprBinder::BindNumber(const ExprText& text, const Scope& scope) {
  ExprPtr bound = Bind(text, scope);
  if (bound && !bound->type().IsNumeric()) {
    diagnostics_->Add(Locate(text, 0),
                      "expected a number, found " + bound->type().ToString() +
                          (bound->type().id == TypeId::kNull
                               ? " (NULL alone has no number type; a term of NULL points adds "
                                 "nothing: leave it out, or write CASE WHEN ... THEN 5 END, "
                                 "which is NULL where no condition holds)"
                               : ""));
    return nullptr;
  }
  return bound;
}

}  // namespace acctseg

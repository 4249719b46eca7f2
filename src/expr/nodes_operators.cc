// Arithmetic, comparison, logic (three-valued, as in SQL), IN, LIKE, CASE.
#include <algorithm>
#include <functional>
#include <optional>

#include "common/error.h"
#include "expr/nodes.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// Row `i` of the batch overflowed in `what` ("'*'").
[[noreturn]] void Overflow(const std::string& what, size_t i) {
  throw RowError(i, "numeric overflow in " + what);
}
[[noreturn]] void Overflow(char op, size_t i) { Overflow(std::string("'") + op + "'", i); }

class Arithmetic final : public BoundExpr {
 public:
  Arithmetic(DataType type, int id, char op, ExprPtr left, ExprPtr right)
      : BoundExpr(type, id), op_(op) {
    AddChild(std::move(left));
    AddChild(std::move(right));
  }

  void Eval(const Batch& batch, Vector& out) const override {
    const Vector& a = EvalChild(*children_[0], batch);
    const Vector& b = EvalChild(*children_[1], batch);
    out.Reset(type_, batch.count);
    const int scale = type_.Scale();
    const int sa = a.type.Scale(), sb = b.type.Scale();
    for (size_t i = 0; i < batch.count; ++i) {
      if (a.null[i] | b.null[i]) {
        out.null[i] = 1;
        out.num[i] = 0;
        continue;
      }
      int64_t result = 0;
      switch (op_) {
        case '+':
          if (__builtin_add_overflow(NumberAt(a, i, scale), NumberAt(b, i, scale), &result))
            Overflow(op_, i);
          break;
        case '-':
          if (__builtin_sub_overflow(NumberAt(a, i, scale), NumberAt(b, i, scale), &result))
            Overflow(op_, i);
          break;
        case '*': {
          // Exact product at scale sa + sb, then to the result scale.
          __int128 product = static_cast<__int128>(a.num[i]) * b.num[i];
          int from = sa + sb;
          if (from > scale) {
            __int128 divisor = Pow10(from - scale);
            __int128 q = product / divisor, r = product % divisor;
            if (2 * (r < 0 ? -r : r) >= divisor) q += product < 0 ? -1 : 1;
            product = q;
          }
          if (product > INT64_MAX || product < INT64_MIN) Overflow(op_, i);
          result = static_cast<int64_t>(product);
          break;
        }
        case '/': {
          if (b.num[i] == 0) {  // SQL engines differ; NULL keeps a run going
            out.null[i] = 1;
            break;
          }
          // a/b at `scale`: a * 10^(scale + sb - sa) / b, rounded half away.
          int shift = scale + sb - sa;
          __int128 numerator = static_cast<__int128>(a.num[i]);
          if (shift >= 0) numerator *= Pow10(shift);
          __int128 denominator = b.num[i];
          if (shift < 0) denominator *= Pow10(-shift);
          __int128 q = numerator / denominator, r = numerator % denominator;
          __int128 abs_r = r < 0 ? -r : r, abs_d = denominator < 0 ? -denominator : denominator;
          if (2 * abs_r >= abs_d) q += ((numerator < 0) != (denominator < 0)) ? -1 : 1;
          if (q > INT64_MAX || q < INT64_MIN) Overflow(op_, i);
          result = static_cast<int64_t>(q);
          break;
        }
        case '%':
          if (b.num[i] == 0) {
            out.null[i] = 1;
            break;
          }
          if (b.num[i] == -1)
            result = 0;  // INT64_MIN % -1 would trap
          else
            result = a.num[i] % b.num[i];
          break;
      }
      out.num[i] = result;
    }
  }

 private:
  char op_;
};

class Negate final : public UnaryNode {
 public:
  Negate(DataType type, int id, ExprPtr operand) : UnaryNode(type, id, std::move(operand)) {}

 protected:
  void Apply(const Vector& a, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = a.null[i];
      if (a.num[i] == INT64_MIN) Overflow("negation", i);
      out.num[i] = -a.num[i];
    }
  }
};

class Concat final : public BinaryNode {
 public:
  Concat(int id, ExprPtr left, ExprPtr right)
      : BinaryNode(DataType::String(), id, std::move(left), std::move(right)) {}

 protected:
  void Apply(const Vector& a, const Vector& b, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      if (a.null[i] | b.null[i]) {
        out.null[i] = 1;
        out.str[i] = {};
        continue;
      }
      size_t size = a.str[i].size() + b.str[i].size();
      char* dest = batch.scratch.arena.Allocate(size);
      std::copy(a.str[i].begin(), a.str[i].end(), dest);
      std::copy(b.str[i].begin(), b.str[i].end(), dest + a.str[i].size());
      out.str[i] = {dest, size};
    }
  }
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

CompareOp ParseCompareOp(const std::string& op) {
  if (op == "=") return CompareOp::kEq;
  if (op == "<>") return CompareOp::kNe;
  if (op == "<") return CompareOp::kLt;
  if (op == "<=") return CompareOp::kLe;
  if (op == ">") return CompareOp::kGt;
  return CompareOp::kGe;
}

template <typename T>
bool Holds(CompareOp op, const T& a, const T& b) {
  switch (op) {
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
  }
  return false;
}

// Numbers compare exactly at any scales (§4.4): at one scale as they are;
// otherwise each side times 10^(larger scale - its scale) in 128 bits, which
// cannot overflow (|x| < 2^63, factor <= 10^9 < 2^30), so that a value too
// large for the other side's scale still compares instead of stopping the
// run. No per-row branch either way; the comparison is a template argument so
// that the loop holds no switch.
template <typename Holds>
void CompareNumbersWith(const Vector& a, const Vector& b, size_t n, Vector& out) {
  const Holds holds;
  const int sa = a.type.Scale(), sb = b.type.Scale();
  if (sa == sb) {
    for (size_t i = 0; i < n; ++i) {
      const uint8_t is_null = a.null[i] | b.null[i];
      out.null[i] = is_null;
      out.num[i] = !is_null & holds(a.num[i], b.num[i]);
    }
    return;
  }
  const int scale = std::max(sa, sb);
  const __int128 fa = Pow10(scale - sa), fb = Pow10(scale - sb);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t is_null = a.null[i] | b.null[i];
    out.null[i] = is_null;
    out.num[i] = !is_null & holds(fa * a.num[i], fb * b.num[i]);
  }
}

void CompareNumbers(CompareOp op, const Vector& a, const Vector& b, size_t n, Vector& out) {
  switch (op) {
    case CompareOp::kEq:
      return CompareNumbersWith<std::equal_to<>>(a, b, n, out);
    case CompareOp::kNe:
      return CompareNumbersWith<std::not_equal_to<>>(a, b, n, out);
    case CompareOp::kLt:
      return CompareNumbersWith<std::less<>>(a, b, n, out);
    case CompareOp::kLe:
      return CompareNumbersWith<std::less_equal<>>(a, b, n, out);
    case CompareOp::kGt:
      return CompareNumbersWith<std::greater<>>(a, b, n, out);
    case CompareOp::kGe:
      return CompareNumbersWith<std::greater_equal<>>(a, b, n, out);
  }
}

class Compare final : public BoundExpr {
 public:
  Compare(int id, CompareOp op, ExprPtr left, ExprPtr right)
      : BoundExpr(DataType::Bool(), id), op_(op) {
    strings_ = left->type().id == TypeId::kString || right->type().id == TypeId::kString;
    AddChild(std::move(left));
    AddChild(std::move(right));
  }
  void Eval(const Batch& batch, Vector& out) const override {
    const Vector& a = EvalChild(*children_[0], batch);
    const Vector& b = EvalChild(*children_[1], batch);
    out.Reset(type_, batch.count);
    if (!strings_) return CompareNumbers(op_, a, b, batch.count, out);
    if (op_ == CompareOp::kEq || op_ == CompareOp::kNe) {
      if (children_[1]->IsConstant() && CompareCodes(a, b, out)) return;
      if (children_[0]->IsConstant() && CompareCodes(b, a, out)) return;
    }
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = a.null[i] | b.null[i];
      // string_view compares bytes as unsigned char: byte-wise order. A NULL
      // row's view may be stale, so it is not read.
      out.num[i] = !out.null[i] && Holds(op_, a.str[i], b.str[i]);
    }
  }

 private:
  // column = constant or column <> constant on dictionary codes, when the
  // column side carries them: one dictionary probe per batch instead of a
  // byte comparison per row. False when it does not apply.
  bool CompareCodes(const Vector& column, const Vector& constant, Vector& out) const {
    if (column.dictionary == nullptr || out.size == 0 || constant.null[0]) return false;
    std::optional<uint32_t> code = column.dictionary->Find(constant.str[0]);
    const uint32_t wanted = code.value_or(UINT32_MAX);  // no row has an absent text
    const bool equal = op_ == CompareOp::kEq;
    for (size_t i = 0; i < out.size; ++i) {
      out.null[i] = column.null[i];
      out.num[i] = !column.null[i] && ((column.codes[i] == wanted) == equal);
    }
    return true;
  }

  CompareOp op_;
  bool strings_;
};

class Logic final : public BinaryNode {
 public:
  Logic(int id, bool is_and, ExprPtr left, ExprPtr right)
      : BinaryNode(DataType::Bool(), id, std::move(left), std::move(right)), and_(is_and) {}

 protected:
  void Apply(const Vector& a, const Vector& b, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      bool a_null = a.null[i], b_null = b.null[i];
      bool av = !a_null && a.num[i], bv = !b_null && b.num[i];
      if (and_) {
        // FALSE wins over NULL; NULL AND TRUE is NULL.
        bool a_false = !a_null && !a.num[i], b_false = !b_null && !b.num[i];
        out.num[i] = av && bv;
        out.null[i] = !(a_false || b_false) && (a_null || b_null);
      } else {
        out.num[i] = av || bv;
        out.null[i] = !(av || bv) && (a_null || b_null);
      }
    }
  }

 private:
  bool and_;
};

class Not final : public UnaryNode {
 public:
  Not(int id, ExprPtr operand) : UnaryNode(DataType::Bool(), id, std::move(operand)) {}

 protected:
  void Apply(const Vector& a, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = a.null[i];
      out.num[i] = !a.null[i] && !a.num[i];
    }
  }
};

class IsNull final : public UnaryNode {
 public:
  IsNull(int id, ExprPtr operand, bool negated)
      : UnaryNode(DataType::Bool(), id, std::move(operand)), negated_(negated) {}

 protected:
  void Apply(const Vector& a, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) out.num[i] = (a.null[i] != 0) != negated_;
  }

 private:
  bool negated_;
};

class In final : public BoundExpr {
 public:
  In(int id, ExprPtr value, std::vector<ExprPtr> items, bool negated)
      : BoundExpr(DataType::Bool(), id), negated_(negated) {
    strings_ = value->type().id == TypeId::kString;
    for (const auto& item : items) constant_items_ &= item->IsConstant();
    AddChild(std::move(value));
    for (auto& item : items) AddChild(std::move(item));
  }
  void Eval(const Batch& batch, Vector& out) const override {
    const Vector& v = EvalChild(*children_[0], batch);
    out.Reset(type_, batch.count);
    // SQL: TRUE if any item equals; else NULL if the value or any item is NULL.
    std::fill(out.num.begin(), out.num.begin() + batch.count, 0);
    for (size_t i = 0; i < batch.count; ++i) out.null[i] = v.null[i];
    if (strings_ && constant_items_ && v.dictionary != nullptr) {
      InCodes(v, batch, out);
    } else {
      InValues(v, batch, out);
    }
    if (negated_)
      for (size_t i = 0; i < batch.count; ++i) out.num[i] = !out.null[i] && !out.num[i];
  }

 private:
  // A column's codes against the codes of constant items, found once per
  // batch in the column's dictionary.
  void InCodes(const Vector& v, const Batch& batch, Vector& out) const {
    std::vector<uint32_t> wanted;
    bool any_null_item = false;
    for (size_t k = 1; k < children_.size(); ++k) {
      const Vector& item = EvalChild(*children_[k], batch);
      if (item.null[0]) {
        any_null_item = true;
      } else if (auto code = v.dictionary->Find(item.str[0])) {
        wanted.push_back(*code);
      }
    }
    for (size_t i = 0; i < batch.count; ++i) {
      if (v.null[i]) continue;
      bool found = std::find(wanted.begin(), wanted.end(), v.codes[i]) != wanted.end();
      out.num[i] = found;
      out.null[i] = !found && any_null_item;
    }
  }

  // Each item against the value, row by row; numbers of different scales
  // are equal exactly as in CompareNumbers, in 128 bits.
  void InValues(const Vector& v, const Batch& batch, Vector& out) const {
    for (size_t k = 1; k < children_.size(); ++k) {
      const Vector& item = EvalChild(*children_[k], batch);
      const int sv = v.type.Scale(), si = item.type.Scale(), scale = std::max(sv, si);
      if (strings_) {
        MatchItem(v, item, batch, out, [&](size_t i) { return v.str[i] == item.str[i]; });
      } else if (sv == si) {
        MatchItem(v, item, batch, out, [&](size_t i) { return v.num[i] == item.num[i]; });
      } else {
        const __int128 fv = Pow10(scale - sv), fi = Pow10(scale - si);
        MatchItem(v, item, batch, out, [&](size_t i) { return fv * v.num[i] == fi * item.num[i]; });
      }
    }
  }

  template <typename Equal>
  static void MatchItem(const Vector& v, const Vector& item, const Batch& batch, Vector& out,
                        const Equal& equal) {
    for (size_t i = 0; i < batch.count; ++i) {
      if (v.null[i] || out.num[i]) continue;
      if (item.null[i]) {
        out.null[i] = 1;
      } else if (equal(i)) {
        out.num[i] = 1;
        out.null[i] = 0;
      }
    }
  }

  bool negated_;
  bool constant_items_ = true;
  bool strings_;
};

// SQL LIKE: % matches any run of bytes, _ exactly one byte.
bool LikeMatch(std::string_view text, std::string_view pattern) {
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
    } else if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

class Like final : public BinaryNode {
 public:
  Like(int id, ExprPtr value, ExprPtr pattern, bool negated)
      : BinaryNode(DataType::Bool(), id, std::move(value), std::move(pattern)), negated_(negated) {}

 protected:
  void Apply(const Vector& v, const Vector& p, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i] | p.null[i];
      out.num[i] = !out.null[i] && (LikeMatch(v.str[i], p.str[i]) != negated_);
    }
  }

 private:
  bool negated_;
};

class Case final : public BoundExpr {
 public:
  Case(DataType type, int id, std::vector<ExprPtr> conditions, std::vector<ExprPtr> results,
       ExprPtr otherwise)
      : BoundExpr(type, id), branches_(conditions.size()) {
    for (size_t k = 0; k < conditions.size(); ++k) {
      AddChild(std::move(conditions[k]));
      AddChild(std::move(results[k]));
    }
    has_else_ = otherwise != nullptr;
    if (otherwise) AddChild(std::move(otherwise));
  }
  void Eval(const Batch& batch, Vector& out) const override {
    out.Reset(type_, batch.count);
    // Which rows a branch already decided. Local to this call: CASEs nest.
    std::vector<uint8_t> decided(batch.count, 0);
    std::fill(out.null.begin(), out.null.end(), 1);
    for (size_t k = 0; k <= branches_; ++k) {
      const Vector* result;
      if (k < branches_) {
        const Vector& cond = EvalChild(*children_[2 * k], batch);
        result = &EvalChild(*children_[2 * k + 1], batch);
        for (size_t i = 0; i < batch.count; ++i)
          if (!decided[i] && !cond.null[i] && cond.num[i]) Take(*result, i, out, decided);
      } else if (has_else_) {
        result = &EvalChild(*children_.back(), batch);
        for (size_t i = 0; i < batch.count; ++i)
          if (!decided[i]) Take(*result, i, out, decided);
      }
    }
  }

 private:
  void Take(const Vector& result, size_t i, Vector& out, std::vector<uint8_t>& decided) const {
    decided[i] = 1;
    out.null[i] = result.null[i];
    // A NULL row gives no value: the branch may be a bare NULL literal, whose
    // vector holds nothing of the CASE's type (all-NULL CASE is a string).
    switch (type_.id) {
      case TypeId::kString:
        out.str[i] = result.null[i] ? std::string_view() : result.str[i];
        break;
      case TypeId::kList:
        if (result.null[i])
          out.list[i].clear();
        else
          out.list[i] = result.list[i];
        break;
      default:
        out.num[i] = result.null[i] ? 0 : NumberAt(result, i, type_.Scale());
        break;
    }
  }
  size_t branches_;
  bool has_else_;
};

}  // namespace

ExprPtr MakeArithmetic(DataType type, int id, char op, ExprPtr left, ExprPtr right) {
  return std::make_unique<Arithmetic>(type, id, op, std::move(left), std::move(right));
}
ExprPtr MakeNegate(DataType type, int id, ExprPtr operand) {
  return std::make_unique<Negate>(type, id, std::move(operand));
}
ExprPtr MakeConcat(int id, ExprPtr left, ExprPtr right) {
  return std::make_unique<Concat>(id, std::move(left), std::move(right));
}
ExprPtr MakeCompare(int id, const std::string& op, ExprPtr left, ExprPtr right) {
  return std::make_unique<Compare>(id, ParseCompareOp(op), std::move(left), std::move(right));
}
ExprPtr MakeAnd(int id, ExprPtr left, ExprPtr right) {
  return std::make_unique<Logic>(id, true, std::move(left), std::move(right));
}
ExprPtr MakeOr(int id, ExprPtr left, ExprPtr right) {
  return std::make_unique<Logic>(id, false, std::move(left), std::move(right));
}
ExprPtr MakeNot(int id, ExprPtr operand) { return std::make_unique<Not>(id, std::move(operand)); }
ExprPtr MakeIsNull(int id, ExprPtr operand, bool negated) {
  return std::make_unique<IsNull>(id, std::move(operand), negated);
}
ExprPtr MakeIn(int id, ExprPtr value, std::vector<ExprPtr> items, bool negated) {
  return std::make_unique<In>(id, std::move(value), std::move(items), negated);
}
ExprPtr MakeLike(int id, ExprPtr value, ExprPtr pattern, bool negated) {
  return std::make_unique<Like>(id, std::move(value), std::move(pattern), negated);
}
ExprPtr MakeCase(DataType type, int id, std::vector<ExprPtr> conditions,
                 std::vector<ExprPtr> results, ExprPtr otherwise) {
  return std::make_unique<Case>(type, id, std::move(conditions), std::move(results),
                                std::move(otherwise));
}

}  // namespace acctseg

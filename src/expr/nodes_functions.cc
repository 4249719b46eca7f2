// Scalar functions: COALESCE, NULLIF, LEAST/GREATEST, TRIM/LOWER/UPPER, LENGTH,
// ROUND, CEIL/FLOOR, ABS.
#include <algorithm>

#include "common/error.h"
#include "expr/nodes.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

void CopyValue(const Vector& from, size_t i, Vector& out, DataType type) {
  out.null[i] = from.null[i];
  switch (type.id) {
    case TypeId::kString:
      out.str[i] = from.str[i];
      break;
    case TypeId::kList:
      out.list[i] = from.list[i];
      break;
    default:
      out.num[i] = from.null[i] ? 0 : NumberAt(from, i, type.Scale());
      break;
  }
}

class Coalesce final : public BoundExpr {
 public:
  Coalesce(DataType type, int id, std::vector<ExprPtr> args) : BoundExpr(type, id) {
    for (auto& a : args) AddChild(std::move(a));
  }
  void Eval(const Batch& batch, Vector& out) const override {
    out.Reset(type_, batch.count);
    std::fill(out.null.begin(), out.null.end(), 1);
    for (const auto& child : children_) {
      const Vector& v = EvalChild(*child, batch);
      for (size_t i = 0; i < batch.count; ++i)
        if (out.null[i] && !v.null[i]) CopyValue(v, i, out, type_);
    }
  }
};

// NULLIF(a, b): a, or NULL where a equals b (compared at the common type).
class NullIf final : public BoundExpr {
 public:
  NullIf(DataType type, int id, ExprPtr value, ExprPtr unwanted) : BoundExpr(type, id) {
    AddChild(std::move(value));
    AddChild(std::move(unwanted));
  }
  void Eval(const Batch& batch, Vector& out) const override {
    const Vector& value = EvalChild(*children_[0], batch);
    const Vector& unwanted = EvalChild(*children_[1], batch);
    out.Reset(type_, batch.count);
    for (size_t i = 0; i < batch.count; ++i) {
      CopyValue(value, i, out, type_);
      if (out.null[i] || unwanted.null[i]) continue;
      bool equal = type_.id == TypeId::kString
                       ? value.str[i] == unwanted.str[i]
                       : out.num[i] == NumberAt(unwanted, i, type_.Scale());
      out.null[i] = equal;
    }
  }
};

// NULL arguments are skipped, as in PostgreSQL and DuckDB.
class LeastGreatest final : public BoundExpr {
 public:
  LeastGreatest(DataType type, int id, bool greatest, std::vector<ExprPtr> args)
      : BoundExpr(type, id), greatest_(greatest) {
    for (auto& a : args) AddChild(std::move(a));
  }
  void Eval(const Batch& batch, Vector& out) const override {
    out.Reset(type_, batch.count);
    std::fill(out.null.begin(), out.null.end(), 1);
    if (type_.id == TypeId::kString)
      EvalStrings(batch, out);
    else
      EvalNumbers(batch, out);
  }

 private:
  void EvalStrings(const Batch& batch, Vector& out) const {
    for (const auto& child : children_) {
      const Vector& v = EvalChild(*child, batch);
      for (size_t i = 0; i < batch.count; ++i) {
        if (v.null[i]) continue;
        if (out.null[i] || (greatest_ ? v.str[i] > out.str[i] : v.str[i] < out.str[i]))
          CopyValue(v, i, out, type_);
      }
    }
  }

  // Arguments compare exactly at the node's scale in 128 bits (as comparisons
  // do, §4.4): only the winner must fit the result, so LEAST(<int64 max>, 1.5)
  // is 1.5 rather than an overflow.
  void EvalNumbers(const Batch& batch, Vector& out) const {
    const int scale = type_.Scale();
    std::vector<__int128> best(batch.count);
    for (const auto& child : children_) {
      const Vector& v = EvalChild(*child, batch);
      const __int128 factor = Pow10(scale - v.type.Scale());
      for (size_t i = 0; i < batch.count; ++i) {
        if (v.null[i]) continue;
        const __int128 x = factor * v.num[i];
        if (out.null[i] || (greatest_ ? x > best[i] : x < best[i])) {
          best[i] = x;
          out.null[i] = 0;
        }
      }
    }
    for (size_t i = 0; i < batch.count; ++i) {
      if (best[i] > INT64_MAX || best[i] < INT64_MIN)
        throw RowError(i, std::string("numeric overflow in ") + (greatest_ ? "GREATEST" : "LEAST"));
      out.num[i] = static_cast<int64_t>(best[i]);
    }
  }

  bool greatest_;
};

std::string_view TrimBlanks(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

class TextFn final : public UnaryNode {
 public:
  TextFn(DataType type, int id, TextFunction function, ExprPtr arg)
      : UnaryNode(type, id, std::move(arg)), function_(function) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      if (type_.id == TypeId::kList) {  // TRIM over a list trims each element
        out.list[i].clear();
        if (!v.null[i])
          for (auto s : v.list[i]) out.list[i].push_back(TrimBlanks(s));
        continue;
      }
      if (v.null[i]) {
        out.str[i] = {};
        continue;
      }
      std::string_view s = v.str[i];
      if (function_ == TextFunction::kTrim) {
        out.str[i] = TrimBlanks(s);
        continue;
      }
      // ASCII case mapping: bytes of multi-byte UTF-8 letters are kept.
      char* dest = batch.scratch.arena.Allocate(s.size());
      for (size_t k = 0; k < s.size(); ++k) {
        unsigned char c = static_cast<unsigned char>(s[k]);
        if (function_ == TextFunction::kLower && c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
        if (function_ == TextFunction::kUpper && c >= 'a' && c <= 'z') c = c - 'a' + 'A';
        dest[k] = static_cast<char>(c);
      }
      out.str[i] = {dest, s.size()};
    }
  }

 private:
  TextFunction function_;
};

class Length final : public UnaryNode {
 public:
  Length(int id, ExprPtr arg) : UnaryNode(DataType::Int64(), id, std::move(arg)) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      // Characters, not bytes: count UTF-8 lead bytes.
      int64_t n = 0;
      for (char c : v.str[i]) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      out.num[i] = v.null[i] ? 0 : n;
    }
  }
};

// ROUND to the node's scale, half away from zero (NumberAt rounds that way).
class Round final : public UnaryNode {
 public:
  Round(DataType type, int id, ExprPtr arg) : UnaryNode(type, id, std::move(arg)) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      out.num[i] = v.null[i] ? 0 : NumberAt(v, i, type_.Scale());
    }
  }
};

class CeilFloor final : public UnaryNode {
 public:
  CeilFloor(int id, RoundMode mode, ExprPtr arg)
      : UnaryNode(DataType::Int64(), id, std::move(arg)), mode_(mode) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    int64_t unit = Pow10(v.type.Scale());
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      int64_t q = v.num[i] / unit, r = v.num[i] % unit;
      if (mode_ == RoundMode::kCeil && r > 0) ++q;
      if (mode_ == RoundMode::kFloor && r < 0) --q;
      out.num[i] = v.null[i] ? 0 : q;
    }
  }

 private:
  RoundMode mode_;
};

class Abs final : public UnaryNode {
 public:
  Abs(DataType type, int id, ExprPtr arg) : UnaryNode(type, id, std::move(arg)) {}

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = v.null[i];
      if (v.num[i] == INT64_MIN) throw RowError(i, "numeric overflow in ABS");
      out.num[i] = v.num[i] < 0 ? -v.num[i] : v.num[i];
    }
  }
};

}  // namespace

ExprPtr MakeCoalesce(DataType type, int id, std::vector<ExprPtr> args) {
  return std::make_unique<Coalesce>(type, id, std::move(args));
}
ExprPtr MakeNullIf(DataType type, int id, ExprPtr value, ExprPtr unwanted) {
  return std::make_unique<NullIf>(type, id, std::move(value), std::move(unwanted));
}
ExprPtr MakeLeastGreatest(DataType type, int id, bool greatest, std::vector<ExprPtr> args) {
  return std::make_unique<LeastGreatest>(type, id, greatest, std::move(args));
}
ExprPtr MakeTextFunction(DataType type, int id, TextFunction function, ExprPtr arg) {
  return std::make_unique<TextFn>(type, id, function, std::move(arg));
}
ExprPtr MakeLength(int id, ExprPtr arg) { return std::make_unique<Length>(id, std::move(arg)); }
ExprPtr MakeRound(DataType type, int id, ExprPtr arg) {
  return std::make_unique<Round>(type, id, std::move(arg));
}
ExprPtr MakeCeilFloor(int id, RoundMode mode, ExprPtr arg) {
  return std::make_unique<CeilFloor>(id, mode, std::move(arg));
}
ExprPtr MakeAbs(DataType type, int id, ExprPtr arg) {
  return std::make_unique<Abs>(type, id, std::move(arg));
}

}  // namespace acctseg

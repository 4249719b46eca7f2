// Literals and column references: the leaves every expression reads.
#include <algorithm>

#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "expr/nodes.h"
#include "table/decimal.h"

namespace acctseg {

int64_t NumberAt(const Vector& v, size_t i, int scale) {
  int64_t value = v.num[i];
  int from = v.type.Scale();
  if (from == scale) return value;
  auto rescaled = Rescale(value, from, scale);
  if (!rescaled)
    throw RowError(i, "numeric overflow scaling " + FormatDecimal(value, from) + " to " +
                          Counted(static_cast<uint64_t>(scale), "decimal"));
  return *rescaled;
}

namespace {

class Literal final : public BoundExpr {
 public:
  Literal(DataType type, int id, LiteralValue value)
      : BoundExpr(type, id), value_(std::move(value)) {
    for (const auto& s : value_.list) list_views_.push_back(s);
  }
  bool IsConstant() const override { return true; }
  std::string ReadName() const override { return value_.read_name; }
  void Eval(const Batch& batch, Vector& out) const override {
    out.Reset(type_, batch.count);
    if (value_.is_null) {
      std::fill(out.null.begin(), out.null.end(), 1);
      return;
    }
    switch (type_.id) {
      case TypeId::kString:
        std::fill(out.str.begin(), out.str.begin() + batch.count, value_.text);
        break;
      case TypeId::kList:
        for (size_t i = 0; i < batch.count; ++i) out.list[i] = list_views_;
        break;
      default:
        std::fill(out.num.begin(), out.num.begin() + batch.count, value_.number);
        break;
    }
  }

 private:
  LiteralValue value_;
  std::vector<std::string_view> list_views_;
};

}  // namespace

void ReadColumnRows(const Column& column, size_t begin, size_t count, Vector& out) {
  if (column.type.id == TypeId::kString) {
    out.dictionary = column.dictionary.get();
    out.codes.resize(count);
    column.codes.CopyTo(begin, count, out.codes.data());
    for (size_t i = 0; i < count; ++i) out.str[i] = column.dictionary->Get(out.codes[i]);
  } else {
    column.ints.CopyTo(begin, count, out.num.data());
  }
  if (column.HasNulls()) column.nulls.CopyTo(begin, count, out.null.data());
}

void GatherColumnRows(const Column& column, const int32_t* rows, size_t count, Vector& out) {
  const bool is_string = column.type.id == TypeId::kString;
  if (is_string) {
    out.dictionary = column.dictionary.get();
    out.codes.resize(count);
  }
  for (size_t i = 0; i < count; ++i) {
    const int32_t row = rows[i];
    if (row < 0 || column.IsNull(row)) {
      out.SetNull(i);
    } else if (is_string) {
      out.codes[i] = column.codes[row];
      out.str[i] = column.dictionary->Get(out.codes[i]);
    } else {
      out.num[i] = column.ints[row];
    }
  }
}

namespace {

class ColumnRef final : public BoundExpr {
 public:
  ColumnRef(DataType type, int id, std::string name, int slot, RowSource source)
      : BoundExpr(type, id), read_{std::move(name), source, slot}, slot_(slot), source_(source) {}

  const ColumnRead* AsColumnRead() const override { return &read_; }

  std::shared_ptr<const Column> DirectColumn(const RunData& run) const override {
    const std::shared_ptr<const Column>& column = run.slots[slot_];
    if (source_ == RowSource::kSelf) return column;
    if (run.outer) return nullptr;  // two columns: Eval reads them
    const Hierarchy& h = *run.hierarchy;
    const std::vector<int32_t>& rows = source_ == RowSource::kParent ? h.parent_row : h.global_row;
    const size_t n = run.row_count;
    auto out = std::make_shared<Column>(Column::Make(column->type, n, true));
    out->dictionary = column->dictionary;
    const bool is_string = type_.id == TypeId::kString;
    uint32_t* codes = out->codes.Wide();  // empty unless a string
    ParallelRanges(n, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        int32_t row = rows[i];
        bool is_null = row < 0 || column->IsNull(row);
        out->nulls.Set(i, is_null);
        if (is_null) continue;
        if (is_string)
          codes[i] = column->codes[row];
        else
          out->ints.Set(i, column->ints[row]);
      }
    });
    if (!out->nulls.Any()) out->nulls.clear();
    out->Narrow(run.threads);
    return out;
  }

  void Eval(const Batch& batch, Vector& out) const override {
    out.Reset(type_, batch.count);
    if (source_ != RowSource::kSelf && batch.run.outer) return EvalOuter(batch, out);
    if (source_ == RowSource::kSelf)
      if (const Vector* fused = batch.scratch.FusedValues(slot_)) return CopyFused(*fused, out);
    const Column& column = *batch.run.slots[slot_];
    if (source_ == RowSource::kSelf) return ReadColumnRows(column, batch.begin, batch.count, out);
    const Hierarchy& h = *batch.run.hierarchy;
    const std::vector<int32_t>& rows = source_ == RowSource::kParent ? h.parent_row : h.global_row;
    GatherColumnRows(column, rows.data() + batch.begin, batch.count, out);
  }

  // The batch's values of a column a fused step made (EvalScratch::fused):
  // the same rows, already evaluated; views of text stay valid for the batch.
  static void CopyFused(const Vector& values, Vector& out) {
    std::copy_n(values.null.begin(), out.size, out.null.begin());
    if (out.type.id == TypeId::kString) {
      std::copy_n(values.str.begin(), out.size, out.str.begin());
      if (values.dictionary && values.codes.size() >= out.size) {
        out.dictionary = values.dictionary;
        out.codes.assign(values.codes.begin(), values.codes.begin() + out.size);
      }
    } else {
      std::copy_n(values.num.begin(), out.size, out.num.begin());
    }
  }

  // A parent. or global. read in a run of some rows of a larger one
  // (OuterFamilies): the family row is the larger run's, and its value this
  // run's own where the row is one of this run's, else the larger run's.
  // Two dictionaries: strings as text only.
  void EvalOuter(const Batch& batch, Vector& out) const {
    const OuterFamilies& outer = *batch.run.outer;
    const std::vector<int32_t>& rows = *outer.rows;
    const Hierarchy& h = *outer.run->hierarchy;
    const std::vector<int32_t>& family =
        source_ == RowSource::kParent ? h.parent_row : h.global_row;
    const bool is_string = type_.id == TypeId::kString;
    out.dictionary = nullptr;
    for (size_t i = 0; i < batch.count; ++i) {
      const int32_t row = family[rows[batch.begin + i]];
      const Column* column = outer.run->slots[slot_].get();
      size_t at = static_cast<size_t>(row);
      auto own = std::lower_bound(rows.begin(), rows.end(), row);
      if (row >= 0 && own != rows.end() && *own == row && batch.run.slots[slot_]) {
        column = batch.run.slots[slot_].get();
        at = static_cast<size_t>(own - rows.begin());
      }
      if (row < 0 || column->IsNull(at)) {
        out.null[i] = 1;
        if (is_string)
          out.str[i] = {};
        else
          out.num[i] = 0;
      } else if (is_string) {
        out.str[i] = column->StringAt(at);
      } else {
        out.num[i] = column->ints[at];
      }
    }
  }

 private:
  ColumnRead read_;
  int slot_;
  RowSource source_;
};

}  // namespace

ExprPtr MakeLiteral(DataType type, int id, LiteralValue value) {
  return std::make_unique<Literal>(type, id, std::move(value));
}

ExprPtr MakeColumnRef(DataType type, int id, std::string name, int slot, RowSource source) {
  return std::make_unique<ColumnRef>(type, id, std::move(name), slot, source);
}

}  // namespace acctseg

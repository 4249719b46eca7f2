// Family aggregates (FAMILY_MAX, FAMILY_MIN, FAMILY_SUM, FAMILY_COUNT,
// FAMILY_ANY). They need every member of a family before any member's value
// is known, so Prepare computes them for all families at once, before the
// step's batches: the argument is materialized over all rows, reduced per
// global account, and each row then reads its global account's result.
#include "common/error.h"
#include "expr/nodes.h"

namespace acctseg {
namespace {

class FamilyAggregateExpr final : public BoundExpr {
 public:
  FamilyAggregateExpr(DataType type, int id, FamilyAggregate kind, std::string name, ExprPtr arg,
                      std::vector<std::string> ranking)
      : BoundExpr(type, id), kind_(kind), name_(std::move(name)), ranking_(std::move(ranking)) {
    AddChild(std::move(arg));
    if (!ranking_.empty()) {
      auto dictionary = std::make_shared<Dictionary>();
      for (const auto& r : ranking_) dictionary->Intern(r);
      ranking_dictionary_ = dictionary;
    }
  }

  void Prepare(RunData& run) const override {
    BoundExpr::Prepare(run);
    if (!run.hierarchy) throw Error(ErrorKind::kInternal, "family aggregate without a family step");
    std::shared_ptr<const Column> values = Materialize(*children_[0], run);
    const size_t n = run.row_count;
    const auto& global = run.hierarchy->global_row;
    auto result = std::make_shared<Column>(Column::Make(type_, n, true));
    std::fill(result->nulls.begin(), result->nulls.end(), 1);
    const bool is_string = values->type.id == TypeId::kString;
    // Per global row: the best value so far, as an int (number, rank or code).
    std::vector<int64_t> best(n, 0);
    std::vector<uint8_t> has(n, 0);
    auto source = std::make_shared<std::vector<int32_t>>(n, -1);  // the member that supplied best
    std::vector<int64_t> rank_of_code;
    if (is_string && !ranking_.empty()) {
      rank_of_code.assign(values->dictionary->size(), -1);
      for (uint32_t c = 0; c < values->dictionary->size(); ++c) {
        auto found = ranking_dictionary_->Find(values->dictionary->Get(c));
        if (found) rank_of_code[c] = *found;
      }
    }
    for (size_t row = 0; row < n; ++row) {
      size_t g = static_cast<size_t>(global[row]);
      if (values->IsNull(row)) continue;
      int64_t v;
      if (is_string) {
        if (!ranking_.empty()) {
          v = rank_of_code[values->codes[row]];
          if (v < 0) continue;  // not ranked: left out of the comparison
        } else {
          v = values->codes[row];
        }
      } else {
        v = values->ints[row];
      }
      switch (kind_) {
        case FamilyAggregate::kMax:
        case FamilyAggregate::kMin: {
          bool better = !has[g];
          if (!better) {
            bool greater = is_string && ranking_.empty()
                               ? values->dictionary->Get(static_cast<uint32_t>(v)) >
                                     values->dictionary->Get(static_cast<uint32_t>(best[g]))
                               : v > best[g];
            bool less = is_string && ranking_.empty()
                            ? values->dictionary->Get(static_cast<uint32_t>(v)) <
                                  values->dictionary->Get(static_cast<uint32_t>(best[g]))
                            : v < best[g];
            better = kind_ == FamilyAggregate::kMax ? greater : less;
          }
          if (better) {
            best[g] = v;
            (*source)[g] = static_cast<int32_t>(row);
          }
          break;
        }
        case FamilyAggregate::kSum:
          if (__builtin_add_overflow(best[g], v, &best[g]))
            throw RowError(row, "numeric overflow in FAMILY_SUM");
          break;
        case FamilyAggregate::kCount:
          best[g] += v != 0;
          break;
        case FamilyAggregate::kAny:
          if (v != 0 && !best[g]) (*source)[g] = static_cast<int32_t>(row);
          best[g] |= v != 0;
          break;
      }
      has[g] = 1;
    }
    for (size_t g = 0; g < n; ++g) {
      bool counts = kind_ == FamilyAggregate::kCount || kind_ == FamilyAggregate::kAny;
      if (!has[g] && !counts) continue;
      result->nulls[g] = 0;
      if (type_.id == TypeId::kString)
        result->codes[g] = static_cast<uint32_t>(best[g]);
      else
        result->ints[g] = best[g];
    }
    if (type_.id == TypeId::kString)
      result->dictionary = ranking_.empty() ? values->dictionary : ranking_dictionary_;
    run.prepared[id_] = result;
    run.prepared_source[id_] = source;
  }

  std::string FamilyAggregateName() const override {
    const ColumnRead* read = children_[0]->AsColumnRead();
    return name_ + "(" + (read ? read->Written() : "...") + ")";
  }

  int32_t SupplyingMember(const RunData& run, size_t row) const override {
    const auto& source = run.prepared_source[id_];
    if (!source) return -1;
    return (*source)[static_cast<size_t>(run.hierarchy->global_row[row])];
  }

  void Eval(const Batch& batch, Vector& out) const override {
    const Column& result = *batch.run.prepared[id_];
    const auto& global = batch.run.hierarchy->global_row;
    out.Reset(type_, batch.count);
    for (size_t i = 0; i < batch.count; ++i) {
      size_t g = static_cast<size_t>(global[batch.begin + i]);
      out.null[i] = result.nulls[g];
      if (type_.id == TypeId::kString)
        out.str[i] = out.null[i] ? std::string_view() : result.StringAt(g);
      else
        out.num[i] = result.ints[g];
    }
  }

 private:
  FamilyAggregate kind_;
  std::string name_;  // as registered, for explanations
  std::vector<std::string> ranking_;
  std::shared_ptr<const Dictionary> ranking_dictionary_;
};

}  // namespace

ExprPtr MakeFamilyAggregate(DataType type, int id, FamilyAggregate kind, std::string name,
                            ExprPtr arg, std::vector<std::string> ranking) {
  return std::make_unique<FamilyAggregateExpr>(type, id, kind, std::move(name), std::move(arg),
                                               std::move(ranking));
}

}  // namespace acctseg

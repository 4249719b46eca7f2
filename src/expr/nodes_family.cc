// Family aggregates (FAMILY_MAX, FAMILY_MIN, FAMILY_SUM, FAMILY_COUNT,
// FAMILY_ANY). They need every member of a family before any member's value
// is known, so Prepare computes them for all families at once, before the
// step's batches: the argument is materialized over all rows, reduced per
// global account, and each row then reads its global account's result.
// FoldFamily re-reduces one family with the same rule (the live universe,
// after a member's value changed), so both agree on ties.
#include "common/error.h"
#include "common/wrapping_add.h"
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
    // A run inside a larger one: the caller prepared one value per row.
    if (run.outer) {
      if (!run.prepared[id_] || run.prepared[id_]->size() != run.row_count)
        throw Error(ErrorKind::kInternal, "family aggregate not prepared for a run of some rows");
      return;
    }
    BoundExpr::Prepare(run);
    if (!run.hierarchy) throw Error(ErrorKind::kInternal, "family aggregate without a family step");
    std::shared_ptr<const Column> values = Materialize(*children_[0], run);
    const size_t n = run.row_count;
    const auto& global = run.hierarchy->global_row;
    auto result = std::make_shared<Column>(Column::Make(type_, n, true));
    result->nulls.Fill(true);
    // Per global row: the best value so far, as an int (number, rank or code).
    std::vector<int64_t> best(n, 0);
    std::vector<uint8_t> has(n, 0);
    // FAMILY_SUM's: how many times 2^64 the exact sum is beyond `best`.
    std::vector<int32_t> wraps(kind_ == FamilyAggregate::kSum ? n : 0, 0);
    int32_t no_wraps = 0;
    auto source = std::make_shared<std::vector<int32_t>>(n, -1);  // the member that supplied best
    const std::vector<int64_t> rank_of_code = RankOfCode(*values);
    // A member's global row is anywhere in the table: its running result is
    // fetched some rows ahead, or each member would wait on two or three
    // cache misses in turn (perf at 10M: most of this loop's time).
    constexpr size_t kAhead = 16;
    for (size_t row = 0; row < n; ++row) {
      if (row + kAhead < n) {
        const size_t ahead = static_cast<size_t>(global[row + kAhead]);
        __builtin_prefetch(&best[ahead], 1);
        __builtin_prefetch(&has[ahead], 1);
        __builtin_prefetch(&(*source)[ahead], 1);
      }
      size_t g = static_cast<size_t>(global[row]);
      Fold(*values, row, rank_of_code, static_cast<int32_t>(row), best[g], has[g], (*source)[g],
           wraps.empty() ? no_wraps : wraps[g]);
    }
    for (size_t g = 0; g < n; ++g) {
      if (!wraps.empty() && wraps[g] != 0) throw RowError(g, "numeric overflow in FAMILY_SUM");
      Finish(best[g], has[g], *result, g);
    }
    result->Narrow(run.threads);
    if (type_.id == TypeId::kString)
      result->dictionary = ranking_.empty() ? values->dictionary : ranking_dictionary_;
    run.prepared[id_] = result;
    run.prepared_source[id_] = source;
  }

  int32_t FoldFamily(const Column& values, const std::vector<int32_t>& members,
                     Column& out) const override {
    int64_t best = 0;
    uint8_t has = 0;
    int32_t source = -1, wraps = 0;
    const std::vector<int64_t> rank_of_code = RankOfCode(values);
    for (size_t i = 0; i < members.size(); ++i)
      Fold(values, i, rank_of_code, members[i], best, has, source, wraps);
    if (wraps != 0) throw RowError(0, "numeric overflow in FAMILY_SUM");
    out = Column::Make(type_, 1, true);
    out.nulls.Set(0, true);
    Finish(best, has, out, 0);
    if (type_.id == TypeId::kString)
      out.dictionary = ranking_.empty() ? values.dictionary : ranking_dictionary_;
    return source;
  }

  const BoundExpr* FamilyArgument() const override { return children_[0].get(); }

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
    // Inside a larger run the prepared values are per row, else per global row.
    const std::vector<int32_t>* global =
        batch.run.outer ? nullptr : &batch.run.hierarchy->global_row;
    out.Reset(type_, batch.count);
    for (size_t i = 0; i < batch.count; ++i) {
      size_t g = global ? static_cast<size_t>((*global)[batch.begin + i]) : batch.begin + i;
      out.null[i] = result.nulls[g];
      if (type_.id == TypeId::kString)
        out.str[i] = out.null[i] ? std::string_view() : result.StringAt(g);
      else
        out.num[i] = result.ints[g];
    }
  }

 private:
  // For ranked strings: each code's rank in the ranking, -1 when not ranked.
  std::vector<int64_t> RankOfCode(const Column& values) const {
    std::vector<int64_t> rank_of_code;
    if (values.type.id != TypeId::kString || ranking_.empty()) return rank_of_code;
    rank_of_code.assign(values.dictionary->size(), -1);
    for (uint32_t c = 0; c < values.dictionary->size(); ++c) {
      auto found = ranking_dictionary_->Find(values.dictionary->Get(c));
      if (found) rank_of_code[c] = *found;
    }
    return rank_of_code;
  }

  // Folds row `row` of `values` (the value of member `member`) into a
  // family's running result. A MAX or MIN keeps the first member in row
  // order among equals; NULLs and unranked strings do not count. A SUM
  // counts its wraps past 64 bits in `wraps`: only the whole sum must fit,
  // whatever the members' order.
  void Fold(const Column& values, size_t row, const std::vector<int64_t>& rank_of_code,
            int32_t member, int64_t& best, uint8_t& has, int32_t& source, int32_t& wraps) const {
    if (values.IsNull(row)) return;
    const bool is_string = values.type.id == TypeId::kString;
    int64_t v;
    if (is_string) {
      if (!ranking_.empty()) {
        v = rank_of_code[values.codes[row]];
        if (v < 0) return;  // not ranked: left out of the comparison
      } else {
        v = values.codes[row];
      }
    } else {
      v = values.ints[row];
    }
    switch (kind_) {
      case FamilyAggregate::kMax:
      case FamilyAggregate::kMin: {
        bool better = !has;
        if (!better) {
          bool greater = is_string && ranking_.empty()
                             ? values.dictionary->Get(static_cast<uint32_t>(v)) >
                                   values.dictionary->Get(static_cast<uint32_t>(best))
                             : v > best;
          bool less = is_string && ranking_.empty()
                          ? values.dictionary->Get(static_cast<uint32_t>(v)) <
                                values.dictionary->Get(static_cast<uint32_t>(best))
                          : v < best;
          better = kind_ == FamilyAggregate::kMax ? greater : less;
        }
        if (better) {
          best = v;
          source = member;
        }
        break;
      }
      case FamilyAggregate::kSum:
        wraps += WrappingAdd(best, v);
        break;
      case FamilyAggregate::kCount:
        best += v != 0;
        break;
      case FamilyAggregate::kAny:
        if (v != 0 && !best) source = member;
        best |= v != 0;
        break;
    }
    has = 1;
  }

  // Row `at` of `result` takes a family's folded value (left NULL when no
  // member counted, except for COUNT and ANY, which are 0 then).
  void Finish(int64_t best, uint8_t has, Column& result, size_t at) const {
    bool counts = kind_ == FamilyAggregate::kCount || kind_ == FamilyAggregate::kAny;
    if (!has && !counts) return;
    result.nulls.Set(at, false);
    if (type_.id == TypeId::kString)
      result.codes.Set(at, static_cast<uint32_t>(best));
    else
      result.ints.Set(at, best);
  }

  FamilyAggregate kind_;
  std::string name_;  // as registered, for explanations
  std::vector<std::string> ranking_;
  std::shared_ptr<const Dictionary> ranking_dictionary_;
};

}  // namespace

int32_t BoundExpr::FoldFamily(const Column&, const std::vector<int32_t>&, Column&) const {
  throw Error(ErrorKind::kInternal, "FoldFamily on a node that is not a family aggregate");
}

ExprPtr MakeFamilyAggregate(DataType type, int id, FamilyAggregate kind, std::string name,
                            ExprPtr arg, std::vector<std::string> ranking) {
  return std::make_unique<FamilyAggregateExpr>(type, id, kind, std::move(name), std::move(arg),
                                               std::move(ranking));
}

}  // namespace acctseg

// The score step: additive points, each term with a reason, summed exactly
// and clamped. A term whose condition is NULL or false, or whose points are
// NULL, adds nothing. The result has `decimals` digits (default: the
// largest scale among the terms), rounded half away from zero.
#include <algorithm>

#include "common/error.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

struct CompiledTerm {
  ExprPtr when;
  ExprPtr points;
};

class Score final : public CompiledStep {
 public:
  Score(int slot, int scale, int work_scale, std::vector<CompiledTerm> terms, std::optional<int64_t> min,
        std::optional<int64_t> max)
      : slot_(slot), scale_(scale), work_scale_(work_scale), terms_(std::move(terms)), min_(min), max_(max) {}

  const char* kind() const override { return "score"; }

  void Run(RunState& state) const override {
    RunData& run = state.data;
    for (const auto& t : terms_) {
      if (t.when) t.when->Prepare(run);
      t.points->Prepare(run);
    }
    const size_t n = run.row_count;
    DataType type = scale_ == 0 ? DataType::Int64() : DataType::Decimal(scale_);
    auto out = std::make_shared<Column>(Column::Make(type, n, false));
    ForEachBatch(run, [&](size_t, const Batch& batch) {
      int64_t* total = out->ints.data() + batch.begin;
      std::fill(total, total + batch.count, 0);
      for (const CompiledTerm& term : terms_) {
        const Vector* cond = nullptr;
        if (term.when) {
          Vector& c = batch.scratch.vectors[term.when->id()];
          term.when->Eval(batch, c);
          cond = &c;
        }
        Vector& p = batch.scratch.vectors[term.points->id()];
        term.points->Eval(batch, p);
        for (size_t i = 0; i < batch.count; ++i) {
          if (cond && (cond->null[i] || !cond->num[i])) continue;
          if (p.null[i]) continue;
          if (__builtin_add_overflow(total[i], NumberAt(p, i, work_scale_), &total[i]))
            throw Error(ErrorKind::kInput, "numeric overflow in score");
        }
      }
      for (size_t i = 0; i < batch.count; ++i) {
        int64_t v = total[i];
        if (min_ && v < *min_) v = *min_;
        if (max_ && v > *max_) v = *max_;
        auto rounded = Rescale(v, work_scale_, scale_);
        total[i] = *rounded;
      }
    });
    run.slots[slot_] = out;
  }

 private:
  int slot_;
  int scale_;       // of the output
  int work_scale_;  // of the exact sum
  std::vector<CompiledTerm> terms_;
  std::optional<int64_t> min_, max_;  // at work_scale_
};

}  // namespace

std::unique_ptr<CompiledStep> BindScore(const ScoreStep& step, BindContext& ctx) {
  bool ok = true;
  std::vector<CompiledTerm> terms;
  int work_scale = 0;
  for (const ScoreTerm& t : step.terms) {
    CompiledTerm term;
    if (t.when) {
      term.when = ctx.exprs.BindCondition(*t.when, ctx.scope);
      ok &= term.when != nullptr;
    }
    term.points = ctx.exprs.BindNumber(t.points, ctx.scope);
    if (term.points) work_scale = std::max(work_scale, term.points->type().Scale());
    ok &= term.points != nullptr;
    terms.push_back(std::move(term));
  }
  Scope constants;  // bounds are constants: they read no column
  ExprPtr min = step.min ? ctx.exprs.BindNumber(*step.min, constants) : nullptr;
  ExprPtr max = step.max ? ctx.exprs.BindNumber(*step.max, constants) : nullptr;
  ok &= (!step.min || min) && (!step.max || max);
  if (min) work_scale = std::max(work_scale, min->type().Scale());
  if (max) work_scale = std::max(work_scale, max->type().Scale());
  int scale = step.decimals.value_or(work_scale);
  work_scale = std::max(work_scale, scale);
  DataType type = scale == 0 ? DataType::Int64() : DataType::Decimal(scale);
  int slot = ctx.AddColumn(step.output, type);
  if (!ok) return nullptr;
  std::optional<int64_t> min_value, max_value;
  if (min) min_value = EvalConstantNumber(*min, work_scale, ctx.exprs.node_count());
  if (max) max_value = EvalConstantNumber(*max, work_scale, ctx.exprs.node_count());
  return std::make_unique<Score>(slot, scale, work_scale, std::move(terms), min_value, max_value);
}

}  // namespace acctseg

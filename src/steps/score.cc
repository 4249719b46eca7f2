// The score step: additive points, each term with a reason, summed exactly
// and clamped. A term whose condition is NULL or false, or whose points are
// NULL, adds nothing. The result has `decimals` digits (default: the
// largest scale among the terms), rounded half away from zero.
#include <fmt/format.h>

#include <algorithm>

#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "common/wrapping_add.h"
#include "steps/explain_util.h"
#include "steps/fused_step.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

struct CompiledTerm {
  ExprPtr when;
  ExprPtr points;
  std::string when_text, points_text, reason;
  SourceLocation location;
};

class Score final : public CompiledStep {
 public:
  Score(int slot, std::string output, int scale, int work_scale, std::vector<CompiledTerm> terms,
        std::optional<int64_t> min, std::optional<int64_t> max)
      : slot_(slot),
        output_(std::move(output)),
        scale_(scale),
        work_scale_(work_scale),
        terms_(std::move(terms)),
        min_(min),
        max_(max) {}

  std::vector<std::string> outputs() const override { return {output_}; }

  // Each term's points with its reason, the sum, the clamp and the rounding.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                 size_t row) const override {
    const Column& out = *state.data.slots[slot_];
    nlohmann::ordered_json terms = nlohmann::ordered_json::array();
    int64_t sum = 0;
    int wraps = 0;  // the exact sum is sum + wraps x 2^64, as ScoreBatch adds
    std::string parts;
    for (size_t t = 0; t < terms_.size(); ++t) {
      const CompiledTerm& term = terms_[t];
      bool applies = !term.when || EvaluateAt(*term.when, state, row).is_true;
      int64_t points = 0;
      nlohmann::ordered_json reads = term.when
                                         ? ReadsAt(*term.when, state, row, state.family_id_slot)
                                         : nlohmann::ordered_json::object();
      if (applies) {
        if (!trace.term_points.empty()) {
          points = trace.term_points[t][row];
        } else {
          ScratchLease lease(state.data.node_count);
          Batch batch{state.data, row, 1, lease.scratch()};
          Vector v;
          term.points->Eval(batch, v);
          points = v.null[0] ? 0 : TermPoints(v, 0, t);
        }
        reads.update(ReadsAt(*term.points, state, row, state.family_id_slot));
      }
      wraps += WrappingAdd(sum, points);
      std::string points_text = FormatDecimal(points, work_scale_);
      terms.push_back({{"term", t + 1},
                       {"at", term.location.ToString()},
                       {"reason", term.reason},
                       {"when", term.when ? nlohmann::ordered_json(term.when_text)
                                          : nlohmann::ordered_json(nullptr)},
                       {"points_expr", term.points_text},
                       {"applies", applies},
                       {"points", std::stod(points_text)},
                       {"reads", reads}});
      if (applies && points != 0)
        parts += (parts.empty() ? "" : ", ") + std::string(points > 0 ? "+" : "") + points_text +
                 TermLabel(term);
    }
    int64_t clamped = sum;
    if (wraps != 0) clamped = (wraps > 0 ? max_ : min_).value_or(sum);  // the run stopped else
    if (min_ && clamped < *min_) clamped = *min_;
    if (max_ && clamped > *max_) clamped = *max_;
    const std::string sum_text =
        wraps == 0 ? FormatDecimal(sum, work_scale_)
                   : std::string(wraps > 0 ? "above " : "below ") +
                         FormatDecimal(wraps > 0 ? INT64_MAX : INT64_MIN, work_scale_);
    std::string summary =
        output_ + " = " + ValueText(out, row) + ": " + (parts.empty() ? "no points" : parts);
    if (clamped != sum || wraps != 0)
      summary += "; sum " + sum_text + " clamped to " + FormatDecimal(clamped, work_scale_);
    // The output's decimals can drop digits the sum had: said, or "+0.05"
    // would seem to give 0.1.
    if (scale_ < work_scale_) {
      const std::optional<int64_t> rounded = Rescale(clamped, work_scale_, scale_);
      if (rounded && Rescale(*rounded, scale_, work_scale_) != clamped)
        summary += std::string(clamped != sum || wraps != 0 ? ", " : "; sum " + sum_text + " ") +
                   "rounded to " + Counted(static_cast<uint64_t>(scale_), "decimal");
    }
    nlohmann::ordered_json result = {
        {"kind", "score"},
        {"label", label},
        {"outputs", {{output_, ValueJson(out, row)}}},
        {"terms", terms},
        {"sum", std::stod(FormatDecimal(sum, work_scale_)) +
                    static_cast<double>(wraps) * 0x1p64 / static_cast<double>(Pow10(work_scale_))},
        {"clamped", clamped != sum || wraps != 0},
        {"summary", summary}};
    if (min_) result["min"] = std::stod(FormatDecimal(*min_, work_scale_));
    if (max_) result["max"] = std::stod(FormatDecimal(*max_, work_scale_));
    return result;
  }

  // What a term's points are for: its reason; without one, what decided
  // it (" 0.06 * LEAST(active_users, 500) when web_visits_90d >= 50"), and
  // nothing where the points are a constant that applies always (not
  // "+1 1").
  static std::string TermLabel(const CompiledTerm& term) {
    if (!term.reason.empty()) return " " + term.reason;
    std::string label;
    if (!term.points->IsConstant()) label = " " + term.points_text;
    if (term.when) label += " when " + term.when_text;
    return label;
  }

  const char* kind() const override { return "score"; }
  OtherReads other_reads() const override { return OtherReads::kNothing; }

  void Run(RunState& state, StepTrace& trace) const override {
    RunData& run = state.data;
    Prepare(state, trace);
    auto out = std::make_shared<Column>(Column::Make(OutputType(), run.row_count, false));
    int64_t* wide = out->ints.Wide();
    ForEachBatch(run, [&](size_t, const Batch& batch) {
      ScoreBatch(batch, trace, state.full_trace, wide + batch.begin);
    });
    out->Narrow(run.threads);
    run.slots[slot_] = out;
  }

  bool can_fuse() const override { return true; }
  std::unique_ptr<FusedStep> Fuse(RunState& state, StepTrace& trace,
                                  const FuseContext& context) const override;

 private:
  friend class FusedScore;

  DataType OutputType() const {
    return scale_ == 0 ? DataType::Int64() : DataType::Decimal(scale_);
  }

  // Term `term`'s points of row i of `p`, at the sum's scale. A value
  // beyond 64 bits there is no sum beyond them (which a bound clamps) but
  // a term the score cannot hold: said as such, not as an overflow of the
  // arithmetic.
  int64_t TermPoints(const Vector& p, size_t i, size_t term) const {
    const int from = p.type.Scale();
    if (from == work_scale_) return p.num[i];
    if (std::optional<int64_t> scaled = Rescale(p.num[i], from, work_scale_)) return *scaled;
    throw RowError(i, fmt::format("term {}'s points {} do not fit in 64 bits at the score's "
                                  "{} (the most among its points, min and max): give "
                                  "the term fewer digits, e.g. LEAST({}, ...) or a larger unit",
                                  term + 1, FormatDecimal(p.num[i], from),
                                  Counted(static_cast<uint64_t>(work_scale_), "decimal"),
                                  terms_[term].points_text));
  }

  // Before the batches: the terms prepared; with full tracing, the per-term
  // points allocated.
  void Prepare(RunState& state, StepTrace& trace) const {
    for (const auto& t : terms_) {
      if (t.when) t.when->Prepare(state.data);
      t.points->Prepare(state.data);
    }
    if (state.full_trace)
      trace.term_points.assign(terms_.size(), std::vector<int64_t>(state.data.row_count, 0));
  }

  // The batch's scores into total[0, batch.count), at the output's scale.
  // `keep_points`: with full tracing, each term's points into the trace.
  void ScoreBatch(const Batch& batch, StepTrace& trace, bool keep_points, int64_t* total) const {
    std::fill(total, total + batch.count, 0);
    // The exact sum is total + wraps x 2^64: a partial sum beyond 64 bits
    // is no error, whatever the terms' order, and a whole one beyond them is
    // clamped like any other when there are bounds (docs/policy-language.md
    // §3.4: the exact sum is clamped).
    int32_t wraps[kBatchRows];
    bool wrapped = false;
    for (size_t t = 0; t < terms_.size(); ++t) {
      const CompiledTerm& term = terms_[t];
      int64_t* kept = keep_points ? trace.term_points[t].data() + batch.begin : nullptr;
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
        int64_t points = TermPoints(p, i, t);
        if (kept) kept[i] = points;
        if (const int wrap = WrappingAdd(total[i], points)) [[unlikely]] {
          if (!wrapped) std::fill(wraps, wraps + batch.count, 0);
          wrapped = true;
          wraps[i] += wrap;
        }
      }
    }
    for (size_t i = 0; i < batch.count; ++i) {
      int64_t v = total[i];
      if (wrapped && wraps[i] != 0) {
        // Beyond 64 bits: only a bound on that side brings it back.
        const std::optional<int64_t>& bound = wraps[i] > 0 ? max_ : min_;
        if (!bound) throw RowError(i, "numeric overflow adding up the score");
        v = *bound;
      }
      if (min_ && v < *min_) v = *min_;
      if (max_ && v > *max_) v = *max_;
      auto rounded = Rescale(v, work_scale_, scale_);
      total[i] = *rounded;
    }
  }

  int slot_;
  std::string output_;
  int scale_;       // of the output
  int work_scale_;  // of the exact sum
  std::vector<CompiledTerm> terms_;
  std::optional<int64_t> min_, max_;  // at work_scale_
};

// A score step in a fused group: each batch's scores in a vector of the
// worker's, published to the group's later steps.
class FusedScore final : public FusedStep {
 public:
  FusedScore(const Score& step, RunState& state, StepTrace& trace, const FuseContext& context)
      : step_(step),
        trace_(trace),
        full_trace_(state.full_trace),
        output_(step.slot_, step.OutputType(), state, context),
        out_(context.workers) {
    step.Prepare(state, trace);
  }
  void RunBatch(size_t worker, const Batch& batch) override {
    Vector& out = out_[worker];
    out.Reset(step_.OutputType(), batch.count);
    step_.ScoreBatch(batch, trace_, full_trace_, out.num.data());
    output_.Publish(worker, batch, out);
  }
  void Finish(RunState& state) override { output_.Finish(state); }

 private:
  const Score& step_;
  StepTrace& trace_;
  bool full_trace_;
  FusedOutput output_;
  std::vector<Vector> out_;  // by worker
};

std::unique_ptr<FusedStep> Score::Fuse(RunState& state, StepTrace& trace,
                                       const FuseContext& context) const {
  return std::make_unique<FusedScore>(*this, state, trace, context);
}

}  // namespace

std::unique_ptr<CompiledStep> BindScore(const ScoreStep& step, BindContext& ctx) {
  bool ok = true;
  std::vector<CompiledTerm> terms;
  int work_scale = 0;
  for (const ScoreTerm& t : step.terms) {
    CompiledTerm term;
    term.reason = t.reason;
    term.points_text = t.points.text;
    term.location = t.location;
    if (t.when) term.when_text = t.when->text;
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
  if (min_value && max_value && *min_value > *max_value) {
    // Every score would be clamped to max: surely the two swapped.
    ctx.diagnostics.Add(step.min->location, "min " + step.min->text + " is above max " +
                                                step.max->text + ": a score clamps to min..max");
    return nullptr;
  }
  // A bound with more decimals than the score: rounded after the clamp, a
  // score could leave min..max (max 0.6 with decimals: 0 gave 1).
  for (const auto& [bound, value] : {std::pair{&step.min, min_value}, {&step.max, max_value}}) {
    if (!value ||
        Rescale(*value, work_scale, scale).value_or(0) * Pow10(work_scale - scale) == *value)
      continue;
    ctx.diagnostics.Add((*bound)->location,
                        (bound == &step.min ? "min " : "max ") + (*bound)->text + " has more " +
                            "decimals than the score's " + std::to_string(scale) +
                            " (decimals:): rounded, a score could fall outside min..max");
    return nullptr;
  }
  return std::make_unique<Score>(slot, step.output.name, scale, work_scale, std::move(terms),
                                 min_value, max_value);
}

}  // namespace acctseg

// The classify step: ordered rules, the first whose condition holds decides
// the output (a label, or the value of an expression) and may add an issue
// code. A row no rule matches gets NULL.
#include "common/parallel.h"
#include "steps/explain_util.h"
#include "steps/rule_output.h"
#include "steps/step.h"

namespace acctseg {
namespace {

struct CompiledRule {
  ExprPtr when;  // nullptr: always
  uint64_t issue_mask = 0;
  // As written, for explanations.
  std::string when_text;
  std::string issue;
  SourceLocation location;
};

class Classify;

// A classify step in a fused group: the rules matched and the output built
// batch by batch; the rule that fired is kept for explain only when the run
// keeps traces.
class FusedClassify final : public FusedStep {
 public:
  FusedClassify(const Classify& step, RunState& state, StepTrace& trace,
                const FuseContext& context);
  void RunBatch(size_t worker, const Batch& batch) override;
  void Finish(RunState& state) override { output_.Finish(state); }

 private:
  const Classify& step_;
  RunState& state_;
  StepTrace& trace_;
  RuleOutput::Batched output_;
  std::vector<std::vector<int16_t>> fired_;  // by worker, without traces
};

class Classify final : public CompiledStep {
 public:
  Classify(int slot, std::string output, std::vector<CompiledRule> rules, RuleOutput values)
      : slot_(slot),
        output_(std::move(output)),
        rules_(std::move(rules)),
        values_(std::move(values)) {
    for (const auto& rule : rules_) conditions_.push_back(rule.when.get());
  }

  std::vector<std::string> outputs() const override { return {output_}; }

  // The rule that fired: where it is, its condition, the values it read.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                 size_t row) const override {
    const Column& out = *state.data.slots[slot_];
    nlohmann::ordered_json result = {
        {"kind", "classify"}, {"label", label}, {"outputs", {{output_, ValueJson(out, row)}}}};
    int k = trace.rule[row];
    if (k < 0) {
      result["rule"] = nullptr;
      result["summary"] =
          output_ + " = NULL: " +
          (rules_.size() == 1 ? std::string("its rule did not match")
                              : "none of the " + std::to_string(rules_.size()) + " rules matched");
      return result;
    }
    const CompiledRule& rule = rules_[k];
    const BoundExpr* value = values_.value(k);
    nlohmann::ordered_json reads = rule.when ? ReadsAt(*rule.when, state, row, state.family_id_slot)
                                             : nlohmann::ordered_json::object();
    if (value) reads.update(ReadsAt(*value, state, row, state.family_id_slot));
    FiredRule fired{static_cast<size_t>(k), rule.location, rule.when.get(), rule.when_text};
    result["rule"] = FiredRuleJson(fired);
    result["rule"]["then"] =
        value ? nlohmann::ordered_json(values_.value_text(k)) : ValueJson(out, row);
    result["rule"]["reads"] = reads;
    if (!rule.issue.empty()) result["rule"]["issue"] = rule.issue;
    std::string summary =
        output_ + " = " + ValueText(out, row) + ": " + FiredRuleText(fired, reads);
    if (!rule.issue.empty()) summary += "; issue " + rule.issue;
    result["summary"] = summary;
    return result;
  }

  const char* kind() const override { return "classify"; }
  OtherReads other_reads() const override { return OtherReads::kNothing; }

  bool can_fuse() const override { return true; }
  std::unique_ptr<FusedStep> Fuse(RunState& state, StepTrace& trace,
                                  const FuseContext& context) const override {
    return std::make_unique<FusedClassify>(*this, state, trace, context);
  }

  void Run(RunState& state, StepTrace& trace) const override {
    MatchFirstRules(
        state.data, conditions_, trace.rule,
        [&](const Batch& batch, const int16_t* decided) { AddIssues(state, batch, decided); });
    state.data.slots[slot_] = values_.Build(trace.rule, state.data);
  }

 private:
  friend class FusedClassify;

  void AddIssues(RunState& state, const Batch& batch, const int16_t* decided) const {
    for (size_t i = 0; i < batch.count; ++i)
      if (decided[i] >= 0) state.issues.Add(batch.begin + i, rules_[decided[i]].issue_mask);
  }

  int slot_;
  std::string output_;
  std::vector<CompiledRule> rules_;
  std::vector<const BoundExpr*> conditions_;  // rules_[k].when
  RuleOutput values_;
};

FusedClassify::FusedClassify(const Classify& step, RunState& state, StepTrace& trace,
                             const FuseContext& context)
    : step_(step), state_(state), trace_(trace), output_(step.values_, step.slot_, state, context) {
  for (const BoundExpr* when : step.conditions_)
    if (when) when->Prepare(state.data);
  if (state.keep_traces)
    trace.rule.resize(state.data.row_count);
  else
    fired_.assign(context.workers, std::vector<int16_t>(kBatchRows));
}

void FusedClassify::RunBatch(size_t worker, const Batch& batch) {
  int16_t* decided = fired_.empty() ? trace_.rule.data() + batch.begin : fired_[worker].data();
  MatchFirstRulesInBatch(step_.conditions_, batch, decided);
  step_.AddIssues(state_, batch, decided);
  output_.RunBatch(worker, batch, decided);
}

}  // namespace

std::unique_ptr<CompiledStep> BindClassify(const ClassifyStep& step, BindContext& ctx) {
  std::vector<CompiledRule> rules;
  RuleOutput values;
  bool ok = true;
  for (size_t k = 0; k < step.rules.size(); ++k) {
    const ClassifyRule& r = step.rules[k];
    CompiledRule rule;
    rule.location = r.location;
    rule.issue = r.issue;
    if (r.when) rule.when_text = r.when->text;
    if (r.when) {
      rule.when = ctx.exprs.BindCondition(*r.when, ctx.scope);
      ok &= rule.when != nullptr;
    } else if (k + 1 != step.rules.size()) {
      ctx.diagnostics.Add(r.location,
                          "a rule without when matches every row, so the rules after it never "
                          "fire; put it last");
    }
    if (r.label) {
      values.AddLabel(*r.label, r.location, ctx.diagnostics);
    } else if (r.value) {
      ExprPtr value = ctx.exprs.Bind(*r.value, ctx.scope);
      ok &= value != nullptr;
      values.AddValue(std::move(value), *r.value, ctx.diagnostics);
    } else {
      values.AddNull();  // the parser has reported the rule
    }
    if (!r.issue.empty()) {
      int bit = ctx.IssueBit(r.issue, r.location);
      if (bit >= 0) rule.issue_mask = 1ull << bit;
    }
    rules.push_back(std::move(rule));
  }
  if (step.rules.size() > 32000) ctx.diagnostics.Add(step.output.location, "too many rules");
  int slot = ctx.AddColumn(step.output, values.Finish());
  if (!ok) return nullptr;
  return std::make_unique<Classify>(slot, step.output.name, std::move(rules), std::move(values));
}

}  // namespace acctseg

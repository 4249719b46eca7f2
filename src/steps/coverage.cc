// The coverage step (docs/planning/coverage.md): ordered rules, the first
// whose condition holds gives the account its role, channel, motion and
// yearly workload hours; a row no rule matches gets NULL in all four. It
// runs after every other step. Labels were checked when parsed; a motion an
// expression gives, or a negative workload, is checked here and stops the
// run naming the account.
#include <algorithm>
#include <array>

#include "common/error.h"
#include "steps/explain_util.h"
#include "steps/rule_output.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

enum Output { kRole, kChannel, kMotion, kHours, kOutputCount };

struct CoverageRuleBound {
  ExprPtr when;  // nullptr: else
  std::string when_text;
  SourceLocation location;
  SourceLocation motion_location;  // of its motion expression, if any
};

class Coverage final : public CompiledStep {
 public:
  Coverage(std::vector<CoverageRuleBound> rules, std::array<std::string, kOutputCount> names,
           std::array<int, kOutputCount> slots, std::array<RuleOutput, kOutputCount> outputs)
      : rules_(std::move(rules)),
        names_(std::move(names)),
        slots_(slots),
        outputs_(std::move(outputs)) {
    for (const auto& rule : rules_) conditions_.push_back(rule.when.get());
  }

  std::vector<std::string> outputs() const override { return {names_.begin(), names_.end()}; }
  const char* kind() const override { return "coverage"; }
  OtherReads other_reads() const override { return OtherReads::kNothing; }

  void Run(RunState& state, StepTrace& trace) const override {
    MatchFirstRules(state.data, conditions_, trace.rule);
    for (int o = 0; o < kOutputCount; ++o)
      state.data.slots[slots_[o]] = outputs_[o].Build(trace.rule, state.data);
    CheckMotions(*state.data.slots[slots_[kMotion]], trace.rule);
    CheckHours(*state.data.slots[slots_[kHours]], trace.rule);
  }

  nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                 size_t row) const override {
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    std::string said;
    for (int o = 0; o < kOutputCount; ++o) {
      const Column& column = *state.data.slots[slots_[o]];
      values[names_[o]] = ValueJson(column, row);
      said += (o ? ", " : "") + names_[o] + " = " + ValueText(column, row);
    }
    nlohmann::ordered_json result = {{"kind", "coverage"}, {"label", label}, {"outputs", values}};
    int k = trace.rule[row];
    if (k < 0) {
      result["rule"] = nullptr;
      result["summary"] =
          said + ": none of the " + std::to_string(rules_.size()) + " coverage rules matched";
      return result;
    }
    const CoverageRuleBound& rule = rules_[k];
    nlohmann::ordered_json reads = rule.when ? ReadsAt(*rule.when, state, row, state.family_id_slot)
                                             : nlohmann::ordered_json::object();
    nlohmann::ordered_json then = nlohmann::ordered_json::object();
    for (int o = 0; o < kOutputCount; ++o) {
      const BoundExpr* value = outputs_[o].value(k);
      if (value) reads.update(ReadsAt(*value, state, row, state.family_id_slot));
      then[names_[o]] = value ? nlohmann::ordered_json(outputs_[o].value_text(k))
                              : ValueJson(*state.data.slots[slots_[o]], row);
    }
    FiredRule fired{static_cast<size_t>(k), rule.location, rule.when.get(), rule.when_text};
    result["rule"] = FiredRuleJson(fired);
    result["rule"]["then"] = then;
    result["rule"]["reads"] = reads;
    result["summary"] = said + ": " + FiredRuleText(fired, reads);
    return result;
  }

 private:
  // Labels were checked when parsed, so only a motion expression can give a
  // value outside the list; the dictionary says whether any did, so rows are
  // scanned only then.
  void CheckMotions(const Column& motions, const std::vector<int16_t>& fired) const {
    const Dictionary& d = *motions.dictionary;
    std::vector<uint8_t> known(d.size());
    bool all_known = true;
    for (uint32_t c = 0; c < d.size(); ++c) {
      std::string text(d.Get(c));
      known[c] = std::find(kCoverageMotions.begin(), kCoverageMotions.end(), text) !=
                 kCoverageMotions.end();
      all_known &= known[c] != 0;
    }
    if (all_known) return;
    for (size_t row = 0; row < motions.codes.size(); ++row) {
      if (motions.IsNull(row) || known[motions.codes[row]]) continue;
      throw RowError(row, "motion \"" + std::string(d.Get(motions.codes[row])) +
                              "\" is not land, expand, retain or walk_away")
          .Within(rules_[fired[row]].motion_location.ToString() + ": coverage motion");
    }
  }

  void CheckHours(const Column& hours, const std::vector<int16_t>& fired) const {
    for (size_t row = 0; row < hours.ints.size(); ++row)
      if (hours.ints[row] < 0 && !hours.IsNull(row))
        throw RowError(row, "hours_per_year is negative (" +
                                FormatDecimal(hours.ints[row], hours.type.Scale()) + ")")
            .Within(rules_[fired[row]].location.ToString() + ": coverage hours_per_year");
  }

  std::vector<CoverageRuleBound> rules_;
  std::vector<const BoundExpr*> conditions_;  // rules_[k].when
  std::array<std::string, kOutputCount> names_;
  std::array<int, kOutputCount> slots_;
  std::array<RuleOutput, kOutputCount> outputs_;
};

}  // namespace

std::unique_ptr<CompiledStep> BindCoverage(const CoverageDecl& coverage, BindContext& ctx) {
  std::vector<CoverageRuleBound> rules;
  std::array<RuleOutput, kOutputCount> outputs;
  bool ok = true;
  for (const CoverageRule& r : coverage.rules) {
    CoverageRuleBound rule;
    rule.location = r.location;
    if (r.when) {
      rule.when_text = r.when->text;
      rule.when = ctx.exprs.BindCondition(*r.when, ctx.scope);
      ok &= rule.when != nullptr;
    }
    outputs[kRole].AddLabel(r.role.name, r.role.location, ctx.diagnostics);
    outputs[kChannel].AddLabel(r.channel.name, r.channel.location, ctx.diagnostics);
    if (r.motion_label) {
      outputs[kMotion].AddLabel(r.motion_label->name, r.motion_label->location, ctx.diagnostics);
    } else if (r.motion) {
      rule.motion_location = r.motion->location;
      ExprPtr motion = ctx.exprs.Bind(*r.motion, ctx.scope);
      if (motion && motion->type().id != TypeId::kString && motion->type().id != TypeId::kNull) {
        ctx.diagnostics.Add(r.motion->location,
                            "motion must give text (land, expand, retain or walk_away), not " +
                                motion->type().ToString());
        motion = nullptr;
      }
      ok &= motion != nullptr;
      outputs[kMotion].AddValue(std::move(motion), *r.motion, ctx.diagnostics);
    } else {
      outputs[kMotion].AddNull();
    }
    ExprPtr hours = ctx.exprs.BindNumber(r.hours_per_year, ctx.scope);
    ok &= hours != nullptr;
    outputs[kHours].AddValue(std::move(hours), r.hours_per_year, ctx.diagnostics);
    rules.push_back(std::move(rule));
  }
  if (coverage.rules.size() > 32000) ctx.diagnostics.Add(coverage.location, "too many rules");
  const CoverageOutputs& o = coverage.outputs;
  std::array<std::string, kOutputCount> names = {o.role.name, o.channel.name, o.motion.name,
                                                 o.hours.name};
  std::array<int, kOutputCount> slots;
  const Named* declared[kOutputCount] = {&o.role, &o.channel, &o.motion, &o.hours};
  for (int k = 0; k < kOutputCount; ++k)
    slots[k] = ctx.AddColumn(*declared[k], outputs[k].Finish());
  if (!ok) return nullptr;
  return std::make_unique<Coverage>(std::move(rules), std::move(names), slots, std::move(outputs));
}

}  // namespace acctseg

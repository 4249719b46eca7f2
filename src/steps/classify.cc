// The classify step: ordered rules, the first whose condition holds decides
// the output (a label, or the value of an expression) and may add an issue
// code. A row no rule matches gets NULL.
#include "common/error.h"
#include "common/parallel.h"
#include "steps/explain_util.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

struct CompiledRule {
  ExprPtr when;   // nullptr: always
  ExprPtr value;  // nullptr: the label
  uint32_t label_code = 0;
  uint64_t issue_mask = 0;
  // As written, for explanations.
  std::string when_text;
  std::string value_text;
  std::string issue;
  SourceLocation location;
};

class Classify final : public CompiledStep {
 public:
  Classify(int slot, std::string output, DataType type, std::vector<CompiledRule> rules,
           std::shared_ptr<Dictionary> labels)
      : slot_(slot),
        output_(std::move(output)),
        type_(type),
        rules_(std::move(rules)),
        labels_(std::move(labels)) {}

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
          output_ + " = NULL: none of the " + std::to_string(rules_.size()) + " rules matched";
      return result;
    }
    const CompiledRule& rule = rules_[k];
    nlohmann::ordered_json reads = rule.when ? ReadsAt(*rule.when, state, row, state.family_id_slot)
                                             : nlohmann::ordered_json::object();
    if (rule.value) reads.update(ReadsAt(*rule.value, state, row, state.family_id_slot));
    result["rule"] = {
        {"index", k + 1},
        {"at", rule.location.ToString()},
        {"when",
         rule.when ? nlohmann::ordered_json(rule.when_text) : nlohmann::ordered_json(nullptr)},
        {"then", rule.value ? nlohmann::ordered_json(rule.value_text) : ValueJson(out, row)},
        {"reads", reads}};
    if (!rule.issue.empty()) result["rule"]["issue"] = rule.issue;
    std::string summary = output_ + " = " + ValueText(out, row) + ": rule " +
                          std::to_string(k + 1) + " (" + rule.location.ToString() + ") ";
    summary += rule.when ? "when " + rule.when_text : std::string("else");
    if (!reads.empty()) summary += ", with " + ReadsText(reads);
    if (k > 0) summary += "; rules 1-" + std::to_string(k) + " did not match";
    if (!rule.issue.empty()) summary += "; issue " + rule.issue;
    result["summary"] = summary;
    return result;
  }

  const char* kind() const override { return "classify"; }

  void Run(RunState& state, StepTrace& trace) const override {
    RunData& run = state.data;
    for (const auto& rule : rules_)
      if (rule.when) rule.when->Prepare(run);
    const size_t n = run.row_count;
    std::vector<int16_t>& fired = trace.rule;
    fired.assign(n, -1);
    ForEachBatch(run, [&](size_t, const Batch& batch) {
      int16_t* decided = fired.data() + batch.begin;
      size_t open = batch.count;
      for (size_t k = 0; k < rules_.size() && open > 0; ++k) {
        const CompiledRule& rule = rules_[k];
        if (!rule.when) {
          for (size_t i = 0; i < batch.count; ++i)
            if (decided[i] < 0) decided[i] = static_cast<int16_t>(k);
          open = 0;
          break;
        }
        Vector& cond = batch.scratch.vectors[rule.when->id()];
        rule.when->Eval(batch, cond);
        for (size_t i = 0; i < batch.count; ++i) {
          if (decided[i] < 0 && !cond.null[i] && cond.num[i]) {
            decided[i] = static_cast<int16_t>(k);
            --open;
          }
        }
      }
      for (size_t i = 0; i < batch.count; ++i)
        if (decided[i] >= 0) state.issues[batch.begin + i] |= rules_[decided[i]].issue_mask;
    });
    run.slots[slot_] = BuildOutput(fired, run);
  }

 private:
  std::shared_ptr<const Column> BuildOutput(const std::vector<int16_t>& fired, RunData& run) const {
    const size_t n = run.row_count;
    auto out = std::make_shared<Column>(Column::Make(type_, n, true));
    // Value rules are evaluated over all rows, then picked where they fired.
    std::vector<std::shared_ptr<const Column>> values(rules_.size());
    auto dictionary = std::make_shared<Dictionary>();
    for (uint32_t c = 0; c < labels_->size(); ++c) dictionary->Intern(labels_->Get(c));
    std::vector<std::vector<uint32_t>> remap(rules_.size());
    for (size_t k = 0; k < rules_.size(); ++k) {
      if (!rules_[k].value) continue;
      values[k] = Materialize(*rules_[k].value, run);
      if (type_.id == TypeId::kString) {
        const Dictionary& d = *values[k]->dictionary;
        for (uint32_t c = 0; c < d.size(); ++c) remap[k].push_back(dictionary->Intern(d.Get(c)));
      }
    }
    ParallelRanges(n, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        int k = fired[row];
        bool is_null = k < 0 || (values[k] && values[k]->IsNull(row));
        out->nulls[row] = is_null;
        if (is_null) continue;
        if (type_.id == TypeId::kString)
          out->codes[row] = values[k] ? remap[k][values[k]->codes[row]] : rules_[k].label_code;
        else
          out->ints[row] = Rescaled(*values[k], row);
      }
    });
    bool any_null = false;
    for (uint8_t x : out->nulls) any_null |= x;
    if (!any_null) out->nulls.clear();
    if (dictionary->size() == 0) dictionary->Intern("");
    out->dictionary = dictionary;
    return out;
  }

  int64_t Rescaled(const Column& column, size_t row) const {
    auto value = Rescale(column.ints[row], column.type.Scale(), type_.Scale());
    if (!value)
      throw RowError(row, "numeric overflow scaling " +
                              FormatDecimal(column.ints[row], column.type.Scale()) + " to " +
                              std::to_string(type_.Scale()) + " decimals");
    return *value;
  }

  int slot_;
  std::string output_;
  DataType type_;
  std::vector<CompiledRule> rules_;
  std::shared_ptr<Dictionary> labels_;
};

}  // namespace

std::unique_ptr<CompiledStep> BindClassify(const ClassifyStep& step, BindContext& ctx) {
  std::vector<CompiledRule> rules;
  auto labels = std::make_shared<Dictionary>();
  DataType type = DataType::Null();
  bool ok = true;
  for (size_t k = 0; k < step.rules.size(); ++k) {
    const ClassifyRule& r = step.rules[k];
    CompiledRule rule;
    rule.location = r.location;
    rule.issue = r.issue;
    if (r.when) rule.when_text = r.when->text;
    if (r.value) rule.value_text = r.value->text;
    if (r.when) {
      rule.when = ctx.exprs.BindCondition(*r.when, ctx.scope);
      ok &= rule.when != nullptr;
    } else if (k + 1 != step.rules.size()) {
      ctx.diagnostics.Add(r.location,
                          "a rule without when matches every row, so the rules after it never "
                          "fire; put it last");
    }
    if (r.label) {
      rule.label_code = labels->Intern(*r.label);
      auto common = CommonType(type, DataType::String());
      if (!common)
        ctx.diagnostics.Add(r.location, "labels are text, but other rules give " + type.ToString());
      else
        type = *common;
    } else if (r.value) {
      rule.value = ctx.exprs.Bind(*r.value, ctx.scope);
      if (rule.value) {
        auto common = CommonType(type, rule.value->type());
        if (!common)
          ctx.diagnostics.Add(r.value->location, "this rule gives " +
                                                     rule.value->type().ToString() +
                                                     " but earlier rules give " + type.ToString());
        else
          type = *common;
      }
      ok &= rule.value != nullptr;
    }
    if (!r.issue.empty()) {
      int bit = ctx.IssueBit(r.issue, r.location);
      if (bit >= 0) rule.issue_mask = 1ull << bit;
    }
    rules.push_back(std::move(rule));
  }
  if (step.rules.size() > 32000) ctx.diagnostics.Add(step.output.location, "too many rules");
  if (type.id == TypeId::kNull) type = DataType::String();
  int slot = ctx.AddColumn(step.output, type);
  if (!ok) return nullptr;
  return std::make_unique<Classify>(slot, step.output.name, type, std::move(rules), labels);
}

}  // namespace acctseg

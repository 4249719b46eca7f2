// The classify step: ordered rules, the first whose condition holds decides
// the output (a label, or the value of an expression) and may add an issue
// code. A row no rule matches gets NULL.
#include "common/error.h"
#include "common/parallel.h"
#include "table/decimal.h"
#include "steps/step.h"

namespace acctseg {
namespace {

struct CompiledRule {
  ExprPtr when;    // nullptr: always
  ExprPtr value;   // nullptr: the label
  uint32_t label_code = 0;
  uint64_t issue_mask = 0;
};

class Classify final : public CompiledStep {
 public:
  Classify(int slot, DataType type, std::vector<CompiledRule> rules, std::shared_ptr<Dictionary> labels)
      : slot_(slot), type_(type), rules_(std::move(rules)), labels_(std::move(labels)) {}

  const char* kind() const override { return "classify"; }

  void Run(RunState& state) const override {
    RunData& run = state.data;
    for (const auto& rule : rules_)
      if (rule.when) rule.when->Prepare(run);
    const size_t n = run.row_count;
    std::vector<int16_t> fired(n, -1);
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
    ParallelRanges(n, run.threads, 1 << 16, [&](size_t begin, size_t end) {
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
    if (!value) throw Error(ErrorKind::kInput, "numeric overflow in classify");
    return *value;
  }

  int slot_;
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
    if (r.when) {
      rule.when = ctx.exprs.BindCondition(*r.when, ctx.scope);
      ok &= rule.when != nullptr;
    } else if (k + 1 != step.rules.size()) {
      ctx.diagnostics.Add(r.location, "a rule without when matches every row, so the rules after it never "
                                      "fire; put it last");
    }
    if (r.label) {
      rule.label_code = labels->Intern(*r.label);
      auto common = CommonType(type, DataType::String());
      if (!common) ctx.diagnostics.Add(r.location, "labels are text, but other rules give " + type.ToString());
      else type = *common;
    } else if (r.value) {
      rule.value = ctx.exprs.Bind(*r.value, ctx.scope);
      if (rule.value) {
        auto common = CommonType(type, rule.value->type());
        if (!common)
          ctx.diagnostics.Add(r.value->location, "this rule gives " + rule.value->type().ToString() +
                                                     " but earlier rules give " + type.ToString());
        else type = *common;
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
  return std::make_unique<Classify>(slot, type, std::move(rules), labels);
}

}  // namespace acctseg

#include "steps/rule_output.h"

#include "common/error.h"
#include "common/parallel.h"
#include "expr/type_rules.h"
#include "steps/explain_util.h"
#include "table/decimal.h"

namespace acctseg {

void MatchFirstRules(RunData& run, const std::vector<const BoundExpr*>& conditions,
                     std::vector<int16_t>& fired,
                     const std::function<void(const Batch&, const int16_t*)>& on_batch) {
  for (const BoundExpr* when : conditions)
    if (when) when->Prepare(run);
  fired.assign(run.row_count, -1);
  ForEachBatch(run, [&](size_t, const Batch& batch) {
    int16_t* decided = fired.data() + batch.begin;
    size_t open = batch.count;
    for (size_t k = 0; k < conditions.size() && open > 0; ++k) {
      const BoundExpr* when = conditions[k];
      if (!when) {
        for (size_t i = 0; i < batch.count; ++i)
          if (decided[i] < 0) decided[i] = static_cast<int16_t>(k);
        open = 0;
        break;
      }
      Vector& cond = batch.scratch.vectors[when->id()];
      when->Eval(batch, cond);
      for (size_t i = 0; i < batch.count; ++i) {
        if (decided[i] < 0 && !cond.null[i] && cond.num[i]) {
          decided[i] = static_cast<int16_t>(k);
          --open;
        }
      }
    }
    if (on_batch) on_batch(batch, decided);
  });
}

void RuleOutput::AddLabel(const std::string& label, const SourceLocation& at,
                          Diagnostics& diagnostics) {
  Given given;
  given.label_code = labels_->Intern(label);
  auto common = CommonType(type_, DataType::String());
  if (!common)
    diagnostics.Add(at, "labels are text, but other rules give " + type_.ToString());
  else
    type_ = *common;
  rules_.push_back(std::move(given));
}

void RuleOutput::AddValue(ExprPtr value, const ExprText& text, Diagnostics& diagnostics) {
  Given given;
  given.value_text = text.text;
  if (value) {
    auto common = CommonType(type_, value->type());
    if (!common)
      diagnostics.Add(text.location, "this rule gives " + value->type().ToString() +
                                         " but earlier rules give " + type_.ToString());
    else
      type_ = *common;
  }
  given.value = std::move(value);
  rules_.push_back(std::move(given));
}

void RuleOutput::AddNull() {
  Given given;
  given.is_null = true;
  rules_.push_back(std::move(given));
}

DataType RuleOutput::Finish() {
  if (type_.id == TypeId::kNull) type_ = DataType::String();
  return type_;
}

std::shared_ptr<const Column> RuleOutput::Build(const std::vector<int16_t>& fired,
                                                RunData& run) const {
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
  uint32_t* codes = out->codes.Wide();  // empty unless a string
  ParallelRanges(n, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      int k = fired[row];
      bool is_null = k < 0 || rules_[k].is_null || (values[k] && values[k]->IsNull(row));
      out->nulls.Set(row, is_null);
      if (is_null) continue;
      if (type_.id == TypeId::kString)
        codes[row] = values[k] ? remap[k][values[k]->codes[row]] : rules_[k].label_code;
      else
        out->ints.Set(row, Rescaled(*values[k], row));
    }
  });
  out->Narrow(run.threads);
  if (!out->nulls.Any()) out->nulls.clear();
  if (dictionary->size() == 0) dictionary->Intern("");
  out->dictionary = dictionary;
  return out;
}

int64_t RuleOutput::Rescaled(const Column& column, size_t row) const {
  auto value = Rescale(column.ints[row], column.type.Scale(), type_.Scale());
  if (!value)
    throw RowError(row, "numeric overflow scaling " +
                            FormatDecimal(column.ints[row], column.type.Scale()) + " to " +
                            std::to_string(type_.Scale()) + " decimals");
  return *value;
}

nlohmann::ordered_json FiredRuleJson(const FiredRule& rule) {
  return {{"index", rule.index + 1},
          {"at", rule.location.ToString()},
          {"when",
           rule.when ? nlohmann::ordered_json(rule.when_text) : nlohmann::ordered_json(nullptr)}};
}

std::string FiredRuleText(const FiredRule& rule, const nlohmann::ordered_json& reads) {
  std::string text =
      "rule " + std::to_string(rule.index + 1) + " (" + rule.location.ToString() + ") ";
  text += rule.when ? "when " + rule.when_text : std::string("else");
  if (!reads.empty()) text += ", with " + ReadsText(reads);
  if (rule.index > 0) text += "; rules 1-" + std::to_string(rule.index) + " did not match";
  return text;
}

}  // namespace acctseg

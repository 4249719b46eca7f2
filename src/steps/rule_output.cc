#include "steps/rule_output.h"

#include "common/error.h"
#include "common/parallel.h"
#include "expr/type_rules.h"
#include "steps/explain_util.h"
#include "table/decimal.h"

namespace acctseg {

void MatchFirstRulesInBatch(const std::vector<const BoundExpr*>& conditions, const Batch& batch,
                            int16_t* decided) {
  std::fill(decided, decided + batch.count, int16_t{-1});
  size_t open = batch.count;
  for (size_t k = 0; k < conditions.size() && open > 0; ++k) {
    const BoundExpr* when = conditions[k];
    if (!when) {
      for (size_t i = 0; i < batch.count; ++i)
        if (decided[i] < 0) decided[i] = static_cast<int16_t>(k);
      return;
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
}

void MatchFirstRules(RunData& run, const std::vector<const BoundExpr*>& conditions,
                     std::vector<int16_t>& fired,
                     const std::function<void(const Batch&, const int16_t*)>& on_batch) {
  for (const BoundExpr* when : conditions)
    if (when) when->Prepare(run);
  fired.resize(run.row_count);
  ForEachBatch(run, [&](size_t, const Batch& batch) {
    int16_t* decided = fired.data() + batch.begin;
    MatchFirstRulesInBatch(conditions, batch, decided);
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

namespace {
// Batched::carried_: batches that carried different dictionaries, or none.
const Dictionary kMixedDictionaries;
const Dictionary* const kMixed = &kMixedDictionaries;
}  // namespace

RuleOutput::Batched::Batched(const RuleOutput& rules, int slot, RunState& state,
                             const FuseContext& context)
    : rules_(rules),
      output_(std::make_unique<FusedOutput>(slot, rules.type_, state, context)),
      whole_(rules.rules_.size()),
      orders_(rules.rules_.size()),
      carried_(context.workers, std::vector<const Dictionary*>(rules.rules_.size(), nullptr)),
      out_(context.workers),
      texts_(context.workers),
      read_(context.workers, std::vector<Vector>(rules.rules_.size())),
      labels_only_(std::none_of(rules.rules_.begin(), rules.rules_.end(),
                                [](const Given& g) { return g.value != nullptr; })) {
  const bool ordered = output_->kept() && rules.type_.id == TypeId::kString;
  for (size_t k = 0; k < rules.rules_.size(); ++k) {
    const BoundExpr* value = rules.rules_[k].value.get();
    if (!value) continue;
    whole_[k] = MaterializeBeforeBatches(*value, state.data);
    if (!whole_[k] && ordered)
      orders_[k] = std::make_unique<FirstAppearance>(state.data.row_count, context.workers);
  }
}

void RuleOutput::Batched::RunBatch(size_t worker, const Batch& batch, const int16_t* fired) {
  const std::vector<Given>& rules = rules_.rules_;
  const bool is_string = rules_.type_.id == TypeId::kString;
  std::vector<Vector>& read = read_[worker];
  std::vector<const Vector*> values(rules.size(), nullptr);
  for (size_t k = 0; k < rules.size(); ++k) {
    const BoundExpr* value = rules[k].value.get();
    if (!value) continue;
    if (whole_[k]) {
      read[k].Reset(whole_[k]->type, batch.count);
      ReadColumnRows(*whole_[k], batch.begin, batch.count, read[k]);
      values[k] = &read[k];
      continue;
    }
    Vector& v = batch.scratch.vectors[value->id()];
    value->Eval(batch, v);
    values[k] = &v;
    if (!orders_[k]) continue;
    orders_[k]->Add(worker, batch.begin, v);
    const Dictionary*& carried = carried_[worker][k];
    const Dictionary* now = v.dictionary && v.codes.size() >= batch.count ? v.dictionary : kMixed;
    carried = carried == nullptr || carried == now ? now : kMixed;
  }
  Vector& out = out_[worker];
  out.Reset(rules_.type_, batch.count);
  // Text carries codes — the labels' own when every rule gives a label,
  // else those of the worker's dictionary of the output's texts — which a
  // kept column's sink and the group's later comparisons read instead of
  // hashing or comparing each row's bytes.
  TextInterner& texts = texts_[worker];
  if (is_string) {
    out.dictionary = labels_only_ ? rules_.labels_.get() : &texts.dictionary();
    out.codes.resize(batch.count);
  }
  for (size_t i = 0; i < batch.count; ++i) {
    const int k = fired[i];
    const Vector* value = k < 0 ? nullptr : values[k];
    if (k < 0 || rules[k].is_null || (value && value->null[i])) {
      out.SetNull(i);
    } else if (value && is_string) {
      out.str[i] = value->str[i];
      out.codes[i] = texts.Intern(*value, i);
    } else if (is_string) {
      out.str[i] = rules_.labels_->Get(rules[k].label_code);
      out.codes[i] = labels_only_
                         ? rules[k].label_code
                         : texts.InternCode(out.str[i], rules_.labels_.get(), rules[k].label_code);
    } else {
      out.num[i] = NumberAt(*value, i, rules_.type_.Scale());
    }
  }
  output_->Publish(worker, batch, out);
}

void RuleOutput::Batched::Finish(RunState& state) {
  std::shared_ptr<Dictionary> order;
  if (output_->kept() && rules_.type_.id == TypeId::kString) {
    order = std::make_shared<Dictionary>();
    for (uint32_t c = 0; c < rules_.labels_->size(); ++c) order->Intern(rules_.labels_->Get(c));
    for (size_t k = 0; k < rules_.rules_.size(); ++k) AppendValues(k, state, *order);
    if (order->size() == 0) order->Intern("");  // as Build: code 0 valid for NULL rows
  }
  output_->Finish(state, std::move(order));
}

void RuleOutput::Batched::AppendValues(size_t k, const RunState& state, Dictionary& order) const {
  auto append_all = [&](const Dictionary& values) {
    for (uint32_t c = 0; c < values.size(); ++c) order.Intern(values.Get(c));
  };
  if (whole_[k]) return append_all(*whole_[k]->dictionary);
  if (!orders_[k]) return;
  // Build materializes a value that reads a column as it is as that
  // column, with its whole dictionary: the column if the group kept it,
  // else the dictionary its batches carried (a lookup's table column).
  const ColumnRead* read = rules_.rules_[k].value->AsColumnRead();
  if (read && read->source == RowSource::kSelf) {
    if (const auto& column = state.data.slots[read->slot]) return append_all(*column->dictionary);
    const Dictionary* carried = nullptr;
    for (const auto& by_rule : carried_) {
      const Dictionary* d = by_rule[k];
      if (d && (carried == nullptr || d == carried)) carried = d;
      if (d && d != carried) carried = kMixed;
    }
    if (carried && carried != kMixed) return append_all(*carried);
  }
  orders_[k]->AppendTo(order);
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
  if (rule.index == 1) text += "; rule 1 did not match";
  if (rule.index > 1) text += "; rules 1-" + std::to_string(rule.index) + " did not match";
  return text;
}

}  // namespace acctseg

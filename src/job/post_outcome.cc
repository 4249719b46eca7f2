#include "job/post_outcome.h"

#include <set>

#include "expr/expr_lexer.h"

namespace acctseg {
namespace {

// Every expression a step is written with (the parts a column can flow
// through into its outputs).
std::vector<const ExprText*> ExpressionsOf(const Step& step) {
  std::vector<const ExprText*> texts;
  switch (step.kind) {
    case Step::Kind::kClassify:
      for (const ClassifyRule& rule : step.classify.rules) {
        if (rule.when) texts.push_back(&*rule.when);
        if (rule.value) texts.push_back(&*rule.value);
      }
      break;
    case Step::Kind::kScore:
      for (const ScoreTerm& term : step.score.terms) {
        if (term.when) texts.push_back(&*term.when);
        texts.push_back(&term.points);
      }
      break;
    case Step::Kind::kAggregate:
      if (step.aggregate.where) texts.push_back(&*step.aggregate.where);
      for (const AggregateColumn& column : step.aggregate.columns) texts.push_back(&column.expr);
      break;
    case Step::Kind::kTier:
      if (step.tier.group_by) texts.push_back(&*step.tier.group_by);
      for (const OrderKey& key : step.tier.order_by) texts.push_back(&key.expr);
      break;
    case Step::Kind::kLookup:
      for (const LookupKey& key : step.lookup.keys)
        for (const auto& [column, expr] : key.parts) texts.push_back(&expr);
      break;
    case Step::Kind::kNormalize:
      for (const NormalizeOutput& output : step.normalize.outputs) texts.push_back(&output.input);
      break;
    default:  // compute (column by column, above); family, dedupe, predict read named columns
      break;
  }
  return texts;
}

bool ReadsAny(const ExprText& text, const std::set<std::string>& columns) {
  for (const Token& token : Tokenize(text.text))
    if (token.kind == Token::Kind::kIdentifier && columns.count(token.text)) return true;
  return false;
}

}  // namespace

std::vector<std::string> PostOutcomeColumns(const Plan& plan) {
  std::vector<std::string> late;
  std::set<std::string> seen;
  for (const InputDecl& input : plan.policy().inputs)
    for (const ColumnDecl& column : input.columns)
      if (column.post_outcome && seen.insert(column.name.name).second)
        late.push_back(column.name.name);
  auto add_outputs = [&](const CompiledStep& step) {
    for (const std::string& output : step.outputs())
      if (seen.insert(output).second) late.push_back(output);
  };
  // Compiled steps are the policy's steps in order, one each, then coverage.
  const std::vector<Step>& steps = plan.policy().steps;
  for (size_t i = 0; i < steps.size() && i < plan.steps().size(); ++i) {
    if (steps[i].kind == Step::Kind::kCompute) {  // column by column: each has its own inputs
      for (const auto& [name, expr] : steps[i].compute.columns)
        if (ReadsAny(expr, seen) && seen.insert(name.name).second) late.push_back(name.name);
      continue;
    }
    bool reads_late = false;
    for (const ExprText* text : ExpressionsOf(steps[i])) reads_late |= ReadsAny(*text, seen);
    if (reads_late) add_outputs(*plan.steps()[i]);
  }
  const std::optional<CoverageDecl>& coverage = plan.policy().coverage;
  if (coverage && plan.steps().size() > steps.size()) {
    bool reads_late = false;
    for (const CoverageRule& rule : coverage->rules) {
      if (rule.when) reads_late |= ReadsAny(*rule.when, seen);
      if (rule.motion) reads_late |= ReadsAny(*rule.motion, seen);
      reads_late |= ReadsAny(rule.hours_per_year, seen);
    }
    if (reads_late) add_outputs(*plan.steps().back());
  }
  return late;
}

}  // namespace acctseg

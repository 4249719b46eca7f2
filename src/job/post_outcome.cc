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

// The first of `columns` that `text` names, or "".
std::string FirstRead(const ExprText& text, const std::set<std::string>& columns) {
  for (const Token& token : Tokenize(text.text))
    if (token.kind == Token::Kind::kIdentifier && columns.count(token.text)) return token.text;
  return "";
}

// The first of `columns` that any of `texts` names, or "".
std::string FirstRead(const std::vector<const ExprText*>& texts,
                      const std::set<std::string>& columns) {
  for (const ExprText* text : texts)
    if (std::string read = FirstRead(*text, columns); !read.empty()) return read;
  return "";
}

}  // namespace

std::string PostOutcomeColumn::Why() const {
  return source.empty() ? "declared post_outcome: true"
                        : "computed from a post_outcome column (" + source + ")";
}

std::vector<PostOutcomeColumn> PostOutcomeColumns(const Plan& plan) {
  std::vector<PostOutcomeColumn> late;
  std::set<std::string> seen;
  auto add = [&](const std::string& name, const std::string& source) {
    if (seen.insert(name).second) late.push_back({name, source});
  };
  for (const InputDecl& input : plan.policy().inputs)
    for (const ColumnDecl& column : input.columns)
      if (column.post_outcome) add(column.name.name, "");
  auto add_outputs = [&](const CompiledStep& step, const std::string& source) {
    for (const std::string& output : step.outputs()) add(output, source);
  };
  // Compiled steps are the policy's steps in order, one each, then coverage.
  const std::vector<Step>& steps = plan.policy().steps;
  for (size_t i = 0; i < steps.size() && i < plan.steps().size(); ++i) {
    if (steps[i].kind == Step::Kind::kCompute) {  // column by column: each has its own inputs
      for (const auto& [name, expr] : steps[i].compute.columns)
        if (std::string source = FirstRead(expr, seen); !source.empty()) add(name.name, source);
      continue;
    }
    if (std::string source = FirstRead(ExpressionsOf(steps[i]), seen); !source.empty())
      add_outputs(*plan.steps()[i], source);
  }
  const std::optional<CoverageDecl>& coverage = plan.policy().coverage;
  if (coverage && plan.steps().size() > steps.size()) {
    std::vector<const ExprText*> texts;
    for (const CoverageRule& rule : coverage->rules) {
      if (rule.when) texts.push_back(&*rule.when);
      if (rule.motion) texts.push_back(&*rule.motion);
      texts.push_back(&rule.hours_per_year);
    }
    if (std::string source = FirstRead(texts, seen); !source.empty())
      add_outputs(*plan.steps().back(), source);
  }
  return late;
}

}  // namespace acctseg

// Ordered rules where the first whose condition holds decides the row
// (classify, coverage): matching them over the rows, and building an output
// column from what each rule gives. A step with several outputs (coverage)
// matches once and builds one RuleOutput per output from the same matches.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "expr/binder.h"
#include "steps/fused_step.h"
#include "steps/step.h"

namespace acctseg {

// The index of the first rule whose condition is TRUE, per row; -1 when
// none. conditions[k] == nullptr: rule k matches every row. `on_batch`, if
// given, sees each batch's decisions (fired + batch.begin) while it is hot.
void MatchFirstRules(RunData& run, const std::vector<const BoundExpr*>& conditions,
                     std::vector<int16_t>& fired,
                     const std::function<void(const Batch&, const int16_t*)>& on_batch = {});

// The same over one batch: decided[i] for its row i.
void MatchFirstRulesInBatch(const std::vector<const BoundExpr*>& conditions, const Batch& batch,
                            int16_t* decided);

// One output column of ordered rules: each rule gives a label, the value of
// an expression, or NULL. Bound once (Add* in rule order, then Finish), then
// immutable: Build may run from several executions at once.
class RuleOutput {
 public:
  // A label (text): a diagnostic at `at` if other rules give non-text values.
  void AddLabel(const std::string& label, const SourceLocation& at, Diagnostics& diagnostics);
  // An expression's value; `value` nullptr after a bind error (nothing added
  // to the diagnostics here). Its type must agree with the other rules'.
  void AddValue(ExprPtr value, const ExprText& text, Diagnostics& diagnostics);
  void AddNull();
  // The column's type once every rule is added: text if no rule decides it.
  DataType Finish();
  DataType type() const { return type_; }

  // The column: row i gets what rule fired[i] gives, NULL where none fired.
  // Throws RowError when a value does not fit the column's scale.
  std::shared_ptr<const Column> Build(const std::vector<int16_t>& fired, RunData& run) const;

  // Build's work for a fused run (steps/fused_step.h), batch by batch. A
  // value that reads only columns is made whole first, as Build makes it;
  // the others are evaluated over every row of each batch (as Build
  // evaluates them over all rows, so that the same rows fail). The text's
  // dictionary is Build's: the labels, then each rule's values in order.
  class Batched {
   public:
    Batched(const RuleOutput& rules, int slot, RunState& state, const FuseContext& context);
    // The batch's output from fired[i], rule by row.
    void RunBatch(size_t worker, const Batch& batch, const int16_t* fired);
    void Finish(RunState& state);

   private:
    // A text value's entries in the order Build gives them.
    void AppendValues(size_t k, const RunState& state, Dictionary& order) const;

    const RuleOutput& rules_;
    std::unique_ptr<FusedOutput> output_;
    std::vector<std::shared_ptr<const Column>> whole_;  // by rule: a value made whole
    // By rule, for a value evaluated by batch into a kept text column.
    std::vector<std::unique_ptr<FirstAppearance>> orders_;
    // By worker and rule: the dictionary a value's batches carried (a
    // column the group made, read as it is), kMixed if not always one.
    std::vector<std::vector<const Dictionary*>> carried_;
    std::vector<Vector> out_;                // by worker
    std::vector<TextInterner> texts_;        // by worker: the codes out_ carries
    std::vector<std::vector<Vector>> read_;  // by worker and rule: the rows of whole_
    bool labels_only_;                       // every rule gives a label (or NULL)
  };

  // For explain: rule k's expression (nullptr for a label or NULL) and its text.
  const BoundExpr* value(size_t k) const { return rules_[k].value.get(); }
  const std::string& value_text(size_t k) const { return rules_[k].value_text; }

 private:
  struct Given {
    ExprPtr value;  // nullptr: the label, or NULL
    uint32_t label_code = 0;
    bool is_null = false;
    std::string value_text;
  };
  int64_t Rescaled(const Column& column, size_t row) const;

  DataType type_ = DataType::Null();
  std::shared_ptr<Dictionary> labels_ = std::make_shared<Dictionary>();
  std::vector<Given> rules_;
};

// What explain says about the rule that fired: its place, condition and
// the values it read. `reads` collects the columns every expression of the
// rule read (the caller adds its values' reads).
struct FiredRule {
  size_t index;  // 0-based
  const SourceLocation& location;
  const BoundExpr* when;  // nullptr: else
  const std::string& when_text;
};
// {"index", "at", "when"} of the rule (the caller adds "then" and "reads").
nlohmann::ordered_json FiredRuleJson(const FiredRule& rule);
// "rule 2 (policy.yaml:12:7) when tier = 'A', with tier = 'A'; rule 1 did
// not match": the sentence after "output = value: ".
std::string FiredRuleText(const FiredRule& rule, const nlohmann::ordered_json& reads);

}  // namespace acctseg

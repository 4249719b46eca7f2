// The expression binder: turns expression text from the policy into a
// typed BoundExpr tree, resolving names against the columns in scope.
// Functions are looked up in the FunctionRegistry (expr/functions.h).
// Mistakes (syntax, unknown column or function, type mismatch) are added to
// the Diagnostics with the policy file, line and column, and Bind returns
// nullptr; the caller reports all diagnostics at once.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "expr/functions.h"
#include "expr/nodes.h"
#include "expr/type_rules.h"
#include "policy/policy_ast.h"

namespace acctseg {

struct TableAggregateCalls;

// The columns an expression may read at one point of the policy.
struct Scope {
  struct Entry {
    DataType type;
    int slot;
    // Made by an expression that did not bind (its error is reported): an
    // expression reading it fails without a word of its own, so one
    // mistake is not reported again at every step after it.
    bool failed = false;
  };
  std::map<std::string, Entry> columns;
  bool has_family = false;  // parent.x, global.x and FAMILY_* need a family step before
  // Set only while an aggregate step binds its columns: where table
  // aggregates (COUNT_IF, SUM, ...) go; elsewhere they are a mistake.
  const TableAggregateCalls* aggregates = nullptr;
  // Where table aggregates are a mistake for a reason of this scope's own
  // (an aggregate step's where:, over one related row at a time): what to
  // say instead of "it belongs in an aggregate step's columns".
  std::string aggregates_refused;
  // Where this scope is a related input's row and the accounts' columns
  // are the mistake to name (an aggregate's where:): the accounts' scope,
  // and why it cannot be read here (", but where: ...").
  const Scope* accounts_elsewhere = nullptr;
  std::string accounts_refused;
  // The columns the policy's steps make, where each is first made
  // ("policy.yaml:7:9"): a name not yet in `columns` but here is one a
  // step reads before it is made. Null: not known.
  const std::map<std::string, std::string>* made_by_steps = nullptr;

  std::vector<std::string> Names() const;
  // Whether some column is named "QUALIFIER.name" (routing's touchpoint
  // fields): such names are bound as written, reading the row itself.
  bool HasQualifier(const std::string& qualifier) const;
};

// A table aggregate call as an aggregate step's column wrote it: its
// arguments bound over the related rows, typed by its registration.
struct TableAggregateCall {
  const FunctionDef* function;
  CallType typed;
  std::vector<ExprPtr> args;
  std::string text;  // the call as written, e.g. "COUNT_IF(stage = 'Closed Won')"
};

// How an aggregate step takes the table aggregates of its columns: their
// arguments are bound in `rows` (the related input's scope), and `collect`
// keeps the call and returns the account column (slot) that will hold its
// value, which the column's expression then reads.
struct TableAggregateCalls {
  const Scope* rows = nullptr;
  std::string from;  // the related input's name, for messages
  std::function<int(TableAggregateCall)> collect;
};

// What bound expressions read: for callers that follow which steps a column
// feeds (the live universe re-runs only the steps a changed column reaches).
struct ExprReads {
  std::set<int> slots;                       // every column slot read, of the row or of its family
  bool through_family = false;               // a parent. or global. read, or a family aggregate
  std::set<int> parent_slots, global_slots;  // the slots read through parent. / global.
  // The slots the row reads of itself, outside a family aggregate's
  // argument: none, with no parent. reads, and the value is its family's
  // alone, the same for every member (universe_family_reads.h).
  std::set<int> own_slots;
  // The family aggregate nodes (owned by the bound expressions, which live
  // as long as the plan).
  std::vector<const BoundExpr*> family_aggregates;
  void Add(const ExprReads& other);
};

class ExprBinder {
 public:
  explicit ExprBinder(Diagnostics* diagnostics) : diagnostics_(diagnostics) {}

  // Binds `text`; nullptr (with diagnostics) on failure.
  ExprPtr Bind(const ExprText& text, const Scope& scope);
  // Binds and checks the result is boolean.
  ExprPtr BindCondition(const ExprText& text, const Scope& scope);
  // Binds and checks the result is a number (integer or decimal).
  ExprPtr BindNumber(const ExprText& text, const Scope& scope);

  // The date AS_OF stands for (days since 1970-01-01); until set, AS_OF is
  // a mistake.
  void SetAsOf(int64_t days) { as_of_ = days; }
  // Whether an expression bound so far reads AS_OF.
  bool used_as_of() const { return used_as_of_; }

  // What the expressions bound since the last call read; starts afresh.
  ExprReads TakeReads() { return std::exchange(reads_, {}); }

  // Ids handed out so far: the size of per-thread scratch.
  int node_count() const { return next_id_; }
  int NewId() { return next_id_++; }

  // Where byte `offset` of an expression's text is in the policy file.
  static SourceLocation Locate(const ExprText& text, size_t offset);

 private:
  class Impl;
  Diagnostics* diagnostics_;
  int next_id_ = 0;
  std::optional<int64_t> as_of_;
  bool used_as_of_ = false;
  ExprReads reads_;
};

}  // namespace acctseg

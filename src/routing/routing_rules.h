// The routing section bound against a plan: the row's fields (the plan's
// output columns, `account`, the touchpoint fields) and each rule's
// condition, queue, priority and SLA as bound expressions over them, with
// the team each rule names. Immutable once compiled.
#pragma once

#include <string>
#include <vector>

#include "expr/bound_expr.h"
#include "plan/plan.h"
#include "routing/route_row.h"

namespace acctseg {

struct CompiledRouteRule {
  ExprPtr when;  // nullptr: the else rule
  std::string when_text;
  SourceLocation location;
  std::string queue_label;  // when `queue` is nullptr
  ExprPtr queue;            // text, or nullptr for a label
  std::string queue_text;
  ExprPtr priority, sla_minutes;  // integers, or nullptr for 0
  bool owner_territory = false;
  int team = -1;  // an index into CompiledRouting::teams, -1: none
};

struct CompiledRouting {
  std::vector<RouteField> fields;  // slot i is fields[i]
  std::string key_column;          // the accounts' key, as the account JSON names it
  std::vector<CompiledRouteRule> rules;
  std::vector<RoutingTeam> teams;
  int node_count = 0;
};

// Binds `routing` against the plan's output columns: Error(kPolicy) with
// every mistake located (an unknown column or touchpoint field with a
// did-you-mean, a column that is not an output, a type the rule cannot use).
CompiledRouting CompileRouting(const PolicyAst& policy, const Plan& plan);

}  // namespace acctseg

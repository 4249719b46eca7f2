// Helpers the steps use to explain a row: values as JSON and as text, an
// expression evaluated for one row, and the columns an expression read.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "expr/bound_expr.h"
#include "steps/step.h"

namespace acctseg {

// A column's value at `row`: NULL -> null, decimals as numbers.
nlohmann::ordered_json ValueJson(const Column& column, size_t row);
// For sentences: 'text', 120, 45.60, TRUE, NULL.
std::string ValueText(const Column& column, size_t row);

// One value of an expression at `row`, as JSON and as text.
struct RowValue {
  nlohmann::ordered_json json;
  std::string text;
  bool is_true = false;  // for conditions: TRUE (not FALSE, not NULL)
};
RowValue EvaluateAt(const BoundExpr& expr, const RunState& state, size_t row);
// The same with the caller's scratch (sized for state.data.node_count), for
// callers that evaluate often (the router, per decision) and keep theirs.
RowValue EvaluateAt(const BoundExpr& expr, const RunState& state, size_t row, EvalScratch& scratch);

// The columns `expr` reads and their values at `row`, e.g.
// {"employees": 120, "global.own_segment": "SMB"}; a family aggregate adds
// {"FAMILY_MAX(own_segment)": {"value": "Enterprise", "from": "A0003"}}.
// `id_slot` (or -1) names members by id.
nlohmann::ordered_json ReadsAt(const BoundExpr& expr, const RunState& state, size_t row,
                               int id_slot);
// The same as "employees = 120, global.own_segment = 'SMB'".
std::string ReadsText(const nlohmann::ordered_json& reads);

// The slot of the family id column, for naming members (-1 if no family).
int FamilyIdSlot(const RunState& state);

}  // namespace acctseg

// Explanations: for one account of a finished run, what every step decided
// and why (docs/explain.md documents the JSON). Built from the run's state
// and traces, re-evaluating expressions for that one row, so the answer is
// exactly what the run computed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "plan/plan.h"

namespace acctseg {

// {"account", "input": {"path", "line"}, "outputs": {...}, "issues": [...],
//  "steps": [ {kind, label, outputs, summary, ...}, ... ]}
nlohmann::ordered_json ExplainAccount(const Execution& execution, size_t row);

// The same as text for a terminal: the outputs, then one numbered line per
// step, then the issues.
std::string RenderExplanationText(const nlohmann::ordered_json& explanation);

}  // namespace acctseg

// A learned scorecard written out as an ordinary `score:` step of the
// policy language (docs/policy-language.md §3.4): one term per bin, its
// condition on the feature's column, whole points, and comments with
// what the card was learned from (each feature's IV and coefficient, each
// bin's WoE, deals and win rate, the cross-validated AUC). The terms of a
// feature are mutually exclusive and cover every value, NULL included, so
// a run's score equals ScoreRows for every row.
#pragma once

#include <string>
#include <vector>

#include "learn/scorecard.h"

namespace acctseg::learn {

// How a feature's column writes its values in an expression (the frame
// holds them all as numbers).
enum class ValueSyntax { kNumber, kBoolean, kDate, kTimestamp };

struct ScorecardYamlOptions {
  std::string output = "fit_score";  // the score step's output column
  std::vector<ValueSyntax> syntax;   // per frame feature; missing = kNumber
  std::string command;               // the learning options as flags, for a comment; "" = none
};

// The step as a sequence item indented for a policy's `steps:` list.
// Errors (kUsage): a feature whose name holds a double quote (an
// expression cannot name that column).
std::string ScorecardYaml(const ScorecardResult& result, const ScorecardYamlOptions& options);

// The condition of one bin, e.g. `"Deal Size" >= 3 AND "Deal Size" < 5`.
std::string BinCondition(const BinnedFeature& feature, size_t bin, ValueSyntax syntax);

}  // namespace acctseg::learn

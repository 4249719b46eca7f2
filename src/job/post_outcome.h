// Which of a policy's columns are known only once a deal's outcome is:
// input columns declared `post_outcome: true`, and every step output that
// reads one (a cycle computed from the close date is as late as the close
// date). Learning never uses them as features, so a model cannot score the
// future with facts from after it.
#pragma once

#include <string>
#include <vector>

#include "plan/plan.h"

namespace acctseg {

struct PostOutcomeColumn {
  std::string name;
  // The late column it is computed from (the first one its step reads);
  // "" for a column declared `post_outcome: true`.
  std::string source;

  // Why it is late, for messages: "declared post_outcome: true" or
  // "computed from a post_outcome column (closed)".
  std::string Why() const;
};

// In policy order: declared columns, then step outputs derived from them.
// A step counts as reading a column when any of its expressions names it
// (conservative: a classify step with one late rule is late as a whole).
std::vector<PostOutcomeColumn> PostOutcomeColumns(const Plan& plan);

}  // namespace acctseg

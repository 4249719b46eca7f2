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

// In policy order: declared columns, then step outputs derived from them.
// A step counts as reading a column when any of its expressions names it
// (conservative: a classify step with one late rule is late as a whole).
std::vector<std::string> PostOutcomeColumns(const Plan& plan);

}  // namespace acctseg

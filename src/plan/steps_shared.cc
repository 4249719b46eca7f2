// Plan::StepsSharedWith: how far two plans may share one run's state.
#include <algorithm>

#include "plan/plan.h"
#include "policy/same_steps.h"

namespace acctseg {
namespace {

bool SameColumns(const PlanInput& a, const PlanInput& b) {
  if (a.name != b.name || a.key_column != b.key_column || !(a.format == b.format) ||
      a.columns.size() != b.columns.size())
    return false;
  for (size_t i = 0; i < a.columns.size(); ++i)
    if (a.columns[i].name != b.columns[i].name || !(a.columns[i].type == b.columns[i].type))
      return false;
  return true;
}

}  // namespace

size_t Plan::StepsSharedWith(const Plan& other) const {
  // The policies' own words decide; compile made one compiled step of each
  // policy step, in order (coverage, compiled after them, is never shared).
  const size_t same = std::min({SameLeadingSteps(policy_, other.policy_), policy_.steps.size(),
                                steps_.size(), other.steps_.size()});
  if (same == 0 || inputs_.size() != other.inputs_.size()) return 0;
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (!SameColumns(inputs_[i], other.inputs_[i])) return 0;
  // What the same text compiled to must agree too: where each step writes
  // and which issues it may raise.
  for (size_t s = 0; s < same; ++s) {
    const CompiledStep& mine = *steps_[s];
    const CompiledStep& theirs = *other.steps_[s];
    const StepDependencies& a = mine.dependencies;
    const StepDependencies& b = theirs.dependencies;
    if (mine.table != theirs.table || a.first_output != b.first_output ||
        a.end_output != b.end_output || a.issue_bits != b.issue_bits)
      return s;
    for (size_t bit = 0; bit < 64; ++bit)
      if ((a.issue_bits >> bit & 1) &&
          (bit >= issues_.codes().size() || bit >= other.issues_.codes().size() ||
           issues_.codes()[bit] != other.issues_.codes()[bit]))
        return s;
  }
  return same;
}

}  // namespace acctseg

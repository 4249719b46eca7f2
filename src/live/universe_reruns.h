// Which steps an update of some input columns re-runs, and whether it can
// re-run them on the account's row alone (docs/architecture.md, "How live
// updates stay exact"). A step re-runs when it reads a column the update
// changed or that a re-run step before it defines. When no re-run step reads
// through the family (parent., global., a FAMILY_* aggregate), no other
// row's outputs can read what changed, so the account's row is all there is
// to recompute (with the rows its tier rank moves across a cut).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "plan/plan.h"

namespace acctseg {

struct RowLocalRerun {
  std::vector<bool> steps;    // per plan step: re-run it
  std::vector<bool> prefill;  // per slot: computed by a step not re-run, read by one that is
  uint64_t kept_issues = 0;   // the issue bits a row keeps from the steps not re-run
};

// The re-run of an update of the input columns `changed` (their slots),
// or nullopt when the account's whole family must be re-run: a re-run step
// reads through the family, or reads columns in a way not declared in its
// dependencies (normalize, predict, dedupe, aggregate), or issue bits are
// shared so that a row's could not be told apart. The family step itself
// reads only the key and the parent, which the caller must not be changing.
std::optional<RowLocalRerun> PlanRowLocalRerun(const Plan& plan, const std::vector<int>& changed);

}  // namespace acctseg

// The capacity job: run a policy over its inputs (not recorded), take its
// `capacity:` section and the coverage outputs of the finished table, and
// compute the capacity plan (coverage/capacity.h), with the what-if on the
// headcount the policy or --headcount gives.
// Errors: acctseg::Error (policy, input, usage), as `run`; kUsage for a
// policy without `capacity:`, a malformed --headcount or one naming a role
// the policy does not declare or does not staff (hours_per_year 0).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coverage/capacity.h"
#include "job/policy_run.h"
#include "policy/policy_ast.h"

namespace acctseg {

struct CapacityJobOptions {
  PolicyRunOptions run;
  std::optional<double> attrition;  // --attrition: every role's, over the policy's
  std::string headcount;            // --headcount "enterprise_ae=20,csm=8"
  // Files the caller will write ("-" and "" ignored): refused (kUsage)
  // when one is an input.
  std::vector<std::string> outputs;
  // Store the plan in the run store (run.store) as the next version of
  // this name ("" = not stored), before the caller writes any file.
  std::string name;
};

struct CapacityJobResult {
  PolicyRun run;
  coverage::CapacityPlan plan;
  std::string stored;  // "name@version" when stored
};

CapacityJobResult CapacityJob(const CapacityJobOptions& options);

// The policy's `capacity:` and `coverage:` sections as the library's config
// (columns from capacity.columns and coverage.outputs, the account column
// the input's key). Error kUsage when the policy declares no capacity.
coverage::CapacityConfig CapacityConfigOf(const PolicyAst& policy, const std::string& key_column);

// Applies --attrition (every role, overriding per-role values too) and
// --headcount ("role=N,role=N": N a whole number >= 0, of a staffed role:
// one with hours_per_year above 0) to `config`.
void ApplyCapacityOverrides(coverage::CapacityConfig& config, std::optional<double> attrition,
                            const std::string& headcount);

}  // namespace acctseg

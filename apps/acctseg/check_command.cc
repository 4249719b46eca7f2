#include <cstdio>

#include "commands.h"
#include "job/model_jobs.h"
#include "plan/plan.h"
#include "routing/router.h"

namespace acctseg::cli {

int CheckCommand(const CheckCommandOptions& options) {
  std::unique_ptr<Plan> plan =
      Plan::CompileFile(options.policy, options.as_of, StoredModels(options.store));
  // Routing is compiled here, not by Plan::Compile: `run` ignores it, but a
  // mistake in it is a policy mistake, found before `serve` meets a touchpoint.
  const PolicyAst& policy = plan->policy();
  if (policy.routing) Router::Compile(policy, *plan);
  if (!options.quiet) {
    std::printf("%s: OK\n", options.policy.c_str());
    for (const PlanInput& input : plan->inputs()) {
      std::string columns;
      for (const auto& c : input.columns) columns += (columns.empty() ? "" : ", ") + c.name;
      std::printf("  input \"%s\" reads: %s\n", input.name.c_str(), columns.c_str());
    }
    std::string outputs;
    for (const auto& c : plan->output_names()) outputs += (outputs.empty() ? "" : ", ") + c;
    std::printf("  steps: %zu\n  output: %s\n", plan->step_count(), outputs.c_str());
    if (policy.routing) {
      std::string fields;
      for (const auto& f : policy.routing->touchpoint)
        fields += (fields.empty() ? "" : ", ") + f.name.name;
      std::printf("  routing: %zu rules, %zu teams, touchpoint fields: %s\n",
                  policy.routing->rules.size(), policy.routing->teams.size(),
                  fields.empty() ? "(none)" : fields.c_str());
    }
  }
  return 0;
}

}  // namespace acctseg::cli

#include <cstdio>

#include "commands.h"
#include "plan/plan.h"

namespace acctseg::cli {

int CheckCommand(const CheckCommandOptions& options) {
  std::unique_ptr<Plan> plan = Plan::CompileFile(options.policy, options.as_of);
  if (!options.quiet) {
    std::string columns;
    for (const auto& c : plan->input_columns()) columns += (columns.empty() ? "" : ", ") + c.name;
    std::string outputs;
    for (const auto& c : plan->output_names()) outputs += (outputs.empty() ? "" : ", ") + c;
    std::printf("%s: OK\n  input \"%s\" reads: %s\n  steps: %zu\n  output: %s\n",
                options.policy.c_str(), plan->input_name().c_str(), columns.c_str(),
                plan->step_count(), outputs.c_str());
  }
  return 0;
}

}  // namespace acctseg::cli

#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common/error.h"
#include "common/parallel.h"
#include "explain/explain.h"
#include "feedback.h"

namespace acctseg::cli {

int ExplainCommand(const ExplainCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Plan> plan = Plan::CompileFile(options.policy);
  if (plan->key_column().empty())
    throw Error(ErrorKind::kUsage,
                options.policy + ": explain needs the policy's input to declare a key");
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  std::unique_ptr<Execution> execution =
      plan->Execute(InputPath(options.inputs, plan->input_name()), run_options);
  std::string out;
  for (const std::string& account : options.accounts) {
    std::optional<size_t> row = execution->FindAccount(account);
    if (!row)
      throw Error(ErrorKind::kNotFound, "no account with " + plan->key_column() + " \"" + account +
                                            "\" in " + execution->state.input_path);
    nlohmann::ordered_json explanation = ExplainAccount(*execution, *row);
    if (options.format == "json")
      out += explanation.dump(2) + "\n";
    else
      out += (out.empty() ? "" : "\n") + RenderExplanationText(explanation);
  }
  std::fputs(out.c_str(), stdout);
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: explained %zu of %zu accounts (%s) in %.2f s\n",
                 options.accounts.size(), execution->result.outputs.row_count(),
                 execution->state.input_path.c_str(), SecondsSince(start));
  return 0;
}

}  // namespace acctseg::cli

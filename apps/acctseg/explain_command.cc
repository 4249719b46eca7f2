#include <chrono>
#include <cstdio>

#include "command_line.h"
#include "commands.h"
#include "common/counted.h"
#include "explain/explain.h"
#include "feedback.h"
#include "job/explain_job.h"

namespace acctseg::cli {

int ExplainCommand(const ExplainCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  ExplainJobOptions job_options;
  job_options.policy_path = options.policy;
  job_options.inputs = options.inputs;
  job_options.accounts = options.accounts;
  job_options.threads = options.threads;
  job_options.as_of = options.as_of;
  job_options.store = options.store;
  job_options.cache = options.cache;
  ExplainJobResult job = ExplainJob(job_options);
  std::string out;
  for (const nlohmann::ordered_json& explanation : job.explanations) {
    if (options.format == "json")
      out += explanation.dump(2) + "\n";
    else
      out += (out.empty() ? "" : "\n") + RenderExplanationText(explanation);
  }
  std::fputs(out.c_str(), stdout);
  FinishStandardOutput();  // before saying it was explained
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: explained %zu of %s (%s) in %.2f s\n", options.accounts.size(),
                 Counted(job.row_count, "account").c_str(), job.input_path.c_str(),
                 SecondsSince(start));
  return 0;
}

}  // namespace acctseg::cli

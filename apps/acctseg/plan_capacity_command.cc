// `acctseg plan capacity`: headcount per role and region from the policy's
// coverage and capacity sections, with the what-if on headcount
// (docs/planning/capacity.md). Flags only; the work is CapacityJob.
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

#include "cache_commands.h"
#include "command_line.h"
#include "common/counted.h"
#include "common/stopwatch.h"
#include "coverage/capacity_render.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "job/capacity_job.h"
#include "plan_commands.h"
#include "versioned_name_option.h"

namespace acctseg::cli {
namespace {

struct CapacityCommandOptions {
  CapacityJobOptions job;
  double attrition = -1;  // -1: not given
  std::string format = "text";
  std::string output = "-";
  std::string uncovered_out;
  bool quiet = false;
};

void Publish(const std::string& path, const std::string& text) {
  AtomicFile file(path.empty() ? "-" : path);
  file.Write(text);
  file.Commit();
}

int RunCapacity(CapacityCommandOptions options) {
  auto start = std::chrono::steady_clock::now();
  if (options.attrition >= 0) options.job.attrition = options.attrition;
  options.job.outputs = {options.output, options.uncovered_out};
  CapacityJobResult result = CapacityJob(options.job);
  if (!options.quiet)
    for (const std::string& note : result.run.execution->result.notes)
      std::fprintf(stderr, "acctseg: warning: %s\n", note.c_str());
  const coverage::CapacityPlan& plan = result.plan;
  std::ostringstream text;
  if (options.format == "json")
    coverage::RenderCapacityJson(plan, text);
  else if (options.format == "html")
    coverage::RenderCapacityHtml(plan, text);
  else
    coverage::RenderCapacityText(plan, text);
  // The uncovered list first: the report is what a script waits for.
  if (!options.uncovered_out.empty()) {
    std::ostringstream csv;
    coverage::RenderUncoveredCsv(plan, csv);
    Publish(options.uncovered_out, csv.str());
  }
  Publish(options.output, text.str());
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: capacity plan of %s: %.1f FTE in %s, %.2f s -> %s%s%s\n",
                 Counted(plan.total.accounts, "account").c_str(), plan.total.headcount_needed,
                 Counted(plan.roles.size(), "role").c_str(), SecondsSince(start),
                 options.output == "-" ? "standard output" : options.output.c_str(),
                 result.stored.empty() ? "" : "; stored as ", result.stored.c_str());
  return 0;
}

}  // namespace

LearnSubcommand AddPlanCapacityCommand(CLI::App& plan, const std::string& store_help) {
  auto options = std::make_shared<CapacityCommandOptions>();
  CLI::App* app = plan.add_subcommand(
      "capacity",
      "Headcount needed per role and region from the policy's coverage and capacity sections, "
      "its cost and quota coverage, and a what-if on headcount");
  PolicyRunOptions& run = options->job.run;
  app->add_option("--policy,-p", run.policy_path, "Policy file (YAML) with coverage: and capacity:")
      ->required();
  app->add_option("--input,-i", run.inputs, "Input as NAME=PATH, or PATH")->required();
  app->add_option("--attrition", options->attrition,
                  "Yearly attrition of every role, from 0 up to (not including) 1 "
                  "(default: the policy's)")
      ->check(FiniteNumber(0, true, 1, false));
  app->add_option("--headcount", options->job.headcount,
                  "What-if headcount per role, e.g. enterprise_ae=20,csm=8 (default: the "
                  "policy's capacity.roles headcount)");
  app->add_option("--uncovered-out", options->uncovered_out,
                  "CSV of the accounts the what-if leaves uncovered");
  app->add_option("--format,-f", options->format, "text, json or html")
      ->transform(CLI::IsMember({"text", "json", "html"}, CLI::ignore_case));
  app->add_option("--output,-o", options->output, "Report file; - for standard output")
      ->default_val("-");
  app->add_option("--threads,-t", run.threads, "Worker threads (default: all cores)")
      ->check(ZeroOrMore());
  app->add_option("--store", run.store, store_help);
  app->add_option(
         "--name", options->job.name,
         "Store the plan in the run store as NAME (NAME@1, @2, ...); plan diff compares two")
      ->check(VersionedName());
  AddAsOfOption(*app, run.as_of);
  AddInputCacheFlags(app, run.cache);
  app->add_flag("--quiet,-q", options->quiet, "No warnings or summary line on standard error");
  return {app, [options] { return RunCapacity(*options); }};
}

}  // namespace acctseg::cli

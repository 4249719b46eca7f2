// acctseg: the command-line front end. Only flags live here; every command
// is a call into the library (src/). Exit codes: docs/cli.md.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cache_commands.h"
#include "command_line.h"
#include "commands.h"
#include "common/error.h"
#include "feedback.h"
#include "learn_commands.h"
#include "models_commands.h"
#include "plan_commands.h"
#include "runs_commands.h"
#include "serve_command.h"
#include "startup_allocator.h"

int main(int argc, char** argv) {
  using namespace acctseg;
  cli::ChooseAllocator(argc, argv);
  CLI::App app{
      "acctseg — account segmentation engine: runs a segmentation policy over an account universe",
      "acctseg"};
  app.set_version_flag("--version", "acctseg " ACCTSEG_VERSION);
  app.require_subcommand(1);
  const std::string store_help =
      "Run store: a SQLite file or postgresql://user:pass@host:port/db "
      "(default: $ACCTSEG_STORE, else ./acctseg-runs.sqlite)";

  cli::RunCommandOptions run;
  CLI::App* run_cmd =
      app.add_subcommand("run", "Run a policy over an input and write one row per account");
  run_cmd->add_option("--policy,-p", run.job.policy_path, "Policy file (YAML)")->required();
  run_cmd
      ->add_option("--input,-i", run.job.inputs,
                   "Input as NAME=PATH (NAME as in the policy's input), or PATH")
      ->required();
  cli::AddTableOutputFlags(*run_cmd, run.job.output_path, run.job.format, run.job.escape_formulas,
                           run.job.delimiter, run.job.decimal_mark);
  run_cmd->add_option("--threads,-t", run.job.threads, "Worker threads (default: all cores)")
      ->check(cli::ZeroOrMore());
  run_cmd->add_flag("--keep-columns", run.job.keep_columns,
                    "Pass the input's other columns through, after the policy's");
  run_cmd->add_flag("--allow-empty", run.job.allow_empty,
                    "Run an accounts input that has a header and no rows (else exit 65)");
  run_cmd->add_flag("--strict", run.job.strict,
                    "Warnings (rows matching no account, a total line, ...) stop the run with "
                    "exit 65 before anything is written or recorded");
  run_cmd->add_flag("--trace", run.job.trace,
                    "Keep the full trace of every account in the run store");
  cli::AddAsOfOption(*run_cmd, run.job.as_of);
  run_cmd->add_option("--store", run.job.store, store_help);
  run_cmd->add_flag("--no-store", run.no_store, "Do not record this run in the run store");
  cli::AddInputCacheFlags(run_cmd, run.job.cache);
  run_cmd->add_flag("--quiet,-q", run.quiet,
                    "No progress bar and no summary line on standard error");
  run_cmd->add_flag("--profile", run.profile,
                    "Print the time of each stage and the peak memory on standard error");
  cli::AddOffFlag(*run_cmd, "--no-fuse", run.job.fuse,
                  "Run every step over all rows before the next, instead of running groups of "
                  "row-local steps batch by batch (for comparing the two)");
  cli::AddOffFlag(*run_cmd, "--no-run-ahead", run.job.run_ahead,
                  "Run every step in its turn, instead of starting a predict step whose "
                  "columns are ready early, in the time the steps before it leave a core "
                  "idle (for comparing the two)");

  cli::CheckCommandOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Validate a policy without running it");
  check_cmd->add_option("--policy,-p", check.policy, "Policy file (YAML)")->required();
  cli::AddAsOfOption(*check_cmd, check.as_of);
  check_cmd->add_option("--store", check.store, store_help);
  check_cmd->add_flag("--quiet,-q", check.quiet, "Print nothing when the policy is valid");

  cli::ExplainCommandOptions explain;
  CLI::App* explain_cmd =
      app.add_subcommand("explain", "Explain why an account got its segment, tier, score, ...");
  explain_cmd->add_option("--policy,-p", explain.policy, "Policy file (YAML)")->required();
  explain_cmd->add_option("--input,-i", explain.inputs, "Input as NAME=PATH, or PATH")->required();
  explain_cmd
      ->add_option("--account,-a", explain.accounts,
                   "Account id (the policy's input key); repeatable")
      ->required();
  explain_cmd->add_option("--format,-f", explain.format, "text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case))
      ->default_val("text");
  explain_cmd->add_option("--threads,-t", explain.threads, "Worker threads (default: all cores)")
      ->check(cli::ZeroOrMore());
  cli::AddAsOfOption(*explain_cmd, explain.as_of);
  explain_cmd->add_option("--store", explain.store, store_help);
  cli::AddInputCacheFlags(explain_cmd, explain.cache);
  explain_cmd->add_flag("--quiet,-q", explain.quiet, "No summary line on standard error");

  cli::QualityCommandOptions quality;
  CLI::App* quality_cmd = app.add_subcommand(
      "quality", "Report on the inputs' data quality: completeness, invalid values, keys");
  quality_cmd->add_option("--policy,-p", quality.job.policy_path, "Policy file (YAML)")->required();
  quality_cmd->add_option("--input,-i", quality.job.inputs, "Input as NAME=PATH, or PATH")
      ->required();
  quality_cmd->add_option("--format,-f", quality.format, "text, json or html")
      ->transform(CLI::IsMember({"text", "json", "html"}, CLI::ignore_case));
  quality_cmd->add_option("--output,-o", quality.job.output, "Report file; - for standard output")
      ->default_val("-");
  quality_cmd
      ->add_option("--threads,-t", quality.job.threads, "Worker threads (default: all cores)")
      ->check(cli::ZeroOrMore());
  cli::AddAsOfOption(*quality_cmd, quality.job.as_of);
  quality_cmd->add_option("--store", quality.job.store, store_help);
  quality_cmd->add_flag("--quiet,-q", quality.quiet, "No summary line on standard error");

  std::vector<cli::LearnSubcommand> runs = cli::AddRunsCommands(app, store_help);

  cli::DiffCommandOptions diff;
  CLI::App* diff_cmd = app.add_subcommand("diff", "Compare two recorded runs: what moved, and why");
  diff_cmd->add_option("before", diff.job.run_before, "The earlier run (id, prefix, latest~1, ...)")
      ->required();
  diff_cmd->add_option("after", diff.job.run_after, "The later run (id, prefix, latest, ...)")
      ->required();
  diff_cmd->add_option("--store", diff.job.store, store_help);
  diff_cmd->add_option("--format,-f", diff.format, "text, csv, json or html")
      ->transform(CLI::IsMember({"text", "csv", "json", "html"}, CLI::ignore_case));
  diff_cmd->add_option("--output,-o", diff.output, "Report file; - for standard output")
      ->default_val("-");
  diff_cmd
      ->add_option("--max-listed", diff.job.max_listed,
                   "Moved accounts listed in full (all are counted)")
      ->check(cli::ZeroOrMore());
  cli::AddOffFlag(*diff_cmd, "--no-explain", diff.job.explain,
                  "Do not re-run the stored policies to explain moved accounts");
  diff_cmd->add_flag("--quiet,-q", diff.quiet, "No summary line");
  cli::AddInputCacheFlags(diff_cmd, diff.job.cache);

  cli::WhatifCommandOptions whatif;
  CLI::App* whatif_cmd = app.add_subcommand(
      "whatif", "Run two policies over one input and show what would move, and why");
  whatif_cmd->add_option("--policy,-p", whatif.policies, "The current policy, then the new one")
      ->required()
      ->expected(2);
  whatif_cmd->add_option("--input,-i", whatif.job.inputs, "Input as NAME=PATH, or PATH")
      ->required();
  whatif_cmd->add_option("--format,-f", whatif.format, "text, csv, json or html")
      ->transform(CLI::IsMember({"text", "csv", "json", "html"}, CLI::ignore_case));
  whatif_cmd->add_option("--output,-o", whatif.output, "Report file; - for standard output")
      ->default_val("-");
  whatif_cmd
      ->add_option("--max-listed", whatif.job.max_listed,
                   "Moved accounts listed in full (all are counted)")
      ->check(cli::ZeroOrMore());
  whatif_cmd->add_option("--threads,-t", whatif.job.threads, "Worker threads (default: all cores)")
      ->check(cli::ZeroOrMore());
  cli::AddAsOfOption(*whatif_cmd, whatif.job.as_of);
  whatif_cmd->add_option("--store", whatif.job.store, store_help);
  cli::AddInputCacheFlags(whatif_cmd, whatif.job.cache);
  whatif_cmd->add_flag("--quiet,-q", whatif.quiet, "No summary line");

  std::vector<cli::LearnSubcommand> learn = cli::AddLearnCommands(app);
  for (cli::LearnSubcommand& command : runs) learn.push_back(std::move(command));
  for (cli::LearnSubcommand& command : cli::AddModelsCommands(app, store_help))
    learn.push_back(std::move(command));
  for (cli::LearnSubcommand& command : cli::AddPlanCommands(app, store_help))
    learn.push_back(std::move(command));
  for (cli::LearnSubcommand& command : cli::AddServeCommands(app, store_help))
    learn.push_back(std::move(command));
  for (cli::LearnSubcommand& command : cli::AddCacheCommands(app))
    learn.push_back(std::move(command));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli::ReportParseError(app, e, argc, argv);
  }
  // A report's format from its file's extension; a text report lists a
  // terminal's worth of moved accounts unless told.
  const std::vector<std::string> report_formats = {"text", "csv", "json", "html"};
  diff.format = cli::ReportFormat(*diff_cmd, diff.format, diff.output, report_formats);
  if (diff.format == "text" && diff_cmd->count("--max-listed") == 0)
    diff.job.max_listed = cli::kTextMaxListed;
  whatif.format = cli::ReportFormat(*whatif_cmd, whatif.format, whatif.output, report_formats);
  if (whatif.format == "text" && whatif_cmd->count("--max-listed") == 0)
    whatif.job.max_listed = cli::kTextMaxListed;
  quality.format =
      cli::ReportFormat(*quality_cmd, quality.format, quality.job.output, {"text", "json", "html"});
  // Ctrl-C or SIGTERM: exit 130 saying so, as cli.md promises, for every
  // command (quality and diff exited 143 without a word); the commands that
  // stop at a safe point instead (run, whatif, serve) install their own.
  cli::InstallInterruptExit();
  auto dispatch = [&]() -> int {
    if (*run_cmd) return cli::RunCommand(run);
    if (*check_cmd) return cli::CheckCommand(check);
    if (*explain_cmd) return cli::ExplainCommand(explain);
    if (*quality_cmd) return cli::QualityCommand(quality);
    if (*diff_cmd) return cli::DiffCommand(diff);
    if (*whatif_cmd) return cli::WhatifCommand(whatif);
    for (const cli::LearnSubcommand& command : learn)
      if (*command.app) return command.run();
    return 0;
  };
  try {
    const int status = dispatch();
    // What a command printed on standard output is still in stdio's buffer:
    // a full disk or a closed pipe shows only when it is flushed.
    cli::FinishStandardOutput();
    return status;
  } catch (const Error& e) {
    std::fprintf(stderr, "acctseg: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "acctseg: internal error: %s\n", e.what());
    return static_cast<int>(ErrorKind::kInternal);
  }
}

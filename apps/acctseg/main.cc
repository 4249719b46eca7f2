// acctseg: the command-line front end. Only flags live here; every command
// is a call into the library (src/). Exit codes: docs/cli.md.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.h"
#include "common/error.h"

int main(int argc, char** argv) {
  using namespace acctseg;
  CLI::App app{"acctseg — account segmentation engine: runs a segmentation policy over an account universe",
               "acctseg"};
  app.set_version_flag("--version", "acctseg 0.1.0");
  app.require_subcommand(1);

  cli::RunCommandOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a policy over an input and write one row per account");
  run_cmd->add_option("--policy,-p", run.policy, "Policy file (YAML)")->required();
  run_cmd->add_option("--input,-i", run.inputs, "Input as NAME=PATH (NAME as in the policy's input), or PATH")
      ->required();
  run_cmd->add_option("--output,-o", run.output, "Output file; - for standard output")->default_val("-");
  run_cmd->add_option("--format,-f", run.format, "csv or jsonl (default: from the output's extension, else csv)");
  run_cmd->add_option("--threads,-t", run.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  run_cmd->add_flag("--keep-columns", run.keep_columns, "Pass the input's other columns through, after the policy's");
  run_cmd->add_flag("--quiet,-q", run.quiet, "No summary line on standard error");
  run_cmd->add_flag("--profile", run.profile, "Print the time of each stage and the peak memory on standard error");

  cli::CheckCommandOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Validate a policy without running it");
  check_cmd->add_option("--policy,-p", check.policy, "Policy file (YAML)")->required();
  check_cmd->add_flag("--quiet,-q", check.quiet, "Print nothing when the policy is valid");

  cli::ExplainCommandOptions explain;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Explain why an account got its segment, tier, score, ...");
  explain_cmd->add_option("--policy,-p", explain.policy, "Policy file (YAML)")->required();
  explain_cmd->add_option("--input,-i", explain.inputs, "Input as NAME=PATH, or PATH")->required();
  explain_cmd->add_option("--account,-a", explain.accounts, "Account id (the policy's input key); repeatable")
      ->required();
  explain_cmd->add_option("--format,-f", explain.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_val("text");
  explain_cmd->add_option("--threads,-t", explain.threads, "Worker threads (default: all cores)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ErrorKind::kUsage);
  }
  try {
    if (*run_cmd) return cli::RunCommand(run);
    if (*check_cmd) return cli::CheckCommand(check);
    if (*explain_cmd) return cli::ExplainCommand(explain);
  } catch (const Error& e) {
    std::fprintf(stderr, "acctseg: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "acctseg: internal error: %s\n", e.what());
    return static_cast<int>(ErrorKind::kInternal);
  }
  return 0;
}

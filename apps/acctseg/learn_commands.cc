#include "learn_commands.h"

#include <cstdio>

#include "command_line.h"

namespace acctseg::cli {
namespace {

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

void AddLearnDataFlags(CLI::App& command, LearnDataOptions& options) {
  command.add_option("--policy,-p", options.policy_path, "Policy file (YAML)")->required();
  command.add_option("--input,-i", options.inputs, "Input as NAME=PATH, or PATH")->required();
  command
      .add_option("--outcome", options.frame.outcome,
                  "The outcome column: a boolean, 0/1, or text with --positive")
      ->required();
  command.add_option("--positive", options.frame.positive,
                     "Text outcome: the value that counts as a win (e.g. Won)");
  command.add_option("--id", options.frame.id,
                     "Column naming each row (default: the policy's input key)");
  command.add_option_function<std::string>(
      "--features",
      [&options](const std::string& list) { options.frame.features = SplitList(list); },
      "Feature columns, comma-separated (default: every column except the outcome, measures, "
      "ids, post_outcome columns and text with more than --max-categories values)");
  command.add_option_function<std::string>(
      "--exclude",
      [&options](const std::string& list) {
        for (std::string& name : SplitList(list)) options.frame.exclude.push_back(name);
      },
      "Columns never used as features, comma-separated");
  command
      .add_option("--max-categories", options.frame.max_categories,
                  "Text columns with more distinct values are not features by default")
      ->default_val(200)
      ->check(ZeroOrMore());
  command.add_option("--amount", options.frame.amount, "The deal's amount column (won amount)");
  command.add_option("--cycle", options.frame.cycle_days,
                     "The deal's sales cycle in days (days to close)");
  command.add_option("--outcome-date", options.frame.outcome_day,
                     "The date each outcome became known (for a held-out time split)");
  command.add_option("--threads,-t", options.threads, "Worker threads (default: all cores)")
      ->check(ZeroOrMore());
  command.add_option("--store", options.store,
                     "Run store for models (default: $ACCTSEG_STORE, else ./acctseg-runs.sqlite)");
  AddAsOfOption(command, options.as_of);
}

void PrintLearnNotes(const LearnData& data) {
  for (const std::string& note : data.execution->result.notes)
    std::fprintf(stderr, "acctseg: warning: %s\n", note.c_str());
  for (const std::string& note : data.build.notes)
    std::fprintf(stderr, "acctseg: note: %s\n", note.c_str());
}

std::vector<LearnSubcommand> AddLearnCommands(CLI::App& app) {
  CLI::App* learn = app.add_subcommand(
      "learn",
      "Learn from won and lost deals: lift tables, propensity models, scorecards, "
      "clusters (docs/learning.md)");
  learn->require_subcommand(1);
  std::vector<LearnSubcommand> commands;
  // One line per subcommand (learn_*_command.cc).
  commands.push_back(AddLearnLiftCommand(*learn));
  commands.push_back(AddLearnScorecardCommand(*learn));
  commands.push_back(AddLearnClustersCommand(*learn));
  commands.push_back(AddLearnPropensityCommand(*learn));
  return commands;
}

}  // namespace acctseg::cli

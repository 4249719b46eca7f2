// `acctseg learn SUBCOMMAND`: each subcommand lives in its own file
// (learn_lift_command.cc, ...), adds its flags to the `learn` group and
// says how to run; main.cc only asks for the group.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "job/learn_job.h"

namespace acctseg::cli {

// A registered subcommand and what runs when the command line chose it.
struct LearnSubcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// The flags every learn subcommand shares (policy, inputs, outcome,
// features, measures, threads), bound into `options`.
void AddLearnDataFlags(CLI::App& command, LearnDataOptions& options);

LearnSubcommand AddLearnPropensityCommand(CLI::App& learn);  // learn_propensity_command.cc

// Adds `learn` and its subcommands to `app`; the result lists them.
std::vector<LearnSubcommand> AddLearnCommands(CLI::App& app);

LearnSubcommand AddLearnLiftCommand(CLI::App& learn);       // learn_lift_command.cc
LearnSubcommand AddLearnScorecardCommand(CLI::App& learn);  // learn_scorecard_command.cc
LearnSubcommand AddLearnClustersCommand(CLI::App& learn);   // learn_clusters_command.cc

// Prints the frame's notes (columns left out, rows without an outcome) as
// warnings on standard error, as `run` prints its notes.
void PrintLearnNotes(const LearnData& data);

}  // namespace acctseg::cli

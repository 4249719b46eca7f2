// `acctseg plan SUBCOMMAND`: planning from a finished segmentation —
// capacity (plan_capacity_command.cc), territories
// (plan_territories_command.cc) and the stored plans (list, show, diff).
// Each subcommand lives in its own file, adds its flags to the `plan` group
// and says how to run; main.cc only asks for the group (docs/planning.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "learn_commands.h"

namespace acctseg::cli {

// Adds `plan` and its subcommands to `app`; the result lists them.
std::vector<LearnSubcommand> AddPlanCommands(CLI::App& app, const std::string& store_help);

// One declaration per subcommand, each defined in its own file.
LearnSubcommand AddPlanCapacityCommand(CLI::App& plan, const std::string& store_help);
std::vector<LearnSubcommand> AddPlanStoreCommands(CLI::App& plan,
                                                  const std::string& store_help);  // list/show/diff
LearnSubcommand AddPlanTerritoriesCommand(CLI::App& plan, const std::string& store_help);

}  // namespace acctseg::cli

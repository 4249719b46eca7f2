// `acctseg runs list | show | export | delete | prune`: the recorded runs,
// one run's record or results, and keeping the store's size in check
// (docs/run-store.md, "Exporting a run" and "Keeping the store small").
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "learn_commands.h"

namespace acctseg::cli {

// Adds `runs` and its subcommands to `app`; the result says how to run each.
std::vector<LearnSubcommand> AddRunsCommands(CLI::App& app, const std::string& store_help);

}  // namespace acctseg::cli

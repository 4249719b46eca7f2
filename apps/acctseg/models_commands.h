// `acctseg models ...`: listing, showing and comparing trained models.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "learn_commands.h"

namespace acctseg::cli {

// Adds `models list|show|diff`; the result says how to run each.
std::vector<LearnSubcommand> AddModelsCommands(CLI::App& app, const std::string& store_help);

}  // namespace acctseg::cli

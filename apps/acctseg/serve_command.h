// `acctseg serve` (the live server, docs/serve.md) and `acctseg serve token`
// (a new bearer token and its tokens-file line): flags only; the server
// itself is src/server/serve.h.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "learn_commands.h"

namespace acctseg::cli {

// Adds `serve` and `serve token` to `app`; the result lists them, the
// subcommand first (a chosen `serve token` also counts as `serve`).
std::vector<LearnSubcommand> AddServeCommands(CLI::App& app, const std::string& store_help);

}  // namespace acctseg::cli

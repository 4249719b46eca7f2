// The input cache on the command line (docs/cache.md): the flags of the
// commands that read inputs, and `acctseg cache info|clear`.
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "cache/input_cache.h"
#include "learn_commands.h"

namespace acctseg::cli {

// --no-cache, --cache-dir and --cache-max-bytes on `command`, bound into
// `cache`, which they turn on: the cache is on unless --no-cache.
void AddInputCacheFlags(CLI::App* command, InputCacheOptions& cache);

// Adds `cache` and its subcommands (info, clear) to `app`; the result lists them.
std::vector<LearnSubcommand> AddCacheCommands(CLI::App& app);

}  // namespace acctseg::cli

// `acctseg models ...`: listing, showing and comparing trained models; and
// what `plan list|show` print the same way about a stored record.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "learn_commands.h"
#include "store/versioned_record.h"

namespace acctseg::cli {

// Adds `models list|show|diff`; the result says how to run each.
std::vector<LearnSubcommand> AddModelsCommands(CLI::App& app, const std::string& store_help);

// The options of `models` and `plan` list, show and diff.
struct StoredRecordOptions {
  std::string store;
  std::string format = "text";
  std::vector<std::string> references;  // NAME@VERSION or NAME
};

// Adds `name` to `group`: `references` NAME@VERSION arguments (the noun
// "model" or "plan" names them in help), --store and --format text|json,
// all bound into the shared `options`; `run` runs it.
LearnSubcommand AddStoredRecordCommand(CLI::App& group, const char* name, const char* help,
                                       const char* noun, size_t references,
                                       const std::string& store_help,
                                       const std::shared_ptr<StoredRecordOptions>& options,
                                       int (*run)(const StoredRecordOptions&));

// "2026-11-30 17:45", the UTC minute of a time in ms since the epoch.
std::string UtcMinute(int64_t ms);

// A stored record's provenance and info, its reference under `label`
// ("model", "plan").
nlohmann::ordered_json RecordJson(const VersionedRecord& record, const char* label);

}  // namespace acctseg::cli

// The CLI's commands. Each takes its parsed options, does its work through
// the library, and returns the process exit code; errors are thrown as
// acctseg::Error and turned into messages and exit codes by main.
#pragma once

#include <string>
#include <vector>

namespace acctseg::cli {

struct RunCommandOptions {
  std::string policy;
  std::vector<std::string> inputs;  // NAME=PATH, or just PATH for the policy's one input
  std::string output = "-";
  std::string format;  // csv, jsonl; "" = from the output's extension
  int threads = 0;     // 0 = all cores
  bool keep_columns = false;
  bool escape_formulas = false;  // guard CSV text cells for spreadsheets
  bool quiet = false;
  bool profile = false;
  bool trace = false;     // keep the full trace of every account in the store
  bool no_store = false;  // do not record the run
  std::string store;      // run store location; "" = RunStore::DefaultLocation()
};

int RunCommand(const RunCommandOptions& options);

struct CheckCommandOptions {
  std::string policy;
  bool quiet = false;
};

int CheckCommand(const CheckCommandOptions& options);

struct ExplainCommandOptions {
  std::string policy;
  std::vector<std::string> inputs;
  std::vector<std::string> accounts;
  std::string format = "text";  // text or json
  int threads = 0;
  bool quiet = false;
};

int ExplainCommand(const ExplainCommandOptions& options);

struct RunsOptions {
  std::string store;
  std::string run;              // runs show
  size_t limit = 50;            // runs list
  std::string format = "text";  // runs show: text or json
};

int RunsListCommand(const RunsOptions& options);
int RunsShowCommand(const RunsOptions& options);

struct DiffCommandOptions {
  std::string store;
  std::string run_before, run_after;
  std::string format = "text";  // text, csv, json, html
  std::string output = "-";
  size_t max_listed = 1000;
  bool explain = true;
  bool quiet = false;
};

int DiffCommand(const DiffCommandOptions& options);

struct WhatifCommandOptions {
  std::vector<std::string> policies;  // current, then new
  std::vector<std::string> inputs;
  std::string format = "text";
  std::string output = "-";
  size_t max_listed = 1000;
  int threads = 0;
  bool quiet = false;
};

int WhatifCommand(const WhatifCommandOptions& options);

}  // namespace acctseg::cli

// The CLI's commands. Each takes its parsed options, does its work through
// the library, and returns the process exit code; errors are thrown as
// acctseg::Error and turned into messages and exit codes by main.
#pragma once

#include <string>
#include <vector>

#include "job/compare_jobs.h"
#include "job/quality_job.h"
#include "job/run_job.h"

namespace acctseg::cli {

// Flags bind straight into the job's options; the command adds only what
// is about the terminal.
struct RunCommandOptions {
  RunJobOptions job;
  bool no_store = false;  // --no-store (job.record is its negation)
  bool quiet = false;
  bool profile = false;
};

int RunCommand(const RunCommandOptions& options);

struct CheckCommandOptions {
  std::string policy;
  std::string store;  // where predict steps find models; "" = the default
  std::string as_of;  // --as-of: the date AS_OF stands for; "" = the policy's
  bool quiet = false;
};

int CheckCommand(const CheckCommandOptions& options);

struct ExplainCommandOptions {
  std::string policy;
  std::vector<std::string> inputs;
  std::vector<std::string> accounts;
  std::string store;            // where predict steps find models; "" = the default
  std::string format = "text";  // text or json
  int threads = 0;
  std::string as_of;  // --as-of: the date AS_OF stands for; "" = the policy's
  InputCacheOptions cache;
  bool quiet = false;
};

int ExplainCommand(const ExplainCommandOptions& options);

struct QualityCommandOptions {
  QualityJobOptions job;
  std::string format = "text";  // text, json or html
  bool quiet = false;
};

int QualityCommand(const QualityCommandOptions& options);

struct DiffCommandOptions {
  DiffRunsJobOptions job;
  std::string format = "text";  // text, csv, json, html
  std::string output = "-";
  bool quiet = false;
};

int DiffCommand(const DiffCommandOptions& options);

struct WhatifCommandOptions {
  WhatifJobOptions job;
  std::vector<std::string> policies;  // current, then new (one repeated flag)
  std::string format = "text";
  std::string output = "-";
  bool quiet = false;
};

int WhatifCommand(const WhatifCommandOptions& options);

}  // namespace acctseg::cli

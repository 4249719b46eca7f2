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
  bool quiet = false;
  bool profile = false;
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
};

int ExplainCommand(const ExplainCommandOptions& options);

// The path of the policy's input `wanted` among NAME=PATH (or bare PATH)
// arguments; Error(kUsage) if it is missing or another name is given.
std::string InputPath(const std::vector<std::string>& inputs, const std::string& wanted);

}  // namespace acctseg::cli

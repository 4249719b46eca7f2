// Test helper: runs a policy (YAML text) over CSV text and returns the
// output as CSV text, using real files in a fresh temporary directory.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace acctseg::testing {

struct PolicyRun {
  std::string output;              // CSV, or the error message if the run failed
  int exit_code = 0;               // 0, or the Error's exit code
  std::vector<std::string> notes;  // the run's warnings (RunResult::notes)
};

// `tables` are extra files (name, content) written beside the policy; a
// related input NAME of the policy is read from the file "NAME.csv" among them.
PolicyRun RunPolicy(const std::string& policy_yaml, const std::string& accounts_csv,
                    const std::vector<std::pair<std::string, std::string>>& tables = {},
                    int threads = 2);

// Runs a one-input policy over `accounts_csv` and explains the account whose
// key is `id` (the whole explanation, docs/explain.md). Throws what the run throws.
nlohmann::ordered_json ExplainPolicyAccount(const std::string& policy_yaml,
                                            const std::string& accounts_csv, const std::string& id);

}  // namespace acctseg::testing

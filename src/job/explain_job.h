// The explain job: run a policy over its input and explain named accounts
// (explain/explain.h documents an explanation's JSON).
// Errors: acctseg::Error (policy, input, usage; kNotFound naming the first
// account id that is not in the input).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cache/input_cache.h"

namespace acctseg {

struct ExplainJobOptions {
  std::string policy_path;
  std::vector<std::string> inputs;    // NAME=PATH or PATH
  std::vector<std::string> accounts;  // key values to explain, in this order
  int threads = 0;                    // 0 = all cores
  std::string as_of;                  // --as-of: the date AS_OF stands for; "" = the policy's
  std::string store;                  // where predict steps find models; "" = the default
  InputCacheOptions cache;            // where parsed inputs are kept (off unless enabled)
};

struct ExplainJobResult {
  std::vector<nlohmann::ordered_json> explanations;  // one per requested account
  size_t row_count = 0;
  std::string input_path;
};

ExplainJobResult ExplainJob(const ExplainJobOptions& options);

}  // namespace acctseg

// A trained model as the run store keeps it: who trained it, when, on what
// data, with which parameters and code, how well it did, and its bytes.
// Models are versioned by name: each save of "ptb" is the next version
// (ptb@1, ptb@2, ...); nothing is overwritten, so a rollback is choosing
// the older version in the policy (`predict: {model: ptb@1}`).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace acctseg {

struct ModelRecord {
  std::string name;
  int64_t version = 0;  // set by the store on save: 1, 2, ...
  std::string kind;     // what the payload is: "propensity"
  int64_t created_at_ms = 0;
  std::string user;
  std::string host;
  std::string code_version;  // the acctseg that trained it
  std::string policy_path;
  std::string policy_hash;
  // Everything else as JSON (docs/learning.md, "Models"): "data" (each
  // input's fingerprint, rows, wins), "params", "features", "metrics".
  nlohmann::json info = nlohmann::json::object();
  std::string payload;  // the model itself (learn/propensity_model.h); empty when listed

  std::string reference() const { return name + "@" + std::to_string(version); }
};

// "ptb@2" -> {"ptb", 2}; "ptb" -> {"ptb", 0} (0 = the latest version).
// Errors (kUsage): an empty name, a version that is not a positive integer.
struct ModelReference {
  std::string name;
  int64_t version = 0;
};
ModelReference ParseModelReference(const std::string& text);

}  // namespace acctseg

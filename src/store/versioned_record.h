// What the run store keeps under a name and a version: trained models
// (model_record.h) and plans (plan_record.h). Each save of a name is its
// next version (terr@1, terr@2, ...); nothing is overwritten, so an older
// version stays readable and comparable. Both kinds carry the same
// provenance (who, when, which acctseg, which policy), a JSON `info` and
// an opaque payload, so one table shape and one code path serve both.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace acctseg {

struct VersionedRecord {
  std::string name;
  int64_t version = 0;  // set by the store on save: 1, 2, ...
  std::string kind;     // what the payload is: "propensity", "territories", "capacity"
  int64_t created_at_ms = 0;
  std::string user;
  std::string host;
  std::string code_version;  // the acctseg that made it
  std::string policy_path;
  std::string policy_hash;
  // Everything else as JSON (a model's data, params, metrics; a plan's
  // summary).
  nlohmann::json info = nlohmann::json::object();
  std::string payload;  // the bytes kept; empty when listed

  std::string reference() const { return name + "@" + std::to_string(version); }
};

// "terr@2" -> {"terr", 2}; "terr" -> {"terr", 0} (0 = the latest version).
struct VersionedReference {
  std::string name;
  int64_t version = 0;
};

// Errors (kUsage, worded with `noun`: "model", "plan"): an empty name, a
// version that is not a positive integer.
VersionedReference ParseVersionedReference(const std::string& text, std::string_view noun);

// Why `name` cannot name a new model or plan ("" when it can): it must be
// letters, digits, '-', '_' or '.', beginning with a letter or digit, so
// that NAME@VERSION reads back as that name (an '@' in it would not) and
// the name reads as a name, not an option, in a shell.
std::string VersionedNameProblem(const std::string& name);

}  // namespace acctseg

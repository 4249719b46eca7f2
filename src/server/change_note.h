// What GET /v1/changes lists of one applied event: its account, what kind
// of change, the outputs that changed and how many accounts it changed.
// Kept as plain values (a RecentLog entry) and turned into JSON on read.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace acctseg::server {

struct ChangeNote {
  uint64_t event_id = 0;
  std::string account_id;
  const char* op = "update";         // "create", "remove" or "update"
  std::vector<std::string> changed;  // the account's output columns that changed
  uint64_t accounts_changed = 0;
  int64_t at_ms = 0;  // when the event was received
};

// {"event_id", "account_id", "op", "changed", "accounts_changed", "at_ms"}
// (docs/serve.md, GET /v1/changes).
nlohmann::ordered_json ToJson(const ChangeNote& note);

}  // namespace acctseg::server

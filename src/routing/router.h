// TEMPORARY stub of w6-routing's router.h (its interface as of 21:15), so the
// server builds until that branch merges; replaced by the real file then.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "plan/plan.h"
#include "policy/policy_ast.h"

namespace acctseg {

struct RouteDecision {
  std::string queue, owner, team;
  int64_t priority = 0;
  int64_t sla_minutes = 0;
  int rule = -1;
  std::string reason;
  nlohmann::ordered_json explain;
};

class Router {
 public:
  static std::unique_ptr<Router> Compile(const PolicyAst&, const Plan&) { return nullptr; }
  void SetOwners(std::unordered_map<std::string, std::string>) {}
  RouteDecision Route(const nlohmann::ordered_json&, const nlohmann::ordered_json&, int64_t) {
    return {};
  }
  nlohmann::ordered_json SaveState() const { return nullptr; }
  void LoadState(const nlohmann::ordered_json&) {}
};

inline std::unordered_map<std::string, std::string> ReadOwners(const std::string&) { return {}; }

}  // namespace acctseg

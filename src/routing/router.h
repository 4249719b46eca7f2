// The router: where a touchpoint goes (docs/routing.md). Compiled once from
// the policy's `routing:` section against the plan's output columns and the
// declared touchpoint fields, it decides, for one account (or an unknown
// lead) and one touchpoint, the queue, owner, team, priority and SLA, by the
// first rule whose condition holds, and explains the decision.
//
// Owners: the account's owner in the territory plan (SetOwners) when the
// rule says `owner: territory` and the plan has one; otherwise round robin
// within the rule's team, skipping members at their daily cap (per UTC day
// of the decision). That state is the router's only mutable part.
//
// Errors: Compile throws Error(kPolicy) with located diagnostics, like
// Plan::Compile; Route throws Error(kInput) naming the field
// ("touchpoint.type: expected text, got 12") and changes nothing then.
// Threads: not thread-safe (Route mutates the round-robin state); one
// caller at a time, e.g. the server's single committer.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "plan/plan.h"
#include "policy/policy_ast.h"

namespace acctseg {

struct RouteDecision {
  std::string queue, owner, team;  // owner "": none (no territory owner, no team, or at capacity)
  int64_t priority = 0;
  int64_t sla_minutes = 0;
  int rule = -1;  // 1-based index of the rule that decided; -1: none matched
  // One line a rep understands: "rule 2 (policy.yaml:61:7) when touchpoint.type =
  // 'inbound_call' AND segment = 'Enterprise', with ...; owner rep-17 from the territory plan".
  std::string reason;
  // The rule ({"index", "at", "when", "reads"}), the values of queue, priority
  // and SLA, and how the owner was chosen ({"rep", "how", "team", ...}).
  nlohmann::ordered_json explain;
};

class Router {
 public:
  ~Router();
  // Error(kPolicy) with located diagnostics (an unknown column or field with
  // a did-you-mean, a wrong type); the policy must have a routing section.
  static std::unique_ptr<Router> Compile(const PolicyAst& policy, const Plan& plan);

  // `owners`: account id -> rep (the territories' assignments.csv, see
  // ReadOwners), may be empty.
  void SetOwners(std::unordered_map<std::string, std::string> owners);

  // `account`: the account's row as LiveUniverse::Account gives it ({key,
  // every output column}), or null for an unknown lead (then every account
  // column is NULL and `account IS NULL` holds). `touchpoint`: null or an
  // object of the declared fields. `at_ms`: the decision's time (ms since
  // the epoch, UTC), which picks the day the caps count. Mutates the
  // round-robin state, deterministically: the result depends only on the
  // sequence of calls and their arguments.
  RouteDecision Route(const nlohmann::ordered_json& account,
                      const nlohmann::ordered_json& touchpoint, int64_t at_ms);
  // Checks a touchpoint as Route does (Error(kInput) naming the field),
  // deciding nothing: for validating an event before it is logged. Const
  // and thread-safe, unlike Route.
  void CheckTouchpoint(const nlohmann::ordered_json& touchpoint) const;

  // The round-robin state (each team's next member, the current day's
  // counts) as JSON, and back: LoadState(SaveState()) makes the next
  // decisions those this router would make. Error(kInput) for malformed state.
  nlohmann::ordered_json SaveState() const;
  void LoadState(const nlohmann::ordered_json& state);

 private:
  class Impl;
  explicit Router(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads the owners from the assignments CSV `acctseg plan territories -o`
// writes (columns account_id and rep_id; an empty rep_id is no owner).
// Error(kIo) if it cannot be read, Error(kInput) for a malformed file.
std::unordered_map<std::string, std::string> ReadOwners(const std::string& path);

}  // namespace acctseg

// Round robin within the routing teams, with a daily cap per member: who
// gets the next touchpoint of a team, and how many decisions each rep has
// had on the current day (UTC). Deterministic: the picks depend only on the
// sequence of calls and their days. Not thread-safe (the Router's state).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "policy/policy_ast.h"

namespace acctseg {

// The UTC day (days since 1970-01-01) of a time in ms since the epoch.
int64_t UtcDayOfMs(int64_t at_ms);

class RoundRobin {
 public:
  explicit RoundRobin(std::vector<RoutingTeam> teams);

  struct Pick {
    std::string rep;                   // "": every member is at the cap
    int64_t count = 0;                 // the rep's decisions on the day, this one included
    std::optional<int64_t> cap;        // the team's cap_per_day
    std::vector<std::string> skipped;  // members passed over, at the cap, in order
  };
  // The next member of team `team` (an index into the teams) below the cap
  // on `day`, counted; the cursor moves past it. Every member at the cap:
  // an empty pick, nothing counted.
  Pick Next(size_t team, int64_t day);
  // Counts a decision for `rep` on `day` that round robin did not make (the
  // territory owner's), so caps see every touchpoint a rep gets. Returns
  // the rep's count on the day.
  int64_t Count(const std::string& rep, int64_t day);

  const std::vector<RoutingTeam>& teams() const { return teams_; }

  // {"day": "2026-11-30" | null, "next": {team: rep}, "counts": {rep: n}}.
  // Load takes what Save gave; a member no longer in its team starts the
  // team over. Error(kInput) for another shape.
  nlohmann::ordered_json Save() const;
  void Load(const nlohmann::ordered_json& state);

 private:
  // Moves to `day` when it is later than the current day (the counts start
  // over); an earlier day counts in the current one, so a clock that steps
  // back never reopens a closed day.
  void Enter(int64_t day);

  std::vector<RoutingTeam> teams_;
  std::vector<size_t> next_;               // per team: the member to try first
  std::optional<int64_t> day_;             // the current day
  std::map<std::string, int64_t> counts_;  // rep -> decisions on the current day
};

}  // namespace acctseg

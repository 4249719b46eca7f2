// Round robin: members in order, the cap per UTC day, days that never go
// back, and the state's JSON.
#include "routing/round_robin.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

RoutingTeam Team(const std::string& name, std::vector<std::string> members,
                 std::optional<int64_t> cap) {
  RoutingTeam team;
  team.name.name = name;
  for (auto& m : members) team.members.push_back(Named{m, {}});
  team.cap_per_day = cap;
  return team;
}

TEST(RoundRobin, UtcDayOfMsFloors) {
  EXPECT_EQ(UtcDayOfMs(0), 0);
  EXPECT_EQ(UtcDayOfMs(86'399'999), 0);
  EXPECT_EQ(UtcDayOfMs(86'400'000), 1);
  EXPECT_EQ(UtcDayOfMs(-1), -1);
}

TEST(RoundRobin, CountsAreSharedAcrossTeams) {
  RoundRobin rr({Team("a", {"x", "y"}, 1), Team("b", {"y", "z"}, std::nullopt)});
  EXPECT_EQ(rr.Next(1, 5).rep, "y");  // y's one decision of the day, through team b
  RoundRobin::Pick pick = rr.Next(0, 5);
  EXPECT_EQ(pick.rep, "x");
  pick = rr.Next(0, 5);  // x and y at team a's cap of 1
  EXPECT_EQ(pick.rep, "");
  EXPECT_EQ(pick.skipped, (std::vector<std::string>{"y", "x"}));
  EXPECT_EQ(rr.Next(1, 5).rep, "z");  // team b has no cap
  EXPECT_EQ(rr.Next(1, 5).count, 2);  // y again: its second today
  EXPECT_EQ(rr.Next(0, 6).rep, "y");  // a new day: the cursor stayed on y
}

TEST(RoundRobin, SaveAndLoad) {
  RoundRobin a({Team("a", {"x", "y", "z"}, 2)});
  a.Next(0, 20787);
  a.Count("z", 20787);
  nlohmann::ordered_json saved = a.Save();
  EXPECT_EQ(saved.dump(), R"({"day":"2026-11-30","next":{"a":"y"},"counts":{"x":1,"z":1}})");
  // A member that left the team starts it over.
  RoundRobin b({Team("a", {"x", "z"}, 2)});
  b.Load(saved);
  EXPECT_EQ(b.Next(0, 20787).rep, "x");
  EXPECT_EQ(b.Next(0, 20787).rep, "z");
  EXPECT_EQ(b.Next(0, 20787).rep, "");
}

}  // namespace
}  // namespace acctseg

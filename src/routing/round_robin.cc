#include "routing/round_robin.h"

#include "common/error.h"
#include "table/date_time.h"

namespace acctseg {

namespace {
constexpr int64_t kMsPerDay = 86'400'000;
}  // namespace

int64_t UtcDayOfMs(int64_t at_ms) {
  // Floor division: a time before 1970 belongs to the day it falls in.
  return at_ms / kMsPerDay - (at_ms % kMsPerDay < 0 ? 1 : 0);
}

RoundRobin::RoundRobin(std::vector<RoutingTeam> teams)
    : teams_(std::move(teams)), next_(teams_.size(), 0) {}

void RoundRobin::Enter(int64_t day) {
  if (day_ && day <= *day_) return;
  day_ = day;
  counts_.clear();
}

RoundRobin::Pick RoundRobin::Next(size_t team, int64_t day) {
  Enter(day);
  const RoutingTeam& t = teams_[team];
  Pick pick;
  pick.cap = t.cap_per_day;
  const size_t n = t.members.size();
  for (size_t tried = 0; tried < n; ++tried) {
    const size_t member = (next_[team] + tried) % n;
    const std::string& rep = t.members[member].name;
    auto it = counts_.find(rep);
    const int64_t count = it == counts_.end() ? 0 : it->second;
    if (t.cap_per_day && count >= *t.cap_per_day) {
      pick.skipped.push_back(rep);
      continue;
    }
    pick.rep = rep;
    pick.count = ++counts_[rep];
    next_[team] = (member + 1) % n;
    return pick;
  }
  return pick;
}

int64_t RoundRobin::Count(const std::string& rep, int64_t day) {
  Enter(day);
  return ++counts_[rep];
}

nlohmann::ordered_json RoundRobin::Save() const {
  nlohmann::ordered_json next = nlohmann::ordered_json::object();
  for (size_t t = 0; t < teams_.size(); ++t)
    if (!teams_[t].members.empty()) next[teams_[t].name.name] = teams_[t].members[next_[t]].name;
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const auto& [rep, count] : counts_) counts[rep] = count;
  return {{"day", day_ ? nlohmann::ordered_json(FormatDate(*day_)) : nlohmann::ordered_json()},
          {"next", std::move(next)},
          {"counts", std::move(counts)}};
}

void RoundRobin::Load(const nlohmann::ordered_json& state) {
  auto bad = [](const std::string& what) {
    throw Error(ErrorKind::kInput, "routing state: " + what);
  };
  if (!state.is_object()) bad("expected an object {day, next, counts}");
  std::optional<int64_t> day;
  const auto& d = state.value("day", nlohmann::ordered_json());
  if (!d.is_null()) {
    if (!d.is_string() || !(day = ParseDate(d.get<std::string>())))
      bad("day: expected a date (YYYY-MM-DD) or null, got " + d.dump());
  }
  std::vector<size_t> next(teams_.size(), 0);
  const auto& n = state.value("next", nlohmann::ordered_json::object());
  if (!n.is_object()) bad("next: expected an object of team -> rep");
  for (size_t t = 0; t < teams_.size(); ++t) {
    auto it = n.find(teams_[t].name.name);
    if (it == n.end()) continue;
    if (!it->is_string()) bad("next." + teams_[t].name.name + ": expected a rep id");
    for (size_t m = 0; m < teams_[t].members.size(); ++m)
      if (teams_[t].members[m].name == it->get<std::string>()) next[t] = m;
  }
  std::map<std::string, int64_t> counts;
  const auto& c = state.value("counts", nlohmann::ordered_json::object());
  if (!c.is_object()) bad("counts: expected an object of rep -> count");
  for (auto it = c.begin(); it != c.end(); ++it) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0)
      bad("counts." + it.key() + ": expected a count, got " + it->dump());
    counts[it.key()] = it->get<int64_t>();
  }
  day_ = day;
  next_ = std::move(next);
  counts_ = std::move(counts);
}

}  // namespace acctseg

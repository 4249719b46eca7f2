#include "policy/routing_parser.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <vector>

#include "common/did_you_mean.h"

namespace acctseg {
namespace {

// A queue written as one plain word is a label; anything else is an
// expression. So `queue: new-logo` is a queue's name, not a subtraction,
// and `queue: "'enterprise-' || LOWER(region)"` is computed per decision.
bool IsQueueLabel(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
          c == '/'))
      return false;
  // A leading digit or sign would be a number; a number is no queue name.
  return std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_';
}

// The queue, owner, team, priority and SLA of one rule (`fields`: the
// rule's mapping, or the else rule's).
void ParseRuleFields(YamlReader& reader, const YAML::Node& fields, RoutingRule* rule) {
  if (auto v = reader.Require(fields, "queue")) {
    if (v.IsScalar() && IsQueueLabel(v.Scalar()))
      rule->queue_label = reader.Name(v, "queue");
    else
      rule->queue = reader.Expr(v, "queue");
  }
  if (auto v = fields["owner"]) {
    Named owner = reader.Name(v, "owner");
    if (owner.name == "territory")
      rule->owner_territory = true;
    else if (!owner.name.empty())
      reader.diagnostics().Add(owner.location,
                               "unknown owner \"" + owner.name +
                                   "\" (expected territory: the account's owner in the territory "
                                   "plan; name a team for round robin)");
  }
  if (auto v = fields["team"]) rule->team = reader.Name(v, "team");
  if (auto v = fields["priority"]) rule->priority = reader.Expr(v, "priority");
  if (auto v = fields["sla_minutes"]) rule->sla_minutes = reader.Expr(v, "sla_minutes");
}

void ParseRules(YamlReader& reader, const YAML::Node& rules, std::vector<RoutingRule>* out) {
  reader.ParseOrderedRules(rules, "routing", {"queue", "owner", "team", "priority", "sla_minutes"},
                           ParseRuleFields, out);
}

// `touchpoint: {field: type, ...}`: the types are checked when bound.
void ParseTouchpoint(YamlReader& reader, const YAML::Node& n, std::vector<ColumnDecl>* fields) {
  if (!n.IsMap()) {
    reader.diagnostics().Add(reader.At(n.Mark()),
                             "touchpoint must be a mapping of field name to type");
    return;
  }
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!reader.IsScalarKey(it->first)) continue;
    ColumnDecl field;
    field.name = reader.Name(it->first, "touchpoint field");
    field.type = reader.Scalar(it->second, "the field's type (string, integer, ...)");
    field.type_location = reader.At(it->second.Mark());
    if (!seen.insert(field.name.name).second) {
      reader.diagnostics().Add(field.name.location,
                               "touchpoint field \"" + field.name.name + "\" is declared twice");
      continue;
    }
    fields->push_back(std::move(field));
  }
}

RoutingTeam ParseTeam(YamlReader& reader, const YAML::Node& key, const YAML::Node& body) {
  RoutingTeam team;
  team.name = reader.Name(key, "team name");
  if (!body.IsMap()) {
    reader.diagnostics().Add(reader.At(body.Mark()),
                             "a team is a mapping with keys members (and cap_per_day)");
    return team;
  }
  reader.CheckKeys(body, {"members", "cap_per_day"});
  if (auto members = reader.Require(body, "members")) {
    if (!members.IsSequence() || members.size() == 0) {
      reader.diagnostics().Add(reader.At(members.Mark()),
                               "members must be a list of rep ids, like [rep-1, rep-2]");
    } else {
      std::set<std::string> seen;
      for (const auto& m : members) {
        Named member = reader.Name(m, "member");
        if (member.name.empty()) continue;
        if (!seen.insert(member.name).second)
          reader.diagnostics().Add(member.location, "\"" + member.name + "\" is twice in team \"" +
                                                        team.name.name + "\"");
        else
          team.members.push_back(std::move(member));
      }
    }
  }
  if (auto v = body["cap_per_day"]) {
    // One message for every wrong value (-1 was "a number >= 0", and then
    // 0 "at least 1").
    const std::string text = v.IsScalar() ? v.Scalar() : "";
    double number = 0;  // a whole number, written as 40, 40.0 or 4e1
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    const int64_t cap = number >= 1 && number <= 1e9 ? static_cast<int64_t>(number) : 0;
    if (error != std::errc() || end != text.data() + text.size() || cap < 1 ||
        static_cast<double>(cap) != number)
      reader.diagnostics().Add(reader.At(v.Mark()),
                               "cap_per_day must be a whole number of decisions, at least 1 (not " +
                                   (text.empty() ? std::string("a list or mapping") : text) + ")");
    else
      team.cap_per_day = cap;
  }
  return team;
}

void ParseTeams(YamlReader& reader, const YAML::Node& n, std::vector<RoutingTeam>* teams) {
  if (!n.IsMap() || n.size() == 0) {
    reader.diagnostics().Add(reader.At(n.Mark()),
                             "teams must be a mapping of team name to {members, cap_per_day}");
    return;
  }
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!reader.IsScalarKey(it->first)) continue;
    RoutingTeam team = ParseTeam(reader, it->first, it->second);
    if (!seen.insert(team.name.name).second) {
      reader.diagnostics().Add(team.name.location,
                               "team \"" + team.name.name + "\" is declared twice");
      continue;
    }
    teams->push_back(std::move(team));
  }
}

// Every team a rule names must be declared: a typo here would otherwise
// route to nobody, found only when a touchpoint arrives.
void CheckTeams(YamlReader& reader, const RoutingDecl& routing) {
  std::vector<std::string> names;
  for (const auto& team : routing.teams) names.push_back(team.name.name);
  for (const auto& rule : routing.rules) {
    if (!rule.team || rule.team->name.empty()) continue;
    if (std::find(names.begin(), names.end(), rule.team->name) != names.end()) continue;
    std::string hint = DidYouMean(rule.team->name, names);
    reader.diagnostics().Add(rule.team->location,
                             "unknown team \"" + rule.team->name + "\"" +
                                 (!hint.empty()   ? hint
                                  : names.empty() ? " (routing declares no teams)"
                                                  : " (its teams: " + OneOf(names) + ")"));
  }
}

}  // namespace

RoutingDecl ParseRouting(YamlReader& reader, const YAML::Node& body, const SourceLocation& at) {
  RoutingDecl routing;
  routing.location = at;
  if (!body.IsMap()) {
    reader.diagnostics().Add(at,
                             "routing must be a mapping with keys rules (and touchpoint, teams)");
    return routing;
  }
  reader.CheckKeys(body, {"touchpoint", "teams", "rules"});
  if (auto v = body["touchpoint"]) ParseTouchpoint(reader, v, &routing.touchpoint);
  if (auto v = body["teams"]) ParseTeams(reader, v, &routing.teams);
  if (auto v = reader.Require(body, "rules")) ParseRules(reader, v, &routing.rules);
  CheckTeams(reader, routing);
  return routing;
}

}  // namespace acctseg

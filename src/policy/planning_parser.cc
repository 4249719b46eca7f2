#include "policy/planning_parser.h"

#include <set>
#include <string>
#include <vector>

#include "common/did_you_mean.h"

namespace acctseg {
namespace {

// A motion written as one bare word is a label; anything else is an
// expression. So `motion: expnd` is a typo caught here, not a column.
bool IsBareWord(const std::string& text) {
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_'))
    return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// A label that must be one of `labels`: a diagnostic with a did-you-mean.
void CheckLabel(YamlReader& reader, const Named& label, const char* what,
                const std::vector<std::string>& labels) {
  if (label.name.empty() || std::find(labels.begin(), labels.end(), label.name) != labels.end())
    return;
  std::string hint = DidYouMean(label.name, labels);
  reader.diagnostics().Add(label.location,
                           std::string("unknown ") + what + " \"" + label.name + "\"" +
                               (hint.empty() ? " (expected " + OneOf(labels) + ")" : hint));
}

// The role, channel, motion and hours of one rule (`fields`: the rule's
// mapping, or the else rule's).
void ParseRuleFields(YamlReader& reader, const YAML::Node& fields, CoverageRule* rule) {
  if (auto v = reader.Require(fields, "role")) rule->role = reader.Name(v, "role");
  if (auto v = reader.Require(fields, "channel")) {
    rule->channel = reader.Name(v, "channel");
    CheckLabel(reader, rule->channel, "channel", kCoverageChannels);
  }
  if (auto v = fields["motion"]) {
    if (v.IsScalar() && IsBareWord(v.Scalar())) {
      rule->motion_label = reader.Name(v, "motion");
      CheckLabel(reader, *rule->motion_label, "motion", kCoverageMotions);
    } else {
      rule->motion = reader.Expr(v, "motion");
    }
  }
  if (auto v = reader.Require(fields, "hours_per_year"))
    rule->hours_per_year = reader.Expr(v, "hours_per_year");
}

void ParseRules(YamlReader& reader, const YAML::Node& rules, std::vector<CoverageRule>* out) {
  reader.ParseOrderedRules(rules, "coverage", {"role", "channel", "motion", "hours_per_year"},
                           ParseRuleFields, out);
}

// `{key: column, ...}` overriding some of `columns`' names.
void ParseColumnNames(YamlReader& reader, const YAML::Node& n, const char* what,
                      const std::vector<std::pair<std::string, Named*>>& columns) {
  if (!n.IsMap()) {
    reader.diagnostics().Add(reader.At(n.Mark()),
                             std::string(what) + " must be a mapping of name to column");
    return;
  }
  std::vector<std::string> keys;
  for (const auto& [key, named] : columns) keys.push_back(key);
  reader.CheckKeys(n, keys);
  for (const auto& [key, named] : columns)
    if (auto v = n[key]) *named = reader.Name(v, key.c_str());
}

// A yearly attrition rate: a share from 0 up to (not including) 1, since
// replacing everyone every year has no finite headcount.
std::optional<double> Attrition(YamlReader& reader, const YAML::Node& n) {
  auto rate = reader.NonNegativeNumber(n, "attrition");
  if (rate && *rate >= 1) {
    reader.diagnostics().Add(reader.At(n.Mark()),
                             "attrition is a yearly share below 1 (0.15 for 15%)");
    return std::nullopt;
  }
  return rate;
}

CapacityRole ParseRole(YamlReader& reader, const YAML::Node& key, const YAML::Node& body) {
  CapacityRole role;
  role.name = reader.Name(key, "role name");
  role.location = role.name.location;
  if (!body.IsMap()) {
    reader.diagnostics().Add(reader.At(body.Mark()),
                             "a role is a mapping with keys hours_per_year, quota, cost, "
                             "ramp_months, attrition, headcount");
    return role;
  }
  reader.CheckKeys(body,
                   {"hours_per_year", "quota", "cost", "ramp_months", "attrition", "headcount"});
  if (auto v = reader.Require(body, "hours_per_year"))
    role.hours_per_year = reader.NonNegativeNumber(v, "hours_per_year").value_or(0);
  if (auto v = body["quota"]) role.quota = reader.NonNegativeNumber(v, "quota").value_or(0);
  if (auto v = body["cost"]) role.cost = reader.NonNegativeNumber(v, "cost").value_or(0);
  if (auto v = body["ramp_months"]) {
    role.ramp_months = reader.NonNegativeNumber(v, "ramp_months").value_or(0);
    // Checked here, located, rather than when the plan is made.
    if (role.ramp_months > 24)
      reader.diagnostics().Add(reader.At(v.Mark()),
                               "ramp_months must be at most 24 (productivity is 1 - attrition "
                               "x ramp_months / 24, docs/planning/capacity.md)");
  }
  if (auto v = body["attrition"]) role.attrition = Attrition(reader, v);
  if (auto v = body["headcount"]) {
    auto count = reader.NonNegativeNumber(v, "headcount");
    if (count && !IsHeadcount(*count))
      reader.diagnostics().Add(reader.At(v.Mark()),
                               "headcount must be a whole number of reps, at most 1,000,000,000");
    else if (count && body["hours_per_year"] && role.hours_per_year <= 0)
      // As --headcount for such a role: a figure the plan would show and
      // never use.
      reader.diagnostics().Add(reader.At(v.Mark()),
                               "headcount needs hours_per_year above 0: a role with "
                               "hours_per_year 0 is a pooled, unstaffed motion with no seats");
    else if (count)
      role.headcount = static_cast<int64_t>(*count);
  }
  return role;
}

}  // namespace

CoverageDecl ParseCoverage(YamlReader& reader, const YAML::Node& body, const SourceLocation& at) {
  CoverageDecl coverage;
  coverage.location = at;
  if (!body.IsMap()) {
    reader.diagnostics().Add(coverage.location,
                             "coverage must be a mapping with keys rules (and outputs)");
    return coverage;
  }
  reader.CheckKeys(body, {"outputs", "rules"});
  CoverageOutputs& o = coverage.outputs;
  for (Named* named : {&o.role, &o.channel, &o.motion, &o.hours})
    named->location = coverage.location;
  if (auto v = body["outputs"])
    ParseColumnNames(
        reader, v, "coverage outputs",
        {{"role", &o.role}, {"channel", &o.channel}, {"motion", &o.motion}, {"hours", &o.hours}});
  if (auto v = reader.Require(body, "rules")) ParseRules(reader, v, &coverage.rules);
  return coverage;
}

CapacityDecl ParseCapacity(YamlReader& reader, const YAML::Node& body, const SourceLocation& at) {
  CapacityDecl capacity;
  capacity.location = at;
  if (!body.IsMap()) {
    reader.diagnostics().Add(capacity.location,
                             "capacity must be a mapping with keys roles (and columns, attrition)");
    return capacity;
  }
  reader.CheckKeys(body, {"columns", "attrition", "roles"});
  CapacityColumns& c = capacity.columns;
  for (Named* named : {&c.region, &c.potential, &c.whitespace, &c.arr, &c.tier})
    named->location = capacity.location;
  if (auto v = body["columns"])
    ParseColumnNames(reader, v, "capacity columns",
                     {{"region", &c.region},
                      {"potential", &c.potential},
                      {"whitespace", &c.whitespace},
                      {"arr", &c.arr},
                      {"tier", &c.tier}});
  if (auto v = body["attrition"]) capacity.attrition = Attrition(reader, v);
  auto roles = reader.Require(body, "roles");
  if (!roles) return capacity;
  if (!roles.IsMap() || roles.size() == 0) {
    reader.diagnostics().Add(reader.At(roles.Mark()),
                             "roles must be a mapping of role name to {hours_per_year, quota, "
                             "cost, ramp_months}");
    return capacity;
  }
  std::set<std::string> seen;
  for (auto it = roles.begin(); it != roles.end(); ++it) {
    if (!reader.IsScalarKey(it->first)) continue;
    CapacityRole role = ParseRole(reader, it->first, it->second);
    if (!seen.insert(role.name.name).second) {
      reader.diagnostics().Add(role.location, "role \"" + role.name.name + "\" is declared twice");
      continue;
    }
    capacity.roles.push_back(std::move(role));
  }
  return capacity;
}

void CheckCoverageRoles(YamlReader& reader, const CoverageDecl& coverage,
                        const CapacityDecl& capacity) {
  std::vector<std::string> names;
  for (const auto& role : capacity.roles) names.push_back(role.name.name);
  for (const auto& rule : coverage.rules) {
    if (rule.role.name.empty() || capacity.FindRole(rule.role.name)) continue;
    std::string hint = DidYouMean(rule.role.name, names);
    reader.diagnostics().Add(rule.role.location,
                             "role \"" + rule.role.name + "\" is not a role of capacity" +
                                 (hint.empty() ? " (its roles: " + OneOf(names) + ")" : hint));
  }
}

}  // namespace acctseg

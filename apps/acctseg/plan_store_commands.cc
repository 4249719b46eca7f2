// `acctseg plan list | show NAME@V | diff A B`: the plans kept in the run
// store (territories and capacity plans saved with --name), printed as
// `models list|show` print models (docs/planning/territories.md, "The plan
// store").
#include <cstdio>
#include <memory>

#include "diff/plan_diff.h"
#include "job/plan_jobs.h"
#include "models_commands.h"
#include "plan_commands.h"
#include "territory/territory.h"

namespace acctseg::cli {
namespace {

using Json = nlohmann::ordered_json;

// A JSON scalar as a short text: numbers to two decimals, ".00" dropped.
// Rounded first and trimmed after, so 0.999 and 1 both read "1" (choosing
// the format by whether the value was whole printed "1.00" beside "1").
std::string Short(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number()) {
    char text[48];
    std::snprintf(text, sizeof text, "%.2f", value.get<double>());
    std::string number = text;
    if (number.size() > 3 && number.compare(number.size() - 3, 3, ".00") == 0)
      number.resize(number.size() - 3);
    return number == "-0" ? "0" : number;
  }
  return value.dump();
}

// The info's scalars as "key=value key=value".
std::string InfoLine(const nlohmann::json& info) {
  std::string line;
  for (const auto& [key, value] : info.items())
    if (!value.is_structured()) line += (line.empty() ? "" : " ") + key + "=" + Short(value);
  return line;
}

int List(const StoredRecordOptions& options) {
  std::vector<PlanRecord> plans = ListPlans(options.store);
  if (options.format == "json") {
    Json list = Json::array();
    for (const PlanRecord& p : plans) list.push_back(RecordJson(p, "plan"));
    std::printf("%s\n", list.dump(2).c_str());
    return 0;
  }
  if (plans.empty()) {
    std::printf("no plans yet (acctseg plan territories --name NAME stores one)\n");
    return 0;
  }
  std::printf("%-24s %-12s %-16s %-10s %s\n", "PLAN", "KIND", "CREATED (UTC)", "USER", "SUMMARY");
  for (const PlanRecord& p : plans)
    std::printf("%-24s %-12s %-16s %-10s %s\n", p.reference().c_str(), p.kind.c_str(),
                UtcMinute(p.created_at_ms).c_str(), p.user.c_str(), InfoLine(p.info).c_str());
  return 0;
}

int Show(const StoredRecordOptions& options) {
  PlanRecord p = GetPlan(options.store, options.references[0]);
  Json plan = PlanJson(p);
  if (options.format == "json") {
    Json json = RecordJson(p, "plan");
    json["plan_json"] = plan;
    std::printf("%s\n", json.dump(2).c_str());
    return 0;
  }
  std::printf("plan %s (%s), made %s UTC by %s on %s with acctseg %s\n", p.reference().c_str(),
              p.kind.c_str(), UtcMinute(p.created_at_ms).c_str(), p.user.c_str(), p.host.c_str(),
              p.code_version.c_str());
  std::printf("policy %s (sha %s)\n", p.policy_path.c_str(), p.policy_hash.c_str());
  if (!p.info.empty()) std::printf("summary: %s\n", InfoLine(p.info).c_str());
  // Territories list their reps, capacity its role totals: one line each.
  const char* rows = p.kind == "capacity" ? "roles" : "reps";
  for (const Json& row : plan.value(rows, Json::array())) {
    std::string line;
    for (const auto& [key, value] : row.items())
      if (!value.is_structured()) line += (line.empty() ? "" : " ") + key + "=" + Short(value);
    std::printf("  %s\n", line.c_str());
  }
  std::printf("(--format json prints the whole plan)\n");
  return 0;
}

// "before -> after (change)" of a {"before","after","change"} delta.
std::string DeltaText(const Json& delta) {
  return Short(delta["before"]) + " -> " + Short(delta["after"]) + " (" +
         (delta["change"].get<double>() >= 0 ? "+" : "") + Short(delta["change"]) + ")";
}

// Whether a delta says something: its number changed, or it has a value on
// one side only (every field of an added or removed row, zeros included: a
// row added with arr 0 listed no arr, as if it had none).
bool Changed(const Json& delta) {
  return delta["change"].get<double>() != 0 ||
         delta["before"].is_null() != delta["after"].is_null();
}

// Every field of `row` that is a delta and changed, "field a -> b (+c)".
std::string ChangedFields(const Json& row) {
  std::string text;
  for (const auto& [key, value] : row.items())
    if (value.is_object() && value.contains("change") && Changed(value))
      text += (text.empty() ? "" : "; ") + key + " " + DeltaText(value);
  return text;
}

void PrintTerritoriesDiff(const Json& diff) {
  const Json& changed = diff["changed"];
  std::printf("  %s units change rep: %s accounts, ARR %s, potential %s\n",
              Short(changed["units"]).c_str(), Short(changed["accounts"]).c_str(),
              Short(changed["arr"]).c_str(), Short(changed["potential"]).c_str());
  if (diff["units_added"].get<size_t>() + diff["units_removed"].get<size_t>() > 0)
    std::printf("  %s units only in the second plan, %s only in the first\n",
                Short(diff["units_added"]).c_str(), Short(diff["units_removed"]).c_str());
  constexpr size_t kMovesShown = 20;
  size_t shown = 0;
  for (const Json& move : diff["moves"]) {
    territory::Unit unit;  // for its name: a unit without a family is named by its account
    unit.family = move.value("family", std::string());
    unit.account = move.value("account", std::string());
    if (shown++ == kMovesShown) {
      std::printf("  ... %zu more moves (--format json lists them all)\n",
                  diff["moves"].size() - kMovesShown);
      break;
    }
    std::printf("  %s (%s): %s -> %s, %s accounts, ARR %s, potential %s\n",
                territory::UnitName(unit).c_str(), Short(move["role"]).c_str(),
                Short(move["from"]).c_str(), Short(move["to"]).c_str(),
                Short(move["accounts"]).c_str(), Short(move["arr"]).c_str(),
                Short(move["potential"]).c_str());
  }
  for (const Json& rep : diff["reps"]) {
    std::string fields = ChangedFields(rep);
    if (!fields.empty())
      std::printf("  rep %s (%s): %s\n", Short(rep["rep"]).c_str(), Short(rep["role"]).c_str(),
                  fields.c_str());
  }
}

void PrintCapacityDiff(const Json& diff) {
  for (const char* part : {"roles", "rows"})
    for (const Json& row : diff[part]) {
      std::string fields = ChangedFields(row);
      if (fields.empty() && row["status"] == "both") continue;
      std::string where = Short(row["role"]);
      if (row.contains("region")) where += " / " + Short(row["region"]);
      std::string status = row["status"] == "both" ? "" : " (" + Short(row["status"]) + ")";
      std::printf("  %s%s: %s\n", where.c_str(), status.c_str(), fields.c_str());
    }
}

int Diff(const StoredRecordOptions& options) {
  PlanRecord before = GetPlan(options.store, options.references[0]);
  PlanRecord after = GetPlan(options.store, options.references[1]);
  Json diff = DiffPlanJson(PlanJson(before), PlanJson(after));
  Json json = {{"before", before.reference()}, {"after", after.reference()}};
  json.update(diff);
  if (options.format == "json") {
    std::printf("%s\n", json.dump(2).c_str());
    return 0;
  }
  std::printf("%s -> %s (%s)\n", before.reference().c_str(), after.reference().c_str(),
              before.kind.c_str());
  if (before.kind == "territories")
    PrintTerritoriesDiff(json);
  else
    PrintCapacityDiff(json);
  if (before.policy_hash != after.policy_hash) std::printf("  the policy changed\n");
  return 0;
}

}  // namespace

std::vector<LearnSubcommand> AddPlanStoreCommands(CLI::App& plan, const std::string& store_help) {
  auto options = std::make_shared<StoredRecordOptions>();
  auto add = [&](const char* name, const char* help, size_t references,
                 int (*run)(const StoredRecordOptions&)) {
    return AddStoredRecordCommand(plan, name, help, "plan", references, store_help, options, run);
  };
  return {add("list", "Every stored plan version, by name", 0, List),
          add("show", "One stored plan: provenance, summary, reps or role totals", 1, Show),
          add("diff", "What changed between two stored plans of one kind", 2, Diff)};
}

}  // namespace acctseg::cli

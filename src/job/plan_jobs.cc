#include "job/plan_jobs.h"

#include <cmath>

#include "common/error.h"
#include "job/stored_records.h"

namespace acctseg {
namespace {

// Numbers to 4 decimals, as a capacity plan's payload has them: the
// summary `plan list` prints then reads the same on every machine
// (80.83277928505248 was stored).
nlohmann::json Rounded(nlohmann::json summary) {
  for (nlohmann::json& value : summary)
    if (value.is_number_float()) {
      const double rounded = std::round(value.get<double>() * 1e4) / 1e4;
      value = rounded == 0 ? 0.0 : rounded;  // never -0
    }
  return summary;
}

}  // namespace

PlanRecord DescribePlan(const std::string& name, const Plan& plan, const std::string& policy_path,
                        const nlohmann::ordered_json& plan_json, nlohmann::json summary) {
  PlanRecord record =
      NewVersionedRecord(name, plan_json.value("kind", std::string()), plan, policy_path);
  record.info = Rounded(std::move(summary));
  record.payload = plan_json.dump();
  return record;
}

std::string SavePlan(RunStore& store, PlanRecord& record) {
  store.SavePlan(record);
  return record.reference();
}

std::vector<PlanRecord> ListPlans(const std::string& store) {
  return OpenExistingStoreOrDefault(store)->ListPlans();
}

PlanRecord GetPlan(const std::string& store, const std::string& reference) {
  return OpenExistingStoreOrDefault(store)->GetPlan(reference);
}

nlohmann::ordered_json PlanJson(const PlanRecord& record) {
  try {
    return nlohmann::ordered_json::parse(record.payload);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::kStore, "plan " + record.reference() + " is corrupt: " + e.what());
  }
}

}  // namespace acctseg

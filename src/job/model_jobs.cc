#include "job/model_jobs.h"

#include <set>

#include "job/stored_records.h"

namespace acctseg {
namespace {

nlohmann::ordered_json Fingerprints(const std::vector<InputFingerprint>& inputs) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const InputFingerprint& input : inputs)
    list.push_back(
        {{"name", input.name}, {"path", input.path}, {"content_hash", input.content_hash}});
  return list;
}

// The names in a features list (each a {"name": ...} object or a string).
std::set<std::string> FeatureNames(const nlohmann::json& info) {
  std::set<std::string> names;
  for (const nlohmann::json& f : info.value("features", nlohmann::json::array()))
    names.insert(f.is_string() ? f.get<std::string>() : f.value("name", ""));
  return names;
}

}  // namespace

ModelRecord DescribeTrainedModel(const LearnData& data, const LearnDataOptions& options,
                                 const std::string& name, const std::string& kind,
                                 nlohmann::json info, std::string payload) {
  ModelRecord record = NewVersionedRecord(name, kind, *data.plan, options.policy_path);
  const learn::LearningFrame& frame = data.build.frame;
  size_t wins = 0;
  for (uint8_t y : frame.outcome) wins += y;
  nlohmann::ordered_json training = {{"inputs", Fingerprints(data.fingerprints)},
                                     {"outcome", frame.outcome_name},
                                     {"positive", options.frame.positive},
                                     {"rows", frame.rows()},
                                     {"wins", wins}};
  info["data"] = training;
  // The selection as given, not only its result: "--exclude Region" says
  // why a feature is missing where a list of features cannot.
  info["selection"] = {{"features", options.frame.features}, {"exclude", options.frame.exclude}};
  record.info = std::move(info);
  record.payload = std::move(payload);
  return record;
}

std::string SaveModel(RunStore& store, ModelRecord& record) {
  store.SaveModel(record);
  return record.reference();
}

std::vector<ModelRecord> ListModels(const std::string& store) {
  return OpenExistingStoreOrDefault(store)->ListModels();
}

ModelRecord GetModel(const std::string& store, const std::string& reference) {
  return OpenExistingStoreOrDefault(store)->GetModel(reference);
}

nlohmann::ordered_json DiffModels(const ModelRecord& before, const ModelRecord& after) {
  nlohmann::ordered_json diff = {{"before", before.reference()}, {"after", after.reference()}};
  nlohmann::ordered_json changed = nlohmann::ordered_json::object();
  const nlohmann::json no_params = nlohmann::json::object();
  const nlohmann::json& p0 = before.info.contains("params") ? before.info["params"] : no_params;
  const nlohmann::json& p1 = after.info.contains("params") ? after.info["params"] : no_params;
  std::set<std::string> keys;
  for (const auto& [key, value] : p0.items()) keys.insert(key);
  for (const auto& [key, value] : p1.items()) keys.insert(key);
  for (const std::string& key : keys)
    if (p0.value(key, nlohmann::json()) != p1.value(key, nlohmann::json()))
      changed[key] = {p0.value(key, nlohmann::json()), p1.value(key, nlohmann::json())};
  diff["params"] = changed;

  std::set<std::string> f0 = FeatureNames(before.info), f1 = FeatureNames(after.info);
  nlohmann::ordered_json added = nlohmann::ordered_json::array(),
                         removed = nlohmann::ordered_json::array();
  for (const std::string& f : f1)
    if (!f0.count(f)) added.push_back(f);
  for (const std::string& f : f0)
    if (!f1.count(f)) removed.push_back(f);
  diff["features"] = {{"added", added}, {"removed", removed}};

  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  const nlohmann::json m0 = before.info.value("metrics", nlohmann::json::object());
  const nlohmann::json m1 = after.info.value("metrics", nlohmann::json::object());
  for (const auto& [key, value] : m0.items())
    if (value.is_number() && m1.contains(key) && m1[key].is_number())
      metrics[key] = {{"before", value},
                      {"after", m1[key]},
                      {"change", m1[key].get<double>() - value.get<double>()}};
  diff["metrics"] = metrics;

  const nlohmann::json d0 = before.info.value("data", nlohmann::json::object());
  const nlohmann::json d1 = after.info.value("data", nlohmann::json::object());
  diff["data"] = {
      {"same_inputs", d0.value("inputs", nlohmann::json()) == d1.value("inputs", nlohmann::json())},
      {"rows", {d0.value("rows", 0), d1.value("rows", 0)}},
      {"wins", {d0.value("wins", 0), d1.value("wins", 0)}}};
  diff["same_policy"] = before.policy_hash == after.policy_hash;
  diff["same_code"] = before.code_version == after.code_version;
  return diff;
}

}  // namespace acctseg

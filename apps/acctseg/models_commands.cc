// `acctseg models list | show REF | diff REF REF`: the trained models kept
// in the run store (docs/learning.md, "Models").
#include "models_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <memory>

#include "commands.h"
#include "job/model_jobs.h"

namespace acctseg::cli {
namespace {

// A metric for the list, "0.812" or "-".
std::string Metric(const ModelRecord& m, const char* key) {
  const nlohmann::json metrics = m.info.value("metrics", nlohmann::json::object());
  if (!metrics.contains(key) || !metrics[key].is_number()) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", metrics[key].get<double>());
  return text;
}

int List(const StoredRecordOptions& options) {
  std::vector<ModelRecord> models = ListModels(options.store);
  if (options.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ModelRecord& m : models) list.push_back(RecordJson(m, "model"));
    std::printf("%s\n", list.dump(2).c_str());
    return 0;
  }
  if (models.empty()) {
    std::printf("no models yet (acctseg learn propensity --name NAME trains one)\n");
    return 0;
  }
  std::printf("%-24s %-11s %-16s %-10s %8s %7s %7s\n", "MODEL", "KIND", "CREATED (UTC)", "USER",
              "ROWS", "AUC", "PR AUC");
  for (const ModelRecord& m : models) {
    const nlohmann::json data = m.info.value("data", nlohmann::json::object());
    std::printf("%-24s %-11s %-16s %-10s %8s %7s %7s\n", m.reference().c_str(), m.kind.c_str(),
                UtcMinute(m.created_at_ms).c_str(), m.user.c_str(),
                std::to_string(data.value("rows", 0)).c_str(), Metric(m, "auc").c_str(),
                Metric(m, "pr_auc").c_str());
  }
  return 0;
}

// A stored value as a person reads it: 0.8239, not 0.8238924369130711.
std::string ScalarText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) return fmt::format("{:.4g}", value.get<double>());
  return value.dump();
}

// "key value, key value" of an object's scalar members.
std::string MembersText(const nlohmann::json& object) {
  std::string text;
  for (const auto& [key, value] : object.items())
    if (!value.is_structured() && !(value.is_string() && value.get<std::string>().empty()))
      text += (text.empty() ? "" : ", ") + key + " " + ScalarText(value);
  return text;
}

// "a, b".
std::string ListText(const nlohmann::json& list) {
  std::string text;
  for (const nlohmann::json& item : list) text += (text.empty() ? "" : ", ") + ScalarText(item);
  return text;
}

// The stored calibration tables as the training report printed them; a
// model stored before they were kept says so.
void PrintCalibration(const nlohmann::json& info) {
  if (!info.contains("calibration")) {
    std::printf("calibration: not recorded (stored before models kept it)\n");
    return;
  }
  const nlohmann::json& out_of_fold = info["calibration"].value("out_of_fold", nlohmann::json());
  const nlohmann::json& calibrated = info["calibration"].value("calibrated", nlohmann::json());
  std::printf("calibration (out-of-fold predictions by decile; calibrated = isotonic fit):\n");
  std::printf("  decile   rows  predicted  observed  calibrated\n");
  auto percent = [](const nlohmann::json& share) {
    return share.is_number() ? fmt::format("{:.1f}%", 100 * share.get<double>()) : "-";
  };
  for (size_t b = 0; b < out_of_fold.size(); ++b) {
    const nlohmann::json& bin = out_of_fold[b];
    std::printf("  %6zu  %5s  %9s  %8s  %10s\n", b + 1,
                ScalarText(bin.value("rows", nlohmann::json())).c_str(),
                percent(bin.value("predicted", nlohmann::json())).c_str(),
                percent(bin.value("observed", nlohmann::json())).c_str(),
                b < calibrated.size()
                    ? percent(calibrated[b].value("predicted", nlohmann::json())).c_str()
                    : "");
  }
}

// The model's record in lines (--format json has it whole).
void PrintModelInfo(const nlohmann::json& info) {
  if (info.contains("data")) {
    const nlohmann::json& data = info["data"];
    std::printf("training data: %s\n", MembersText(data).c_str());
    for (const nlohmann::json& input : data.value("inputs", nlohmann::json::array()))
      std::printf("  input %s: %s (%s)\n", ScalarText(input.value("name", "")).c_str(),
                  ScalarText(input.value("path", "")).c_str(),
                  ScalarText(input.value("content_hash", "")).c_str());
  }
  if (info.contains("params")) std::printf("parameters: %s\n", MembersText(info["params"]).c_str());
  if (info.contains("metrics")) std::printf("metrics: %s\n", MembersText(info["metrics"]).c_str());
  if (info.contains("selection")) {
    const nlohmann::json& features = info["selection"].value("features", nlohmann::json::array());
    const nlohmann::json& exclude = info["selection"].value("exclude", nlohmann::json::array());
    std::string given;
    if (!features.empty()) given += "--features " + ListText(features);
    if (!exclude.empty()) given += (given.empty() ? "" : "; ") + ("--exclude " + ListText(exclude));
    std::printf("selection: %s\n",
                given.empty() ? "every column (no --features or --exclude)" : given.c_str());
  }
  if (info.contains("features") && info["features"].is_array()) {
    std::string list;
    for (const nlohmann::json& feature : info["features"]) {
      list += (list.empty() ? "" : ", ") + ScalarText(feature.value("name", ""));
      if (feature.contains("categories"))
        list += fmt::format(" ({} categories)", feature["categories"].size());
    }
    std::printf("features (%zu): %s\n", info["features"].size(), list.c_str());
  }
}

int Show(const StoredRecordOptions& options) {
  ModelRecord m = GetModel(options.store, options.references[0]);
  nlohmann::ordered_json json = RecordJson(m, "model");
  if (options.format == "json") {
    std::printf("%s\n", json.dump(2).c_str());
    return 0;
  }
  std::printf("model %s (%s), trained %s UTC by %s on %s with acctseg %s\n", m.reference().c_str(),
              m.kind.c_str(), UtcMinute(m.created_at_ms).c_str(), m.user.c_str(), m.host.c_str(),
              m.code_version.c_str());
  std::printf("policy %s (sha %s)\n", m.policy_path.c_str(), m.policy_hash.c_str());
  PrintModelInfo(m.info);
  if (m.kind == "propensity") PrintCalibration(m.info);
  return 0;
}

int Diff(const StoredRecordOptions& options) {
  ModelRecord before = GetModel(options.store, options.references[0]);
  ModelRecord after = GetModel(options.store, options.references[1]);
  nlohmann::ordered_json diff = DiffModels(before, after);
  if (options.format == "json") {
    std::printf("%s\n", diff.dump(2).c_str());
    return 0;
  }
  std::printf("%s -> %s\n", before.reference().c_str(), after.reference().c_str());
  for (const auto& [key, values] : diff["metrics"].items()) {
    // Counts (folds, rows) as counts: "folds 5.0000 -> 5.0000" read oddly.
    const bool counts = values["before"].is_number_integer() && values["after"].is_number_integer();
    std::printf(counts ? "  %-12s %.0f -> %.0f (%+.0f)\n" : "  %-12s %.4f -> %.4f (%+.4f)\n",
                key.c_str(), values["before"].get<double>(), values["after"].get<double>(),
                values["change"].get<double>());
  }
  for (const auto& [key, values] : diff["params"].items())
    std::printf("  param %s: %s -> %s\n", key.c_str(), values[0].dump().c_str(),
                values[1].dump().c_str());
  for (const auto& f : diff["features"]["added"])
    std::printf("  + feature %s\n", f.get<std::string>().c_str());
  for (const auto& f : diff["features"]["removed"])
    std::printf("  - feature %s\n", f.get<std::string>().c_str());
  const auto& data = diff["data"];
  std::printf("  training data: %s (%s -> %s rows)\n",
              data["same_inputs"].get<bool>() ? "the same inputs" : "different inputs",
              data["rows"][0].dump().c_str(), data["rows"][1].dump().c_str());
  if (!diff["same_policy"].get<bool>()) std::printf("  the policy changed\n");
  if (!diff["same_code"].get<bool>()) std::printf("  trained by different acctseg versions\n");
  return 0;
}

}  // namespace

std::string UtcMinute(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &utc);
  return text;
}

nlohmann::ordered_json RecordJson(const VersionedRecord& m, const char* label) {
  return {{label, m.reference()},
          {"name", m.name},
          {"version", m.version},
          {"kind", m.kind},
          {"created_at_ms", m.created_at_ms},
          {"user", m.user},
          {"host", m.host},
          {"code_version", m.code_version},
          {"policy_path", m.policy_path},
          {"policy_hash", m.policy_hash},
          {"info", m.info}};
}

LearnSubcommand AddStoredRecordCommand(CLI::App& group, const char* name, const char* help,
                                       const char* noun, size_t references,
                                       const std::string& store_help,
                                       const std::shared_ptr<StoredRecordOptions>& options,
                                       int (*run)(const StoredRecordOptions&)) {
  CLI::App* command = group.add_subcommand(name, help);
  if (references > 0)
    command->add_option(noun, options->references, "NAME@VERSION, or NAME for the latest")
        ->required()
        ->expected(static_cast<int>(references));
  command->add_option("--store", options->store, store_help);
  command->add_option("--format,-f", options->format, "text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case));
  return LearnSubcommand{command, [options, run] { return run(*options); }};
}

std::vector<LearnSubcommand> AddModelsCommands(CLI::App& app, const std::string& store_help) {
  CLI::App* models =
      app.add_subcommand("models", "Trained models in the run store: list, show, diff");
  models->require_subcommand(1);
  auto options = std::make_shared<StoredRecordOptions>();
  auto add = [&](const char* name, const char* help, size_t references,
                 int (*run)(const StoredRecordOptions&)) {
    return AddStoredRecordCommand(*models, name, help, "model", references, store_help, options,
                                  run);
  };
  return {add("list", "Every model version, by name", 0, List),
          add("show", "One model: provenance, data, parameters, metrics, features", 1, Show),
          add("diff", "What changed between two model versions", 2, Diff)};
}

}  // namespace acctseg::cli

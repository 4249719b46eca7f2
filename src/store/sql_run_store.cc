#include "store/sql_run_store.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/error.h"
#include "common/parallel.h"
#include "common/signal_points.h"
#include "store/column_codec.h"

namespace acctseg {
namespace {

// How many candidates an ambiguous prefix lists before "and N more".
constexpr size_t kCandidatesShown = 5;

nlohmann::json InputsToJson(const std::vector<InputFingerprint>& inputs) {
  nlohmann::json array = nlohmann::json::array();
  for (const InputFingerprint& input : inputs)
    array.push_back({{"name", input.name},
                     {"path", input.path},
                     {"bytes", input.bytes},
                     {"content_hash", input.content_hash},
                     {"rows", input.rows}});
  return array;
}

std::vector<InputFingerprint> InputsFromJson(const nlohmann::json& array) {
  std::vector<InputFingerprint> inputs;
  for (const nlohmann::json& item : array) {
    InputFingerprint input;
    input.name = item.value("name", "");
    input.path = item.value("path", "");
    input.bytes = item.value("bytes", uint64_t{0});
    input.content_hash = item.value("content_hash", "");
    input.rows = item.value("rows", uint64_t{0});
    inputs.push_back(std::move(input));
  }
  return inputs;
}

RunRow ToRow(const RunRecord& record) {
  RunRow row;
  row.id = record.id;
  row.started_at_ms = record.started_at_ms;
  row.finished_at_ms = record.finished_at_ms;
  row.user = record.user;
  row.host = record.host;
  row.policy_path = record.policy_path;
  row.policy_text = record.policy_text;
  row.policy_hash = record.policy_hash;
  row.inputs_json = InputsToJson(record.inputs).dump();
  row.options_json = record.options.dump();
  row.summary_json = record.summary.dump();
  row.row_count = static_cast<int64_t>(record.row_count);
  return row;
}

// "latest" → 0, "latest~3" → 3, anything else → nullopt.
std::optional<size_t> LatestOffset(const std::string& reference) {
  if (reference == "latest") return 0;
  constexpr std::string_view kPrefix = "latest~";
  if (reference.size() <= kPrefix.size() || reference.compare(0, kPrefix.size(), kPrefix) != 0)
    return std::nullopt;
  std::string digits = reference.substr(kPrefix.size());
  if (digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return std::stoul(digits);
}

}  // namespace

RunRecord SqlRunStore::ToRecord(RunRow row, bool in_list) const {
  RunRecord record;
  // Parsed ordered (the summary's dimensions keep the policy's order);
  // the small inputs and options are kept as plain JSON.
  auto parse = [&](const std::string& text, const char* what, auto&& keep) {
    try {
      keep(nlohmann::ordered_json::parse(text));
    } catch (const nlohmann::json::exception& e) {
      // nlohmann's text without its "[json.exception.parse_error.101] ".
      std::string reason = e.what();
      if (const size_t end = reason.find("] "); reason.front() == '[' && end != std::string::npos)
        reason.erase(0, end + 2);
      const std::string problem = std::string("its ") + what + " is not JSON (" + reason + ")";
      if (!in_list)
        throw Error(ErrorKind::kStore, location() + ": run " + row.id + " is corrupt: " + problem);
      record.damaged += (record.damaged.empty() ? "" : "; ") + problem;
    }
  };
  parse(row.inputs_json, "inputs", [&](const nlohmann::ordered_json& j) {
    record.inputs = InputsFromJson(nlohmann::json(j));
  });
  parse(row.options_json, "options",
        [&](const nlohmann::ordered_json& j) { record.options = nlohmann::json(j); });
  parse(row.summary_json, "summary",
        [&](nlohmann::ordered_json j) { record.summary = std::move(j); });
  record.id = std::move(row.id);
  record.started_at_ms = row.started_at_ms;
  record.finished_at_ms = row.finished_at_ms;
  record.user = std::move(row.user);
  record.host = std::move(row.host);
  record.policy_path = std::move(row.policy_path);
  record.policy_text = std::move(row.policy_text);
  record.policy_hash = std::move(row.policy_hash);
  record.row_count = static_cast<uint64_t>(row.row_count);
  return record;
}

void SqlRunStore::BeforeColumn(const std::atomic<bool>* cancelled) {
  SignalPoint("record");
  ThrowIfCancelled(cancelled);
}

void SqlRunStore::BeforeCommit(const std::atomic<bool>* cancelled,
                               const std::function<void()>& before_commit) {
  if (before_commit) before_commit();
  SignalPoint("record-commit");
  ThrowIfCancelled(cancelled);
}

void SqlRunStore::Save(const RunRecord& record, const Table& results,
                       const std::atomic<bool>* cancelled,
                       const std::function<void()>& before_commit) {
  // Only the columns the store does not hold yet are encoded (a rerun
  // over the same input stores its unchanged columns again as a name),
  // and before the transaction, so the store is locked only for the writes.
  const int threads = HardwareThreads();
  const std::vector<std::string> keys = ColumnContentKeys(results, threads);
  const RunRow row = ToRow(record);
  std::vector<std::string> blobs(keys.size());
  // A `runs delete` between the look and the transaction can take a blob
  // this save counted on: InsertRun then saves nothing, and the save looks
  // again, encoding what is missing now. Each time needs a delete to have
  // committed in that gap, so a few tries are plenty.
  constexpr int kTries = 5;
  for (int attempt = 1;; ++attempt) {
    std::vector<bool> stored;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stored = ExistingBlobs(keys);
    }
    std::vector<bool> wanted(keys.size());
    for (size_t i = 0; i < keys.size(); ++i)  // one blob for equal columns of a run
      wanted[i] = !stored[i] && blobs[i].empty() &&
                  std::find(keys.begin(), keys.begin() + i, keys[i]) == keys.begin() + i;
    std::vector<std::string> encoded = EncodeTable(results, threads, wanted);
    for (size_t i = 0; i < keys.size(); ++i)
      if (wanted[i]) blobs[i] = std::move(encoded[i]);
    ThrowIfCancelled(cancelled);
    std::lock_guard<std::mutex> lock(mutex_);
    if (InsertRun(row, results.names(), keys, blobs, cancelled, before_commit)) return;
    if (attempt == kTries)
      throw Error(ErrorKind::kStore,
                  location() + ": saving run " + record.id +
                      ": column data it shares with earlier runs was deleted " +
                      std::to_string(kTries) +
                      " times while it saved (is a runs prune running in a loop?)");
  }
}

std::vector<std::string> SqlRunStore::BlobsReliedOn(const std::vector<std::string>& keys,
                                                    const std::vector<std::string>& blobs) {
  std::set<std::string> brought, relied;
  for (size_t i = 0; i < keys.size(); ++i)
    if (!blobs[i].empty()) brought.insert(keys[i]);
  for (const std::string& key : keys)
    if (!brought.contains(key)) relied.insert(key);
  return {relied.begin(), relied.end()};
}

RunRemoval SqlRunStore::DeleteRuns(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  return DeleteRunRows(ids);
}

std::vector<RunRecord> SqlRunStore::List(size_t limit) {
  std::vector<RunRow> rows;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rows = SelectRuns(limit, 0);
  }
  std::vector<RunRecord> records;
  records.reserve(rows.size());
  for (RunRow& row : rows) records.push_back(ToRecord(std::move(row), true));
  return records;
}

RunRecord SqlRunStore::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return Resolve(id);
}

RunRecord SqlRunStore::Resolve(const std::string& reference) {
  auto not_found = [&] {
    return Error(ErrorKind::kNotFound, "no run \"" + reference + "\" in " + location() +
                                           " (acctseg runs list shows the runs)");
  };
  if (reference.empty()) throw not_found();
  if (std::optional<size_t> offset = LatestOffset(reference)) {
    std::vector<RunRow> rows = SelectRuns(1, *offset);
    if (rows.empty()) throw not_found();
    return ToRecord(std::move(rows.front()));
  }
  if (std::optional<RunRow> row = SelectRun(reference)) return ToRecord(std::move(*row));
  std::vector<RunRow> rows = SelectRunsByPrefix(reference, kCandidatesShown + 1);
  if (rows.empty()) throw not_found();
  if (rows.size() == 1) return ToRecord(std::move(rows.front()));
  std::string candidates;
  for (size_t i = 0; i < rows.size() && i < kCandidatesShown; ++i)
    candidates += (i == 0 ? "" : ", ") + rows[i].id;
  if (rows.size() > kCandidatesShown) candidates += ", ...";
  throw Error(ErrorKind::kNotFound, "run id prefix \"" + reference + "\" is ambiguous in " +
                                        location() + ": it matches " + candidates +
                                        "; give more of the id");
}

Table SqlRunStore::LoadResults(const std::string& id) {
  RunRecord record;
  ColumnRows rows;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    record = Resolve(id);
    rows = SelectColumns(record.id);
  }
  std::vector<std::string_view> blobs(rows.blobs.begin(), rows.blobs.end());
  try {
    return DecodeTable(rows.names, blobs, record.row_count, HardwareThreads());
  } catch (const Error& e) {
    throw Error(ErrorKind::kStore, location() + ": run " + record.id + ": " + e.what());
  }
}

namespace {

constexpr VersionedShelf kModels{"models", "model",
                                 "acctseg learn propensity --name NAME trains one"};
constexpr VersionedShelf kPlans{"plans", "plan", "acctseg plan territories --name NAME stores one"};

}  // namespace

VersionedRecord SqlRunStore::ToRecord(const VersionedShelf& shelf, VersionedRow row) const {
  try {
    row.record.info = nlohmann::json::parse(row.info_json);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::kStore, location() + ": " + shelf.noun + " " + row.record.reference() +
                                       " is corrupt: " + e.what());
  }
  return std::move(row.record);
}

int64_t SqlRunStore::SaveVersioned(const VersionedShelf& shelf, VersionedRecord& record) {
  VersionedRow row{record, record.info.dump()};
  std::lock_guard<std::mutex> lock(mutex_);
  record.version = InsertVersioned(shelf.table, row);
  return record.version;
}

std::vector<VersionedRecord> SqlRunStore::ListVersioned(const VersionedShelf& shelf) {
  std::vector<VersionedRow> rows;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rows = SelectVersioned(shelf.table);
  }
  std::vector<VersionedRecord> records;
  for (VersionedRow& row : rows) records.push_back(ToRecord(shelf, std::move(row)));
  return records;
}

VersionedRecord SqlRunStore::GetVersioned(const VersionedShelf& shelf,
                                          const std::string& reference) {
  VersionedReference ref = ParseVersionedReference(reference, shelf.noun);
  std::optional<VersionedRow> row;
  std::vector<VersionedRow> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    row = SelectVersion(shelf.table, ref.name, ref.version);
    if (!row) all = SelectVersioned(shelf.table);
  }
  if (row) return ToRecord(shelf, std::move(*row));
  std::string versions;
  std::set<std::string> names;
  for (const VersionedRow& m : all) {
    if (m.record.name == ref.name)
      versions += (versions.empty() ? "" : ", ") + m.record.reference();
    names.insert(m.record.name);
  }
  if (!versions.empty())
    throw Error(ErrorKind::kNotFound, std::string("no ") + shelf.noun + " " + reference + " in " +
                                          location() + "; its versions: " + versions);
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  throw Error(
      ErrorKind::kNotFound,
      std::string("no ") + shelf.noun + " named \"" + ref.name + "\" in " + location() +
          (list.empty() ? std::string(" (it has no ") + shelf.table + "; " + shelf.how_to_add + ")"
                        : std::string(" (its ") + shelf.table + ": " + list + ")"));
}

int64_t SqlRunStore::SaveModel(ModelRecord& record) { return SaveVersioned(kModels, record); }

std::vector<ModelRecord> SqlRunStore::ListModels() { return ListVersioned(kModels); }

ModelRecord SqlRunStore::GetModel(const std::string& reference) {
  return GetVersioned(kModels, reference);
}

int64_t SqlRunStore::SavePlan(PlanRecord& record) { return SaveVersioned(kPlans, record); }

std::vector<PlanRecord> SqlRunStore::ListPlans() { return ListVersioned(kPlans); }

PlanRecord SqlRunStore::GetPlan(const std::string& reference) {
  return GetVersioned(kPlans, reference);
}

}  // namespace acctseg

#include "store/schema.h"

#include <span>
#include <string_view>

#include "common/error.h"
#include "store/run_store.h"

namespace acctseg {
namespace {

// Written once for both backends; "{blob}" becomes each one's binary type.
// "user" is quoted because it is a reserved word in PostgreSQL.
constexpr std::string_view kVersion1[] = {
    "CREATE TABLE schema_version (version BIGINT NOT NULL)",
    "CREATE TABLE runs ("
    " id TEXT PRIMARY KEY,"
    " started_at_ms BIGINT NOT NULL,"
    " finished_at_ms BIGINT NOT NULL,"
    " \"user\" TEXT NOT NULL,"
    " host TEXT NOT NULL,"
    " policy_path TEXT NOT NULL,"
    " policy_text TEXT NOT NULL,"
    " policy_hash TEXT NOT NULL,"
    " inputs_json TEXT NOT NULL,"
    " options_json TEXT NOT NULL,"
    " summary_json TEXT NOT NULL,"
    " row_count BIGINT NOT NULL)",
    "CREATE INDEX runs_by_start ON runs (started_at_ms, id)",
    "CREATE TABLE run_columns ("
    " run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL,"
    " name TEXT NOT NULL,"
    " data {blob} NOT NULL,"
    " PRIMARY KEY (run_id, position))",
};

// Version 2: trained models (acctseg learn), versioned by name.
constexpr std::string_view kVersion2[] = {
    "CREATE TABLE models ("
    " name TEXT NOT NULL,"
    " version BIGINT NOT NULL,"
    " kind TEXT NOT NULL,"
    " created_at_ms BIGINT NOT NULL,"
    " \"user\" TEXT NOT NULL,"
    " host TEXT NOT NULL,"
    " code_version TEXT NOT NULL,"
    " policy_path TEXT NOT NULL,"
    " policy_hash TEXT NOT NULL,"
    " info_json TEXT NOT NULL,"
    " payload {blob} NOT NULL,"
    " PRIMARY KEY (name, version))",
};

// Version 4: column blobs by content (store/column_codec.h
// ColumnContentKeys), kept once however many runs hold the column; a
// run's column then names its blob (blob_hash) and keeps an empty `data`.
// Columns stored before keep theirs in `data` (blob_hash NULL).
constexpr std::string_view kVersion4[] = {
    "CREATE TABLE column_blobs (hash TEXT PRIMARY KEY, data {blob} NOT NULL)",
    "ALTER TABLE run_columns ADD COLUMN blob_hash TEXT",
};

// Version 3: plans (acctseg plan territories/capacity --name), versioned by
// name like models and with exactly the models table's columns, so one code
// path serves both (store/versioned_record.h); the payload is the plan's JSON.
std::string PlansTable() {
  constexpr std::string_view kModels = "CREATE TABLE models (";
  static_assert(kVersion2[0].starts_with(kModels));
  return "CREATE TABLE plans (" + std::string(kVersion2[0].substr(kModels.size()));
}

std::string ForDialect(std::string_view sql, SqlDialect dialect) {
  std::string text(sql);
  constexpr std::string_view kBlob = "{blob}";
  if (size_t at = text.find(kBlob); at != std::string::npos)
    text.replace(at, kBlob.size(), dialect == SqlDialect::kSqlite ? "BLOB" : "BYTEA");
  return text;
}

}  // namespace

std::vector<MigrationStep> MigrationSteps(SqlDialect dialect) {
  auto step = [dialect](int version, std::span<const std::string_view> sqls) {
    MigrationStep migration{version, {}};
    for (std::string_view sql : sqls) migration.statements.push_back(ForDialect(sql, dialect));
    return migration;
  };
  std::string plans = PlansTable();
  std::string_view version3[] = {plans};
  return {step(1, kVersion1), step(2, kVersion2), step(3, version3), step(4, kVersion4)};
}

std::vector<std::string> PendingMigration(SqlDialect dialect, int from_version) {
  std::vector<std::string> statements;
  for (MigrationStep& step : MigrationSteps(dialect)) {
    if (step.version <= from_version) continue;
    for (std::string& sql : step.statements) statements.push_back(std::move(sql));
  }
  if (statements.empty()) return statements;
  statements.push_back("DELETE FROM schema_version");
  statements.push_back("INSERT INTO schema_version (version) VALUES (" +
                       std::to_string(kRunStoreSchemaVersion) + ")");
  return statements;
}

void RefuseNewerSchema(const std::string& location, int version) {
  if (version <= kRunStoreSchemaVersion) return;
  throw Error(ErrorKind::kStore, location + ": the store has schema version " +
                                     std::to_string(version) + ", newer than this acctseg (" +
                                     std::to_string(kRunStoreSchemaVersion) + "); upgrade acctseg");
}

}  // namespace acctseg

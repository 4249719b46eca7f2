// The run store's schema, shared by both backends: the ordered migration
// steps and the rule for stores from a newer acctseg. Step N takes a store
// from version N-1 to N; a backend applies the steps above the stored
// version, in order, in one transaction, then records the new version.
// Never edit a released step: add a new one and raise kRunStoreSchemaVersion.
#pragma once

#include <string>
#include <vector>

namespace acctseg {

enum class SqlDialect { kSqlite, kPostgres };

struct MigrationStep {
  int version;                          // the schema version after this step
  std::vector<std::string> statements;  // SQL for the dialect asked for
};

// Every step, oldest first, written for `dialect`.
std::vector<MigrationStep> MigrationSteps(SqlDialect dialect);

// The statements that take a store from `from_version` to
// kRunStoreSchemaVersion, ending with the update of schema_version; empty
// if it is current. Run them in one transaction.
std::vector<std::string> PendingMigration(SqlDialect dialect, int from_version);

// Throws Error(kStore, "<location>: the store has schema version N, newer
// than this acctseg (1); upgrade acctseg") if `version` is too new.
void RefuseNewerSchema(const std::string& location, int version);

// What deleting runs (RunStore::DeleteRuns) shares between the backends.
// The index that finds a blob's runs: the first delete makes it (CREATE
// INDEX IF NOT EXISTS ...). It is not a schema step, so that no store
// changes version for it: an older acctseg reads a store that has it.
inline constexpr char kBlobIndex[] = "run_columns_by_blob ON run_columns (blob_hash)";
// The blobs no run names any more ("SELECT ... " or "DELETE " before it).
inline constexpr char kUnnamedBlobs[] =
    "FROM column_blobs WHERE NOT EXISTS "
    "(SELECT 1 FROM run_columns c WHERE c.blob_hash = column_blobs.hash)";

}  // namespace acctseg

#include "store/postgres_store.h"

#include <pqxx/pqxx>

#include "common/error.h"
#include "store/schema.h"

namespace acctseg {
namespace {

constexpr char kRunColumns[] =
    "id, started_at_ms, finished_at_ms, \"user\", host, policy_path, policy_text, policy_hash, "
    "inputs_json, options_json, summary_json, row_count";
constexpr char kVersionedColumns[] =
    "name, version, kind, created_at_ms, \"user\", host, code_version, policy_path, "
    "policy_hash, info_json";
// Serializes concurrent first-time migrations (pg_advisory_xact_lock key).
constexpr int64_t kMigrationLockKey = 0x61637473656731;  // "actseg1"
// Saves hold it shared from their check of the blobs they name to their
// commit, a delete holds it alone: a blob a save counts on cannot go
// between the two (READ COMMITTED: each statement after the lock sees what
// the other committed).
constexpr int64_t kBlobsLockKey = 0x61637473656732;  // "actseg2"

RunRow ReadRun(const pqxx::row& row) {
  RunRow run;
  run.id = row[0].as<std::string>();
  run.started_at_ms = row[1].as<int64_t>();
  run.finished_at_ms = row[2].as<int64_t>();
  run.user = row[3].as<std::string>();
  run.host = row[4].as<std::string>();
  run.policy_path = row[5].as<std::string>();
  run.policy_text = row[6].as<std::string>();
  run.policy_hash = row[7].as<std::string>();
  run.inputs_json = row[8].as<std::string>();
  run.options_json = row[9].as<std::string>();
  run.summary_json = row[10].as<std::string>();
  run.row_count = row[11].as<int64_t>();
  return run;
}

// A models or plans row as selected with kVersionedColumns (then payload,
// if asked for).
VersionedRow ReadVersioned(const pqxx::row& r) {
  VersionedRow row;
  VersionedRecord& m = row.record;
  m.name = r[0].as<std::string>();
  m.version = r[1].as<int64_t>();
  m.kind = r[2].as<std::string>();
  m.created_at_ms = r[3].as<int64_t>();
  m.user = r[4].as<std::string>();
  m.host = r[5].as<std::string>();
  m.code_version = r[6].as<std::string>();
  m.policy_path = r[7].as<std::string>();
  m.policy_hash = r[8].as<std::string>();
  row.info_json = r[9].as<std::string>();
  return row;
}

std::vector<RunRow> ReadRuns(const pqxx::result& result) {
  std::vector<RunRow> runs;
  runs.reserve(result.size());
  for (const pqxx::row& row : result) runs.push_back(ReadRun(row));
  return runs;
}

}  // namespace

struct PostgresStore::Session {
  explicit Session(const std::string& uri) : connection(uri) {}
  pqxx::connection connection;
};

PostgresStore::PostgresStore(const std::string& uri, bool to_read)
    : target_(DescribePostgresUri(uri)) {
  if (!target_.unusable.empty())
    throw Error(ErrorKind::kUsage, "store " + target_.location + ": " + target_.unusable);
  try {
    session_ = std::make_unique<Session>(WithConnectTimeout(uri));
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kStore, "cannot connect to PostgreSQL at " + target_.address + ": " +
                                       DescribeConnectFailure(e.what(), target_, "store URI"));
  }
  Migrate(to_read);
}

PostgresStore::~PostgresStore() = default;

template <typename Fn>
auto PostgresStore::Guard(const std::string& doing, Fn fn) {
  try {
    return fn();
  } catch (const pqxx::in_doubt_error& e) {
    // The connection went during the commit: the server may have recorded it.
    throw Error(ErrorKind::kStore,
                "lost the connection to PostgreSQL at " + target_.address + " while " + doing +
                    ", during its commit: whether it took effect is unknown (acctseg runs list, "
                    "models list or plan list shows what the store holds; a run's output is "
                    "published only after its record, so none was)");
  } catch (const pqxx::broken_connection& e) {
    throw Error(ErrorKind::kStore, "lost the connection to PostgreSQL at " + target_.address +
                                       " while " + doing + ": " + ConnectFailureReason(e.what()));
  } catch (const pqxx::sql_error& e) {
    throw Error(ErrorKind::kStore,
                location() + ": " + doing + ": " + ConnectFailureReason(e.what()));
  } catch (const pqxx::failure& e) {
    throw Error(ErrorKind::kStore,
                location() + ": " + doing + ": " + ConnectFailureReason(e.what()));
  }
}

int PostgresStore::ReadSchemaVersion() {
  pqxx::work tx(session_->connection);
  pqxx::row tables =
      tx.exec1("SELECT to_regclass('schema_version') IS NOT NULL, to_regclass('runs') IS NOT NULL");
  if (!tables[0].as<bool>()) {
    if (tables[1].as<bool>())
      throw Error(ErrorKind::kStore, location() +
                                         " is not an acctseg run store: it has a table \"runs\" "
                                         "but no schema_version");
    return 0;
  }
  pqxx::row version = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_version");
  return version[0].as<int>();
}

void PostgresStore::Migrate(bool to_read) {
  Guard("reading the schema version", [&] {
    schema_version_ = ReadSchemaVersion();
    RefuseNewerSchema(location(), schema_version_);
    if (to_read && schema_version_ == 0)
      throw Error(ErrorKind::kStore, "no run store at " + location() +
                                         ": its schema has no acctseg tables (acctseg run records "
                                         "runs there)");
    if (schema_version_ == kRunStoreSchemaVersion) return;
    pqxx::work tx(session_->connection);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    // Re-read under the lock: another process may have migrated meanwhile.
    pqxx::row tables = tx.exec1("SELECT to_regclass('schema_version') IS NOT NULL");
    int version =
        tables[0].as<bool>()
            ? tx.exec1("SELECT coalesce(max(version), 0) FROM schema_version")[0].as<int>()
            : 0;
    RefuseNewerSchema(location(), version);
    for (const std::string& sql : PendingMigration(SqlDialect::kPostgres, version)) tx.exec(sql);
    tx.commit();
    schema_version_ = kRunStoreSchemaVersion;
  });
}

std::vector<bool> PostgresStore::ExistingBlobs(const std::vector<std::string>& keys) {
  return Guard("looking up stored columns", [&] {
    pqxx::work tx(session_->connection);
    std::vector<bool> existing;
    for (const std::string& key : keys)
      existing.push_back(
          !tx.exec_params("SELECT 1 FROM column_blobs WHERE hash = $1", key).empty());
    return existing;
  });
}

bool PostgresStore::InsertRun(const RunRow& run, const std::vector<std::string>& names,
                              const std::vector<std::string>& keys,
                              const std::vector<std::string>& blobs,
                              const std::atomic<bool>* cancelled,
                              const std::function<void()>& before_commit) {
  return Guard("saving run " + run.id, [&] {
    pqxx::work tx(session_->connection);
    tx.exec_params("SELECT pg_advisory_xact_lock_shared($1)", kBlobsLockKey);
    for (const std::string& key : BlobsReliedOn(keys, blobs))
      if (tx.exec_params("SELECT 1 FROM column_blobs WHERE hash = $1", key).empty()) return false;
    try {
      tx.exec_params(std::string("INSERT INTO runs (") + kRunColumns +
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                     run.id, run.started_at_ms, run.finished_at_ms, run.user, run.host,
                     run.policy_path, run.policy_text, run.policy_hash, run.inputs_json,
                     run.options_json, run.summary_json, run.row_count);
    } catch (const pqxx::unique_violation&) {
      throw Error(ErrorKind::kStore,
                  location() + ": a run with id " + run.id + " is already stored");
    }
    for (size_t i = 0; i < blobs.size(); ++i) {
      BeforeColumn(cancelled);
      if (!blobs[i].empty())
        tx.exec_params(
            "INSERT INTO column_blobs (hash, data) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING",
            keys[i], pqxx::binarystring(blobs[i].data(), blobs[i].size()));
      tx.exec_params(
          "INSERT INTO run_columns (run_id, position, name, data, blob_hash)"
          " VALUES ($1, $2, $3, ''::bytea, $4)",
          run.id, static_cast<int64_t>(i), names[i], keys[i]);
    }
    BeforeCommit(cancelled, before_commit);
    tx.commit();
    return true;
  });
}

RunRemoval PostgresStore::DeleteRunRows(const std::vector<std::string>& ids) {
  return Guard("deleting runs", [&] {
    pqxx::work tx(session_->connection);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kBlobsLockKey);
    tx.exec(std::string("CREATE INDEX IF NOT EXISTS ") + kBlobIndex);
    RunRemoval removal;
    for (const std::string& id : ids) {
      // The columns' own data (runs saved before shared blobs), then the
      // columns: deleting the run would take them with it (ON DELETE CASCADE).
      const uint64_t own_bytes = tx.exec_params1(
                                       "SELECT coalesce(sum(length(data)), 0) FROM run_columns "
                                       "WHERE run_id = $1",
                                       id)[0]
                                     .as<uint64_t>();
      tx.exec_params("DELETE FROM run_columns WHERE run_id = $1", id);
      if (tx.exec_params("DELETE FROM runs WHERE id = $1 RETURNING id", id).empty()) continue;
      removal.runs.push_back(id);
      removal.bytes += own_bytes;
    }
    pqxx::row unnamed =
        tx.exec1(std::string("SELECT count(*), coalesce(sum(length(data)), 0) ") + kUnnamedBlobs);
    removal.blobs = unnamed[0].as<uint64_t>();
    removal.bytes += unnamed[1].as<uint64_t>();
    tx.exec(std::string("DELETE ") + kUnnamedBlobs);
    tx.commit();
    return removal;
  });
}

void PostgresStore::Compact() {
  Guard("vacuuming the store's tables", [&] {
    pqxx::nontransaction tx(session_->connection);  // VACUUM cannot run in a transaction
    tx.exec("VACUUM runs, run_columns, column_blobs");
  });
}

std::vector<RunRow> PostgresStore::SelectRuns(size_t limit, size_t offset) {
  return Guard("listing runs", [&] {
    pqxx::work tx(session_->connection);
    std::string sql = std::string("SELECT ") + kRunColumns +
                      " FROM runs ORDER BY started_at_ms DESC, id DESC LIMIT $1 OFFSET $2";
    // LIMIT NULL means no limit.
    pqxx::result result =
        limit == 0 ? tx.exec_params(sql, nullptr, static_cast<int64_t>(offset))
                   : tx.exec_params(sql, static_cast<int64_t>(limit), static_cast<int64_t>(offset));
    return ReadRuns(result);
  });
}

std::optional<RunRow> PostgresStore::SelectRun(const std::string& id) {
  return Guard("reading run " + id, [&]() -> std::optional<RunRow> {
    pqxx::work tx(session_->connection);
    pqxx::result result =
        tx.exec_params(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = $1", id);
    if (result.empty()) return std::nullopt;
    return ReadRun(result[0]);
  });
}

std::vector<RunRow> PostgresStore::SelectRunsByPrefix(const std::string& prefix, size_t limit) {
  return Guard("looking up run " + prefix, [&] {
    pqxx::work tx(session_->connection);
    return ReadRuns(tx.exec_params(
        std::string("SELECT ") + kRunColumns +
            " FROM runs WHERE left(id, length($1::text)) = $1::text ORDER BY id LIMIT $2",
        prefix, static_cast<int64_t>(limit)));
  });
}

ColumnRows PostgresStore::SelectColumns(const std::string& run_id) {
  return Guard("reading the results of run " + run_id, [&] {
    pqxx::work tx(session_->connection);
    pqxx::result result = tx.exec_params(
        "SELECT c.name, COALESCE(b.data, c.data) FROM run_columns c"
        " LEFT JOIN column_blobs b ON b.hash = c.blob_hash"
        " WHERE c.run_id = $1 ORDER BY c.position",
        run_id);
    ColumnRows columns;
    for (const pqxx::row& row : result) {
      columns.names.push_back(row[0].as<std::string>());
      pqxx::binarystring data(row[1]);
      columns.blobs.emplace_back(reinterpret_cast<const char*>(data.data()), data.size());
    }
    return columns;
  });
}

int64_t PostgresStore::InsertVersioned(const std::string& table, const VersionedRow& row) {
  const VersionedRecord& m = row.record;
  return Guard("saving " + m.name + " into " + table, [&] {
    pqxx::work tx(session_->connection);
    // Two saves of one name at once must not both take the same version.
    tx.exec("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
    int64_t version =
        tx.exec_params1("SELECT coalesce(max(version), 0) + 1 FROM " + table + " WHERE name = $1",
                        m.name)[0]
            .as<int64_t>();
    tx.exec_params("INSERT INTO " + table + " (" + kVersionedColumns +
                       ", payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                   m.name, version, m.kind, m.created_at_ms, m.user, m.host, m.code_version,
                   m.policy_path, m.policy_hash, row.info_json,
                   pqxx::binarystring(m.payload.data(), m.payload.size()));
    tx.commit();
    return version;
  });
}

std::vector<VersionedRow> PostgresStore::SelectVersioned(const std::string& table) {
  return Guard("listing " + table, [&] {
    pqxx::work tx(session_->connection);
    std::vector<VersionedRow> rows;
    for (const pqxx::row& r : tx.exec(std::string("SELECT ") + kVersionedColumns + " FROM " +
                                      table + " ORDER BY name, version"))
      rows.push_back(ReadVersioned(r));
    return rows;
  });
}

std::optional<VersionedRow> PostgresStore::SelectVersion(const std::string& table,
                                                         const std::string& name, int64_t version) {
  return Guard("reading " + name + " from " + table, [&]() -> std::optional<VersionedRow> {
    pqxx::work tx(session_->connection);
    pqxx::result result =
        tx.exec_params(std::string("SELECT ") + kVersionedColumns + ", payload FROM " + table +
                           " WHERE name = $1 AND (version = $2 OR $2 = 0) "
                           "ORDER BY version DESC LIMIT 1",
                       name, version);
    if (result.empty()) return std::nullopt;
    VersionedRow row = ReadVersioned(result[0]);
    pqxx::binarystring payload(result[0][10]);
    row.record.payload.assign(reinterpret_cast<const char*>(payload.data()), payload.size());
    return row;
  });
}

}  // namespace acctseg

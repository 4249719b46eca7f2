#include "store/postgres_store.h"

#include <pqxx/pqxx>

#include "common/error.h"
#include "store/schema.h"

namespace acctseg {
namespace {

constexpr char kRunColumns[] =
    "id, started_at_ms, finished_at_ms, \"user\", host, policy_path, policy_text, policy_hash, "
    "inputs_json, options_json, summary_json, row_count";
// Serializes concurrent first-time migrations (pg_advisory_xact_lock key).
constexpr int64_t kMigrationLockKey = 0x61637473656731;  // "actseg1"
constexpr char kDefaultConnectTimeoutSeconds[] = "10";

bool Contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// libpq says 'connection to server at "h" (ip), port p failed: FATAL:  why\n\thint\n...'
// (once per address tried). Keep the first "why": the address is said already.
std::string ConnectFailureReason(const std::string& message) {
  std::string reason = message.substr(0, message.find('\n'));
  constexpr std::string_view kFailed = "failed: ";
  if (size_t at = reason.find(kFailed); at != std::string::npos)
    reason.erase(0, at + kFailed.size());
  constexpr std::string_view kFatal = "FATAL:  ";
  if (reason.compare(0, kFatal.size(), kFatal) == 0) reason.erase(0, kFatal.size());
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back())))
    reason.pop_back();
  if (reason.empty()) return "unknown error";
  if (reason == "Connection refused")
    reason += " (is the server running and accepting TCP/IP connections?)";
  return reason;
}

// The URI handed to libpq: a connect timeout unless one is given, so a host
// that does not answer fails in seconds rather than minutes.
std::string WithConnectTimeout(const std::string& uri) {
  if (Contains(uri, "connect_timeout=")) return uri;
  return uri + (Contains(uri, "?") ? "&" : "?") +
         "connect_timeout=" + kDefaultConnectTimeoutSeconds;
}

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

std::vector<RunRow> ReadRuns(const pqxx::result& result) {
  std::vector<RunRow> runs;
  runs.reserve(result.size());
  for (const pqxx::row& row : result) runs.push_back(ReadRun(row));
  return runs;
}

}  // namespace

PostgresTarget DescribePostgresUri(const std::string& uri) {
  PostgresTarget target;
  size_t scheme_end = uri.find("://");
  std::string scheme = scheme_end == std::string::npos ? "postgresql" : uri.substr(0, scheme_end);
  std::string rest = scheme_end == std::string::npos ? uri : uri.substr(scheme_end + 3);
  std::string query;
  if (size_t q = rest.find('?'); q != std::string::npos) query = rest.substr(q + 1), rest.resize(q);
  std::string authority = rest.substr(0, rest.find('/'));
  std::string dbname = rest.size() > authority.size() ? rest.substr(authority.size() + 1) : "";
  std::string hosts = authority, uri_user;
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    uri_user = userinfo.substr(0, userinfo.find(':'));  // drop ":password"
    target.user = uri_user;
    hosts = authority.substr(at + 1);
  }
  // Query parameters may name the parts too; a password there is dropped.
  std::string kept_query, host_param, port_param;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    std::string key = pair.substr(0, pair.find('='));
    std::string value = pair.size() > key.size() ? pair.substr(key.size() + 1) : "";
    if (key == "user") target.user = value;
    if (key == "dbname") dbname = value;
    if (key == "host") host_param = value;
    if (key == "port") port_param = value;
    if (key != "password" && !pair.empty()) kept_query += (kept_query.empty() ? "" : "&") + pair;
    start = end + 1;
  }
  target.location = scheme + "://" + (uri_user.empty() ? "" : uri_user + "@") + hosts + "/" +
                    dbname + (kept_query.empty() ? "" : "?" + kept_query);
  std::string address = !host_param.empty() ? host_param : hosts.empty() ? "localhost" : hosts;
  bool has_port = address.find(':') != std::string::npos && address.back() != ']';
  if (!port_param.empty())
    address += ":" + port_param;
  else if (!has_port)
    address += ":5432";
  target.address =
      address + "/" + (dbname.empty() ? (target.user.empty() ? "postgres" : target.user) : dbname);
  return target;
}

struct PostgresStore::Session {
  explicit Session(const std::string& uri) : connection(uri) {}
  pqxx::connection connection;
};

PostgresStore::PostgresStore(const std::string& uri) : target_(DescribePostgresUri(uri)) {
  try {
    session_ = std::make_unique<Session>(WithConnectTimeout(uri));
  } catch (const std::exception& e) {
    std::string message = e.what();
    std::string prefix = "cannot connect to PostgreSQL at " + target_.address + ": ";
    if (Contains(message, "authentication failed") || Contains(message, "no password supplied") ||
        Contains(message, "password is required"))
      throw Error(ErrorKind::kStore, prefix + "authentication failed for user \"" + target_.user +
                                         "\" (check the user and password in the store URI)");
    throw Error(ErrorKind::kStore, prefix + ConnectFailureReason(message));
  }
  Migrate();
}

PostgresStore::~PostgresStore() = default;

template <typename Fn>
auto PostgresStore::Guard(const std::string& doing, Fn fn) {
  try {
    return fn();
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

void PostgresStore::Migrate() {
  Guard("reading the schema version", [&] {
    schema_version_ = ReadSchemaVersion();
    RefuseNewerSchema(location(), schema_version_);
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

void PostgresStore::InsertRun(const RunRow& run, const std::vector<std::string>& names,
                              const std::vector<std::string>& blobs,
                              const std::atomic<bool>* cancelled) {
  Guard("saving run " + run.id, [&] {
    pqxx::work tx(session_->connection);
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
      tx.exec_params(
          "INSERT INTO run_columns (run_id, position, name, data) VALUES ($1, $2, $3, $4)", run.id,
          static_cast<int64_t>(i), names[i], pqxx::binarystring(blobs[i].data(), blobs[i].size()));
    }
    BeforeCommit(cancelled);
    tx.commit();
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
        "SELECT name, data FROM run_columns WHERE run_id = $1 ORDER BY position", run_id);
    ColumnRows columns;
    for (const pqxx::row& row : result) {
      columns.names.push_back(row[0].as<std::string>());
      pqxx::binarystring data(row[1]);
      columns.blobs.emplace_back(reinterpret_cast<const char*>(data.data()), data.size());
    }
    return columns;
  });
}

}  // namespace acctseg

#include "store/sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

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

}  // namespace

// A prepared statement; finalized when it goes out of scope.
class SqliteStore::Statement {
 public:
  Statement(const SqliteStore& store, const std::string& sql) : store_(store) {
    int rc = sqlite3_prepare_v2(store.db_, sql.c_str(), -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) store.Fail(rc, "preparing a query");
  }
  ~Statement() { sqlite3_finalize(stmt_); }

  void Bind(int index, const std::string& text) {
    Check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void Bind(int index, int64_t value) { Check(sqlite3_bind_int64(stmt_, index, value)); }
  void BindBlob(int index, const std::string& bytes) {
    Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC));
  }
  // True while there is a row to read.
  bool Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    store_.Fail(rc, "running a query");
  }
  sqlite3_stmt* raw() { return stmt_; }
  int64_t Int(int column) { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) {
    const void* data = sqlite3_column_blob(stmt_, column);  // blob: no text conversion
    if (data == nullptr) return std::string();
    return std::string(static_cast<const char*>(data), sqlite3_column_bytes(stmt_, column));
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) store_.Fail(rc, "binding a query parameter");
  }

  const SqliteStore& store_;
  sqlite3_stmt* stmt_ = nullptr;
};

SqliteStore::SqliteStore(const std::string& path, SqliteOptions options)
    : path_(path), options_(options) {
  // SQLite says "disk I/O error" or "unable to open database file" for both.
  std::error_code error;
  if (std::filesystem::is_directory(path_, error))
    throw Error(ErrorKind::kStore,
                "the run store " + path_ + " is a directory: give a file in it (--store " +
                    (std::filesystem::path(path_) / "runs.sqlite").string() + ")");
  if (const std::filesystem::path folder = std::filesystem::path(path_).parent_path();
      !folder.empty() && !std::filesystem::exists(folder, error))
    throw Error(ErrorKind::kStore, "cannot make the run store " + path_ + ": its directory " +
                                       folder.string() + " does not exist (mkdir -p " +
                                       folder.string() + ")");
  try {
    if (options_.read_only && OpenToRead()) return;
    OpenToWrite();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

void SqliteStore::Connect(const std::string& name, int flags) {
  sqlite3_close(db_);
  db_ = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    throw Error(ErrorKind::kStore, "cannot open the run store " + path_ + ": " + reason);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, &SqliteStore::WaitForLock, this);
}

bool SqliteStore::OpenToRead() {
  Connect(path_, SQLITE_OPEN_READONLY);
  try {
    schema_version_ = ReadSchemaVersion();
  } catch (const Error&) {
    // A WAL store whose -shm file this process can neither open nor make
    // (a read-only mount, a directory it cannot write): SQLite cannot
    // coordinate with writers there, so it reads the file as it is on disk,
    // which is what it holds when nobody can be writing it either.
    std::string uri = "file:";
    for (const char c : path_)
      if (c == '%' || c == '?' || c == '#')
        uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
      else
        uri += c;
    Connect(uri + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    schema_version_ = ReadSchemaVersion();
  }
  RefuseNewerSchema(path_, schema_version_);
  if (schema_version_ == 0) return false;
  if (schema_version_ < kRunStoreSchemaVersion) ReadThroughUpgradedCopy();
  return true;
}

void SqliteStore::ReadThroughUpgradedCopy() {
  // The copy holds every run's columns, and the migration moves them once
  // more: beyond this, asking for the upgrade is kinder than the memory.
  constexpr uintmax_t kMostCopied = uintmax_t{1} << 30;
  std::error_code error;
  if (const uintmax_t bytes = std::filesystem::file_size(path_, error);
      !error && bytes > kMostCopied)
    throw Error(ErrorKind::kStore,
                fmt::format("{} has schema version {}, older than this acctseg's ({}); a command "
                            "that only reads it reads a store this large ({} MB) only once a "
                            "command that writes (acctseg run ... --store {}) has upgraded it",
                            path_, schema_version_, kRunStoreSchemaVersion, bytes >> 20, path_));
  sqlite3* memory = nullptr;
  if (int rc = sqlite3_open_v2(":memory:", &memory, SQLITE_OPEN_READWRITE, nullptr);
      rc != SQLITE_OK) {
    sqlite3_close(memory);
    Fail(rc, "opening a copy in memory to read an older schema");
  }
  sqlite3_backup* backup = sqlite3_backup_init(memory, "main", db_, "main");
  const int rc = backup ? sqlite3_backup_step(backup, -1) : sqlite3_errcode(memory);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    sqlite3_close(memory);
    // A writer's lock is said as any wait for it is.
    Fail(rc,
         "copying the store (schema version " + std::to_string(schema_version_) + ") to read it");
  }
  sqlite3_close(db_);
  db_ = memory;
  Migrate();
}

void SqliteStore::OpenToWrite() {
  // Only a file with content can be another program's database; checking a
  // new one would make concurrent first opens contend before WAL is on.
  std::error_code error;
  const bool existing = std::filesystem::file_size(path_, error) > 0 && !error;
  Connect(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // Large pages suit the few large column blobs (applies only to a new file).
  Execute("PRAGMA page_size = 65536");
  // Refuse another program's database before changing anything in it
  // (WAL mode is persistent).
  if (existing) RefuseNewerSchema(path_, ReadSchemaVersion());
  SwitchToWal();
  // In WAL mode NORMAL keeps every commit atomic; a power cut may lose the
  // last commits, never corrupt the file.
  Execute("PRAGMA synchronous = NORMAL");
  // Shrink the WAL back after a checkpoint; a 10M-row save writes ~230 MB.
  Execute("PRAGMA journal_size_limit = 67108864");
  Migrate();
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

int SqliteStore::WaitForLock(void* opaque, int attempts) {
  auto* store = static_cast<SqliteStore*>(opaque);
  const auto now = std::chrono::steady_clock::now();
  if (attempts == 0) {
    store->busy_since_ = now;
    store->long_wait_told_ = false;
  }
  if (store->waiting_save_cancelled_ && store->waiting_save_cancelled_->load()) return 0;
  if (!store->long_wait_told_ && store->options_.on_long_wait &&
      now - store->busy_since_ >= std::chrono::milliseconds(store->options_.long_wait_ms)) {
    store->long_wait_told_ = true;
    store->options_.on_long_wait();
  }
  if (now - store->busy_since_ >= std::chrono::milliseconds(store->options_.busy_timeout_ms))
    return 0;
  // Short sleeps first (the lock is usually held briefly), then 50 ms: a
  // cancelled wait ends within that.
  std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 + attempts * 5, 50)));
  return 1;
}

void SqliteStore::Fail(int rc, const std::string& doing) const {
  std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(ErrorKind::kStore, path_ + " is locked by another process (waited " +
                                         std::to_string(options_.busy_timeout_ms) +
                                         " ms); try again when it has finished");
    case SQLITE_NOTADB:
      throw Error(ErrorKind::kStore,
                  path_ + " is not an acctseg run store (not a SQLite database)");
    case SQLITE_CORRUPT:
      throw Error(ErrorKind::kStore, path_ + " is corrupt (" + detail +
                                         "); move it aside and acctseg will start a new store");
    case SQLITE_CANTOPEN:
      throw Error(ErrorKind::kStore, "cannot open the run store " + path_ + ": " + detail);
    // SQLite's own words ("attempt to write a readonly database", "database
    // or disk is full") name neither the cause nor what to do.
    case SQLITE_READONLY:
      throw Error(ErrorKind::kStore,
                  path_ + " cannot be written (" + detail +
                      "): the file, its directory or its file system is read-only for this user; "
                      "commands that only read it work, --store names another, --no-store "
                      "records nothing");
    case SQLITE_FULL:
      throw Error(ErrorKind::kStore, path_ + ": the disk holding the run store is full while " +
                                         doing +
                                         "; nothing was recorded (free space, or "
                                         "acctseg runs prune to delete old runs)");
    default:
      throw Error(ErrorKind::kStore, path_ + ": " + doing + ": " + detail);
  }
}

void SqliteStore::SwitchToWal() {
  // Leaving rollback mode takes an exclusive lock. Two connections making a
  // new store at once can each hold a shared lock while asking for it: SQLite
  // then answers one of them SQLITE_BUSY at once, without the busy handler
  // (waiting could never end). That one retries, within the busy timeout.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.busy_timeout_ms);
  for (;;) {
    int rc = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline)
      Fail(rc, "switching to WAL mode");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void SqliteStore::Execute(const std::string& sql) {
  Statement statement(*this, sql);
  while (statement.Step()) {
  }
}

int SqliteStore::ReadSchemaVersion() {
  bool has_version_table = false, has_other_tables = false;
  {
    Statement tables(*this, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (tables.Step())
      (tables.Text(0) == "schema_version" ? has_version_table : has_other_tables) = true;
  }
  if (!has_version_table) {
    if (has_other_tables)
      throw Error(ErrorKind::kStore, path_ +
                                         " is a SQLite database but not an acctseg run store "
                                         "(it has no schema_version table)");
    return 0;
  }
  Statement version(*this, "SELECT max(version) FROM schema_version");
  return version.Step() ? static_cast<int>(version.Int(0)) : 0;
}

void SqliteStore::Migrate() {
  // Read first without the write lock: opening a current store must not wait
  // behind another process's save.
  schema_version_ = ReadSchemaVersion();
  RefuseNewerSchema(path_, schema_version_);
  if (schema_version_ == kRunStoreSchemaVersion) return;
  Execute("BEGIN IMMEDIATE");
  try {
    schema_version_ = ReadSchemaVersion();  // another process may have migrated meanwhile
    RefuseNewerSchema(path_, schema_version_);
    for (const std::string& sql : PendingMigration(SqlDialect::kSqlite, schema_version_))
      Execute(sql);
    Execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  schema_version_ = kRunStoreSchemaVersion;
}

std::vector<bool> SqliteStore::ExistingBlobs(const std::vector<std::string>& keys) {
  Statement select(*this, "SELECT 1 FROM column_blobs WHERE hash = ?");
  std::vector<bool> existing;
  for (const std::string& key : keys) {
    sqlite3_reset(select.raw());
    select.Bind(1, key);
    existing.push_back(select.Step());
  }
  return existing;
}

bool SqliteStore::InsertRun(const RunRow& run, const std::vector<std::string>& names,
                            const std::vector<std::string>& keys,
                            const std::vector<std::string>& blobs,
                            const std::atomic<bool>* cancelled,
                            const std::function<void()>& before_commit) {
  waiting_save_cancelled_ = cancelled;
  try {
    Execute("BEGIN IMMEDIATE");
  } catch (const Error&) {
    waiting_save_cancelled_ = nullptr;
    ThrowIfCancelled(cancelled);  // gave up waiting for the lock because of it
    throw;
  }
  waiting_save_cancelled_ = nullptr;
  try {
    // The write lock keeps a delete out from here to the commit.
    const std::vector<std::string> relied = BlobsReliedOn(keys, blobs);
    for (const bool there : ExistingBlobs(relied))
      if (!there) {
        Execute("ROLLBACK");
        return false;
      }
    {
      Statement insert(*this, std::string("INSERT INTO runs (") + kRunColumns +
                                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insert.Bind(1, run.id);
      insert.Bind(2, run.started_at_ms);
      insert.Bind(3, run.finished_at_ms);
      insert.Bind(4, run.user);
      insert.Bind(5, run.host);
      insert.Bind(6, run.policy_path);
      insert.Bind(7, run.policy_text);
      insert.Bind(8, run.policy_hash);
      insert.Bind(9, run.inputs_json);
      insert.Bind(10, run.options_json);
      insert.Bind(11, run.summary_json);
      insert.Bind(12, run.row_count);
      int rc = sqlite3_step(insert.raw());
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        throw Error(ErrorKind::kStore, path_ + ": a run with id " + run.id + " is already stored");
      if (rc != SQLITE_DONE) Fail(rc, "saving run " + run.id);
    }
    Statement add_blob(*this, "INSERT OR IGNORE INTO column_blobs (hash, data) VALUES (?, ?)");
    Statement insert(*this,
                     "INSERT INTO run_columns (run_id, position, name, data, blob_hash) "
                     "VALUES (?, ?, ?, x'', ?)");
    for (size_t i = 0; i < blobs.size(); ++i) {
      BeforeColumn(cancelled);
      if (!blobs[i].empty()) {
        sqlite3_reset(add_blob.raw());
        add_blob.Bind(1, keys[i]);
        add_blob.BindBlob(2, blobs[i]);
        add_blob.Step();
      }
      sqlite3_reset(insert.raw());
      insert.Bind(1, run.id);
      insert.Bind(2, static_cast<int64_t>(i));
      insert.Bind(3, names[i]);
      insert.Bind(4, keys[i]);
      insert.Step();
    }
    BeforeCommit(cancelled, before_commit);
    Execute("COMMIT");
    return true;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

RunRemoval SqliteStore::DeleteRunRows(const std::vector<std::string>& ids) {
  RunRemoval removal;
  Execute("BEGIN IMMEDIATE");  // the write lock: no save is between its look and its commit
  try {
    Execute(std::string("CREATE INDEX IF NOT EXISTS ") + kBlobIndex);
    Statement inline_bytes(
        *this, "SELECT coalesce(sum(length(data)), 0) FROM run_columns WHERE run_id = ?");
    Statement columns(*this, "DELETE FROM run_columns WHERE run_id = ?");
    Statement runs(*this, "DELETE FROM runs WHERE id = ?");
    for (const std::string& id : ids) {
      // The columns' own data (runs saved before shared blobs), the
      // columns, then the run.
      sqlite3_reset(inline_bytes.raw());
      inline_bytes.Bind(1, id);
      const uint64_t own_bytes = inline_bytes.Step() ? inline_bytes.Int(0) : 0;
      sqlite3_reset(columns.raw());
      columns.Bind(1, id);
      columns.Step();
      sqlite3_reset(runs.raw());
      runs.Bind(1, id);
      runs.Step();
      if (sqlite3_changes(db_) == 0) continue;
      removal.runs.push_back(id);
      removal.bytes += own_bytes;
    }
    {
      Statement unnamed(
          *this, std::string("SELECT count(*), coalesce(sum(length(data)), 0) ") + kUnnamedBlobs);
      if (unnamed.Step()) {
        removal.blobs = static_cast<uint64_t>(unnamed.Int(0));
        removal.bytes += static_cast<uint64_t>(unnamed.Int(1));
      }
    }
    Execute(std::string("DELETE ") + kUnnamedBlobs);
    Execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return removal;
}

void SqliteStore::Compact() {
  // VACUUM rewrites the file through a copy, waiting (busy handler) for
  // readers and writers; the checkpoint then empties the WAL it wrote.
  Execute("VACUUM");
  Execute("PRAGMA wal_checkpoint(TRUNCATE)");
}

namespace {

RunRow ReadRun(auto& statement) {
  RunRow row;
  row.id = statement.Text(0);
  row.started_at_ms = statement.Int(1);
  row.finished_at_ms = statement.Int(2);
  row.user = statement.Text(3);
  row.host = statement.Text(4);
  row.policy_path = statement.Text(5);
  row.policy_text = statement.Text(6);
  row.policy_hash = statement.Text(7);
  row.inputs_json = statement.Text(8);
  row.options_json = statement.Text(9);
  row.summary_json = statement.Text(10);
  row.row_count = statement.Int(11);
  return row;
}

}  // namespace

std::vector<RunRow> SqliteStore::SelectRuns(size_t limit, size_t offset) {
  Statement select(*this, std::string("SELECT ") + kRunColumns +
                              " FROM runs ORDER BY started_at_ms DESC, id DESC LIMIT ? OFFSET ?");
  select.Bind(1, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));  // -1: no limit
  select.Bind(2, static_cast<int64_t>(offset));
  std::vector<RunRow> rows;
  while (select.Step()) rows.push_back(ReadRun(select));
  return rows;
}

std::optional<RunRow> SqliteStore::SelectRun(const std::string& id) {
  Statement select(*this, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
  select.Bind(1, id);
  if (!select.Step()) return std::nullopt;
  return ReadRun(select);
}

std::vector<RunRow> SqliteStore::SelectRunsByPrefix(const std::string& prefix, size_t limit) {
  Statement select(*this, std::string("SELECT ") + kRunColumns +
                              " FROM runs WHERE instr(id, ?) = 1 ORDER BY id LIMIT ?");
  select.Bind(1, prefix);
  select.Bind(2, static_cast<int64_t>(limit));
  std::vector<RunRow> rows;
  while (select.Step()) rows.push_back(ReadRun(select));
  return rows;
}

ColumnRows SqliteStore::SelectColumns(const std::string& run_id) {
  Statement select(*this,
                   "SELECT c.name, COALESCE(b.data, c.data) FROM run_columns c"
                   " LEFT JOIN column_blobs b ON b.hash = c.blob_hash"
                   " WHERE c.run_id = ? ORDER BY c.position");
  select.Bind(1, run_id);
  ColumnRows columns;
  while (select.Step()) {
    columns.names.push_back(select.Text(0));
    columns.blobs.push_back(select.Text(1));
  }
  return columns;
}

namespace {

// A models or plans row as selected with kVersionedColumns (then payload,
// if asked for).
VersionedRow ReadVersioned(auto& statement) {
  VersionedRow row;
  VersionedRecord& m = row.record;
  m.name = statement.Text(0);
  m.version = statement.Int(1);
  m.kind = statement.Text(2);
  m.created_at_ms = statement.Int(3);
  m.user = statement.Text(4);
  m.host = statement.Text(5);
  m.code_version = statement.Text(6);
  m.policy_path = statement.Text(7);
  m.policy_hash = statement.Text(8);
  row.info_json = statement.Text(9);
  return row;
}

}  // namespace

int64_t SqliteStore::InsertVersioned(const std::string& table, const VersionedRow& row) {
  Execute("BEGIN IMMEDIATE");  // the write lock: no other writer picks the same version
  try {
    int64_t version = 1;
    {
      Statement next(*this,
                     "SELECT coalesce(max(version), 0) + 1 FROM " + table + " WHERE name = ?");
      next.Bind(1, row.record.name);
      if (next.Step()) version = next.Int(0);
    }
    const VersionedRecord& m = row.record;
    Statement insert(*this, "INSERT INTO " + table + " (" + kVersionedColumns +
                                ", payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(1, m.name);
    insert.Bind(2, version);
    insert.Bind(3, m.kind);
    insert.Bind(4, m.created_at_ms);
    insert.Bind(5, m.user);
    insert.Bind(6, m.host);
    insert.Bind(7, m.code_version);
    insert.Bind(8, m.policy_path);
    insert.Bind(9, m.policy_hash);
    insert.Bind(10, row.info_json);
    insert.BindBlob(11, m.payload);
    insert.Step();
    Execute("COMMIT");
    return version;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<VersionedRow> SqliteStore::SelectVersioned(const std::string& table) {
  Statement select(*this, std::string("SELECT ") + kVersionedColumns + " FROM " + table +
                              " ORDER BY name, version");
  std::vector<VersionedRow> rows;
  while (select.Step()) rows.push_back(ReadVersioned(select));
  return rows;
}

std::optional<VersionedRow> SqliteStore::SelectVersion(const std::string& table,
                                                       const std::string& name, int64_t version) {
  Statement select(*this, std::string("SELECT ") + kVersionedColumns + ", payload FROM " + table +
                              " WHERE name = ? AND (version = ? OR ? = 0) "
                              "ORDER BY version DESC LIMIT 1");
  select.Bind(1, name);
  select.Bind(2, version);
  select.Bind(3, version);
  if (!select.Step()) return std::nullopt;
  VersionedRow row = ReadVersioned(select);
  row.record.payload = select.Text(10);
  return row;
}

}  // namespace acctseg

// The embedded run store: one SQLite file (plus its -wal and -shm files
// while in use). WAL mode lets readers work while one process saves;
// writers queue on the file lock for up to `busy_timeout_ms`, then fail with
// Error(kStore, "... is locked by another process ..."). Errors: see
// run_store.h; a file that is not SQLite, is corrupt, or is another
// program's database is refused with kStore and never modified.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "store/sql_run_store.h"

struct sqlite3;

namespace acctseg {

struct SqliteOptions {
  // A concurrent run's save holds the write lock for as long as its results
  // take to write (tens of seconds for millions of accounts, longer on a
  // loaded machine); a run that has done all its work should wait for it
  // rather than fail at its very end.
  int busy_timeout_ms = 600000;
  // For commands that only read (runs, diff, models, plans): the file is
  // opened read-only, its journal mode and schema left as they are, so a
  // store on a read-only mount or owned by someone else can be read. An
  // older schema is read through a copy migrated in memory (the queries
  // need the new one).
  bool read_only = false;
  // Called once a wait for another process's write lock has lasted
  // `long_wait_ms` (a run's save behind another's: the command can say
  // why it is quiet); then no more until the next wait.
  std::function<void()> on_long_wait;
  int long_wait_ms = 2000;
};

class SqliteStore final : public SqlRunStore {
 public:
  // Opens or creates the store at `path` and migrates it to the current
  // schema (options.read_only: opens an existing one to read).
  explicit SqliteStore(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;

  std::string location() const override { return path_; }
  int schema_version() const override { return schema_version_; }
  void Compact() override;

 protected:
  bool InsertRun(const RunRow& run, const std::vector<std::string>& names,
                 const std::vector<std::string>& keys, const std::vector<std::string>& blobs,
                 const std::atomic<bool>* cancelled,
                 const std::function<void()>& before_commit) override;
  std::vector<bool> ExistingBlobs(const std::vector<std::string>& keys) override;
  RunRemoval DeleteRunRows(const std::vector<std::string>& ids) override;
  std::vector<RunRow> SelectRuns(size_t limit, size_t offset) override;
  std::optional<RunRow> SelectRun(const std::string& id) override;
  std::vector<RunRow> SelectRunsByPrefix(const std::string& prefix, size_t limit) override;
  ColumnRows SelectColumns(const std::string& run_id) override;
  int64_t InsertVersioned(const std::string& table, const VersionedRow& row) override;
  std::vector<VersionedRow> SelectVersioned(const std::string& table) override;
  std::optional<VersionedRow> SelectVersion(const std::string& table, const std::string& name,
                                            int64_t version) override;

 private:
  class Statement;
  // (Re)opens the connection to `name` (the path, or a file: URI).
  void Connect(const std::string& name, int flags);
  // Opens the store to read; false where it has no schema yet, which only
  // a writer makes. A store of an older schema is read through a copy in
  // memory, migrated there (ReadThroughUpgradedCopy).
  bool OpenToRead();
  // Replaces the connection by one to a copy of the store in memory,
  // migrated to this build's schema: a command that only reads changes
  // nothing, reads a store it cannot write, and leaves it openable by the
  // older acctseg that made it. (It upgraded the file, and failed where it
  // could not write it.)
  void ReadThroughUpgradedCopy();
  void OpenToWrite();
  int ReadSchemaVersion();
  void Migrate();
  void Execute(const std::string& sql);
  void SwitchToWal();
  [[noreturn]] void Fail(int rc, const std::string& doing) const;
  // SQLite's busy handler: waits for the lock up to busy_timeout_ms, and
  // gives up at once when the waiting save is cancelled (Ctrl-C must not
  // wait out another run's save).
  static int WaitForLock(void* store, int attempts);

  std::string path_;
  SqliteOptions options_;
  sqlite3* db_ = nullptr;
  int schema_version_ = 0;
  const std::atomic<bool>* waiting_save_cancelled_ = nullptr;
  std::chrono::steady_clock::time_point busy_since_;
  bool long_wait_told_ = false;  // on_long_wait was called for this wait
};

}  // namespace acctseg

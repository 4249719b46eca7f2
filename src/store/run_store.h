// The run store: every `acctseg run` is recorded (unless --no-store) so that
// history and diff can read it later. Two backends share one schema:
//   - SQLite (the embedded default): a file, e.g. ./acctseg-runs.sqlite;
//   - PostgreSQL for teams: a "postgresql://user:pass@host:port/db" URI.
// Results are stored compactly: one row per column, its values serialized
// and compressed (see column_codec.h), so a 10M-account run is stored in
// seconds.
//
// Schema migrations are versioned (table schema_version); opening a store
// migrates it forward, and a store from a newer acctseg is refused.
// Saving a run is one transaction: an interrupted or failed run leaves no
// trace in the store. Concurrent writers are safe (SQLite: WAL mode and a
// busy timeout; PostgreSQL: transactions).
//
// Errors are acctseg::Error with kind kStore (exit code 75, docs/cli.md):
// the store cannot be opened or is locked beyond the timeout, is corrupt or
// not an acctseg store, is from a newer schema; the PostgreSQL server is
// down or refuses the credentials; an unknown run id (kind kNotFound, 69).
// The message always names the store location (with any password removed).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/model_record.h"
#include "store/plan_record.h"
#include "store/run_record.h"
#include "table/table.h"

namespace acctseg {

// What RunStore::DeleteRuns removed.
struct RunRemoval {
  std::vector<std::string> runs;  // the ids deleted, as asked
  uint64_t blobs = 0;             // column blobs no run names any more, deleted
  uint64_t bytes = 0;             // their bytes, and those of the runs' own column data
};

class RunStore {
 public:
  virtual ~RunStore() = default;

  // Opens (creating and migrating if needed) the store at `location`: a
  // postgresql:// or postgres:// URI, or a file path for SQLite.
  // `on_long_wait`: called once a wait for another process's write lock
  // has lasted two seconds (SQLite; PostgreSQL waits on the server).
  static std::unique_ptr<RunStore> Open(const std::string& location,
                                        std::function<void()> on_long_wait = {});
  // The same for commands that only read: a SQLite file that does not exist,
  // or is empty, is an error (kStore), not a new empty store; one that
  // exists is opened read-only, and a PostgreSQL schema without the store's
  // tables is an error, not given them. Only an older schema is migrated.
  // `to_change` (runs delete, prune): opened to write, an older schema
  // upgraded in place, but still an error where there is no store.
  static std::unique_ptr<RunStore> OpenExisting(const std::string& location,
                                                bool to_change = false);

  // The default location when --store is not given: $ACCTSEG_STORE, else
  // "acctseg-runs.sqlite" in the current directory.
  static std::string DefaultLocation();

  // Records a run and its per-account results in one transaction. The
  // results are the run's output columns, then summary columns not in the
  // output, then trace columns named "trace.*" (history/capture.h). If
  // `cancelled` is set before the transaction commits, it is rolled back
  // and the call throws Error(kInterrupted): the run is then not recorded.
  // `before_commit`, if given, is called inside the transaction once every
  // row is written, just before the commit: the caller's last word on it.
  // If it throws, the transaction is rolled back and its exception passes
  // through (RunJob waits there for its output file to be complete, so
  // that the two are made side by side and a run is recorded only with
  // its output).
  virtual void Save(const RunRecord& record, const Table& results,
                    const std::atomic<bool>* cancelled = nullptr,
                    const std::function<void()>& before_commit = {}) = 0;
  // Runs, newest first (at most `limit`; 0 = all). Results are not loaded.
  virtual std::vector<RunRecord> List(size_t limit) = 0;
  // One run by id, or by a unique prefix of an id; "latest" and "latest~N"
  // (N runs before the latest) are accepted too.
  virtual RunRecord Get(const std::string& id) = 0;
  // The per-account results of a run, columns in the order saved.
  virtual Table LoadResults(const std::string& id) = 0;

  // Deletes the runs of these exact ids (resolve references with Get
  // first; an id not stored is left out of the removal) and, in the same
  // transaction, every column blob that no run names any more, so a blob
  // shared with a kept run stays. A save running meanwhile is safe: one
  // that counted on a blob deleted here looks again and brings it.
  virtual RunRemoval DeleteRuns(const std::vector<std::string>& ids) = 0;
  // Gives the space of deleted runs back to the file system: SQLite
  // rewrites the file (VACUUM: it needs the store's size again in free
  // disk while it works, and waits for other writers); PostgreSQL vacuums
  // the store's tables (space is reused, not always returned).
  virtual void Compact() = 0;

  // Saves a trained model as the next version of its name (1 for a new
  // name), in one transaction; sets record.version and returns it.
  virtual int64_t SaveModel(ModelRecord& record) = 0;
  // Every model version, by name then version, without payloads.
  virtual std::vector<ModelRecord> ListModels() = 0;
  // One model with its payload: "ptb@2", or "ptb" for the latest version.
  // Unknown name or version: Error(kNotFound) listing what there is.
  virtual ModelRecord GetModel(const std::string& reference) = 0;

  // Plans (plan_record.h), versioned by name exactly as models are: the
  // same three calls with the same errors, worded for plans.
  virtual int64_t SavePlan(PlanRecord& record) = 0;
  virtual std::vector<PlanRecord> ListPlans() = 0;
  virtual PlanRecord GetPlan(const std::string& reference) = 0;

  virtual std::string location() const = 0;  // for messages; never holds a password
  virtual int schema_version() const = 0;
};

// The schema version this build writes and reads.
inline constexpr int kRunStoreSchemaVersion = 4;

}  // namespace acctseg

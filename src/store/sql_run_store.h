// What the SQLite and PostgreSQL stores share: a RunStore written against
// a handful of row-level operations. This layer encodes and decodes result
// columns (column_codec.h), turns records into rows and back, resolves run
// references ("latest~2", prefixes) and words the not-found errors; a
// backend only moves rows. Public calls are serialized by a mutex, so one
// store may be shared by threads (each backend holds one connection).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace acctseg {

// A row of table runs, with the JSON fields as text.
struct RunRow {
  std::string id;
  int64_t started_at_ms = 0;
  int64_t finished_at_ms = 0;
  std::string user;
  std::string host;
  std::string policy_path;
  std::string policy_text;
  std::string policy_hash;
  std::string inputs_json;
  std::string options_json;
  std::string summary_json;
  int64_t row_count = 0;
};

// The run_columns rows of one run, in position order, each with its blob
// (from column_blobs, or its own `data` for a column stored before those).
struct ColumnRows {
  std::vector<std::string> names;
  std::vector<std::string> blobs;
};

// A row of a table of versioned records (models, plans): the record with
// its info as JSON text (the payload is empty when listing).
struct VersionedRow {
  VersionedRecord record;
  std::string info_json;
};

// What the run store says about one table of versioned records.
struct VersionedShelf {
  const char* table;       // "models", "plans": a constant, never user text
  const char* noun;        // "model", "plan"
  const char* how_to_add;  // "acctseg learn propensity --name NAME trains one"
};

class SqlRunStore : public RunStore {
 public:
  void Save(const RunRecord& record, const Table& results,
            const std::atomic<bool>* cancelled = nullptr,
            const std::function<void()>& before_commit = {}) final;
  std::vector<RunRecord> List(size_t limit) final;
  RunRecord Get(const std::string& id) final;
  Table LoadResults(const std::string& id) final;
  RunRemoval DeleteRuns(const std::vector<std::string>& ids) final;
  int64_t SaveModel(ModelRecord& record) final;
  std::vector<ModelRecord> ListModels() final;
  ModelRecord GetModel(const std::string& reference) final;
  int64_t SavePlan(PlanRecord& record) final;
  std::vector<PlanRecord> ListPlans() final;
  PlanRecord GetPlan(const std::string& reference) final;

 protected:
  // In one transaction: the runs row, then its columns at positions 0, 1, ...
  // Column i names the blob keys[i] (blob_hash); where blobs[i] is not
  // empty, that blob is added to column_blobs unless a blob of that key is
  // there already (another writer may have added it since ExistingBlobs).
  // First, under the lock that keeps DeleteRunRows out until the commit,
  // every key of BlobsReliedOn must still have its blob: false, with
  // nothing saved, where one was deleted since ExistingBlobs.
  // A run id already stored → Error(kStore). Calls BeforeColumn before each
  // column and BeforeCommit before the commit; an exception from either
  // rolls the transaction back.
  [[nodiscard]] virtual bool InsertRun(const RunRow& run, const std::vector<std::string>& names,
                                       const std::vector<std::string>& keys,
                                       const std::vector<std::string>& blobs,
                                       const std::atomic<bool>* cancelled,
                                       const std::function<void()>& before_commit) = 0;
  // Per key, whether column_blobs holds a blob of that key.
  virtual std::vector<bool> ExistingBlobs(const std::vector<std::string>& keys) = 0;
  // The keys a save names without bringing their blob (no column of it
  // has one): InsertRun's check, each key once.
  static std::vector<std::string> BlobsReliedOn(const std::vector<std::string>& keys,
                                                const std::vector<std::string>& blobs);
  // In one transaction, under a lock no save holds: deletes the runs of
  // `ids` with their columns, then every blob no run_columns row names
  // (adding the index that finds those, run_columns_by_blob, if the store
  // lacks it). Returns the ids deleted, the blobs and the bytes freed.
  virtual RunRemoval DeleteRunRows(const std::vector<std::string>& ids) = 0;

  // Error(kInterrupted) if the flag is set: the save is abandoned. Each is
  // also a test signal point ("record", "record-commit"). BeforeCommit
  // first calls `before_commit` (RunStore::Save), if any.
  static void BeforeColumn(const std::atomic<bool>* cancelled);
  static void BeforeCommit(const std::atomic<bool>* cancelled,
                           const std::function<void()>& before_commit);
  // Runs ordered newest first (started_at_ms, then id, descending).
  // limit 0 = all.
  virtual std::vector<RunRow> SelectRuns(size_t limit, size_t offset) = 0;
  virtual std::optional<RunRow> SelectRun(const std::string& id) = 0;
  // Runs whose id starts with `prefix`, at most `limit`, in id order.
  virtual std::vector<RunRow> SelectRunsByPrefix(const std::string& prefix, size_t limit) = 0;
  virtual ColumnRows SelectColumns(const std::string& run_id) = 0;
  // In one transaction that keeps other writers out: the next version of
  // the row's name in `table` (max + 1, or 1), inserted; returns that version.
  virtual int64_t InsertVersioned(const std::string& table, const VersionedRow& row) = 0;
  // Every record of `table` without payload, by name then version.
  virtual std::vector<VersionedRow> SelectVersioned(const std::string& table) = 0;
  // One record with payload; version 0 = the name's latest.
  virtual std::optional<VersionedRow> SelectVersion(const std::string& table,
                                                    const std::string& name, int64_t version) = 0;

 private:
  // The record of `row`; a field that is not JSON is Error(kStore), or
  // with `in_list` left empty and named in RunRecord::damaged.
  RunRecord ToRecord(RunRow row, bool in_list = false) const;
  RunRecord Resolve(const std::string& reference);
  VersionedRecord ToRecord(const VersionedShelf& shelf, VersionedRow row) const;
  int64_t SaveVersioned(const VersionedShelf& shelf, VersionedRecord& record);
  std::vector<VersionedRecord> ListVersioned(const VersionedShelf& shelf);
  VersionedRecord GetVersioned(const VersionedShelf& shelf, const std::string& reference);

  std::mutex mutex_;
};

}  // namespace acctseg

// The team run store: a PostgreSQL database given by a URI,
// "postgresql://user:password@host:port/dbname". Every statement is
// parameterized; result columns travel as bytea. Saves are transactions, so
// any number of acctseg processes may share one database; migrations take
// an advisory lock so concurrent first uses create the schema once.
// Errors (kStore) say "cannot connect to PostgreSQL at host:port/db: ..."
// for a server that is down, unknown or refuses the credentials
// ("authentication failed ..."). No message or location() ever contains
// the password.
#pragma once

#include <memory>
#include <string>

#include "common/postgres_uri.h"
#include "store/sql_run_store.h"

namespace acctseg {

class PostgresStore final : public SqlRunStore {
 public:
  // Connects and migrates the database to the current schema.
  // `to_read`: a schema without the store's tables is an error (kStore)
  // instead (RunStore::OpenExisting).
  explicit PostgresStore(const std::string& uri, bool to_read = false);
  ~PostgresStore() override;

  std::string location() const override { return target_.location; }
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
  struct Session;  // the libpqxx connection, kept out of this header
  template <typename Fn>
  auto Guard(const std::string& doing, Fn fn);
  int ReadSchemaVersion();
  // To the current schema; `to_read`: Error(kStore) where the schema has
  // none of the store's tables, rather than making them.
  void Migrate(bool to_read);

  PostgresTarget target_;
  std::unique_ptr<Session> session_;
  int schema_version_ = 0;
};

}  // namespace acctseg

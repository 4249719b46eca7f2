// What store tests share: a fresh temporary directory per test, a row
// count of a SQLite store's table, and a
// PostgreSQL schema of its own per test (skipped unless ACCTSEG_TEST_PG
// names a server, as scripts/test-postgres.sh sets it).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <string>

namespace acctseg::testing {

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "acctseg-store-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const {
    return (std::filesystem::path(path_) / name).string();
  }

 private:
  std::string path_;
};

// The rows of `table` in the SQLite store at `path` (-1 if it cannot be read).
inline int64_t CountRows(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &stmt, nullptr);
  int64_t count = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

// A schema of its own per test, so tests start empty and do not collide.
class PostgresSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* uri = std::getenv("ACCTSEG_TEST_PG");
    base_uri_ = uri == nullptr ? "" : uri;
    if (base_uri_.empty()) GTEST_SKIP() << "set ACCTSEG_TEST_PG to a postgresql:// URI to run";
    schema_ = "acctseg_test_" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : schema_) c = std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_';
    Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    Execute("CREATE SCHEMA " + schema_);
  }
  void TearDown() override {
    if (!schema_.empty()) Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }
  std::string Uri() const {
    return base_uri_ + (base_uri_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }

  std::string base_uri_;
  std::string schema_;

 private:
  void Execute(const std::string& sql) {
    pqxx::connection connection(base_uri_);
    pqxx::work tx(connection);
    tx.exec(sql);
    tx.commit();
  }
};

}  // namespace acctseg::testing

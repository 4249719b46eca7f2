// Trained models in the run store: versions by name, payload round trip,
// not-found messages, and the migration of a version-1 store.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <functional>
#include <memory>

#include "common/error.h"
#include "store/run_store.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using testing::ExpectError;

ModelRecord Model(const std::string& name, const std::string& payload) {
  ModelRecord m;
  m.name = name;
  m.kind = "propensity";
  m.created_at_ms = 1'700'000'000'000;
  m.user = "ana";
  m.host = "box";
  m.code_version = "0.3.0";
  m.policy_path = "policy.yaml";
  m.policy_hash = "abc";
  m.info = {{"metrics", {{"auc", 0.81}}}};
  m.payload = payload;
  return m;
}

void CheckModels(const std::function<std::unique_ptr<RunStore>()>& open) {
  auto store = open();
  ExpectError(ErrorKind::kNotFound, "it has no models", [&] { store->GetModel("ptb"); });
  ModelRecord first = Model("ptb", std::string("\0binary\xff", 8));
  EXPECT_EQ(store->SaveModel(first), 1);
  EXPECT_EQ(first.version, 1);
  ModelRecord second = Model("ptb", "v2");
  EXPECT_EQ(open()->SaveModel(second), 2);  // another handle continues the numbering
  ModelRecord other = Model("fit", "f");
  EXPECT_EQ(store->SaveModel(other), 1);

  std::vector<ModelRecord> all = store->ListModels();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].reference(), "fit@1");
  EXPECT_EQ(all[1].reference(), "ptb@1");
  EXPECT_EQ(all[2].reference(), "ptb@2");
  EXPECT_TRUE(all[1].payload.empty());  // listing leaves payloads in the store
  EXPECT_DOUBLE_EQ(all[1].info["metrics"]["auc"].get<double>(), 0.81);

  ModelRecord latest = store->GetModel("ptb");
  EXPECT_EQ(latest.version, 2);
  EXPECT_EQ(latest.payload, "v2");
  ModelRecord pinned = store->GetModel("ptb@1");
  EXPECT_EQ(pinned.payload, std::string("\0binary\xff", 8));
  EXPECT_EQ(pinned.user, "ana");
  EXPECT_EQ(pinned.policy_hash, "abc");
  ExpectError(ErrorKind::kNotFound, "its versions: ptb@1, ptb@2",
              [&] { store->GetModel("ptb@3"); });
  ExpectError(ErrorKind::kNotFound, "its models: fit, ptb", [&] { store->GetModel("ptx"); });
  ExpectError(ErrorKind::kUsage, "positive integer", [&] { store->GetModel("ptb@0"); });
  ExpectError(ErrorKind::kUsage, "positive integer", [&] { store->GetModel("ptb@x"); });
}

TEST(ModelStoreTest, SqliteVersionsByName) {
  testing::TempDir dir;
  CheckModels([&] { return RunStore::Open(dir.File("runs.sqlite")); });
}

TEST(ModelStoreTest, AVersionOneStoreGainsTheModelsTable) {
  testing::TempDir dir;
  std::string path = dir.File("runs.sqlite");
  RunStore::Open(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "DROP TABLE column_blobs; ALTER TABLE run_columns DROP COLUMN blob_hash; "
                   "DROP TABLE models; DROP TABLE plans; UPDATE schema_version SET version = 1",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto store = RunStore::Open(path);
  EXPECT_EQ(store->schema_version(), kRunStoreSchemaVersion);
  ModelRecord m = Model("ptb", "x");
  EXPECT_EQ(store->SaveModel(m), 1);
}

TEST(ModelReferenceTest, NameAndVersion) {
  EXPECT_EQ(ParseModelReference("ptb@12").version, 12);
  EXPECT_EQ(ParseModelReference("ptb@12").name, "ptb");
  EXPECT_EQ(ParseModelReference("ptb").version, 0);
  EXPECT_EQ(ParseModelReference("a@b@3").name, "a@b");
  ExpectError(ErrorKind::kUsage, "expected NAME", [] { ParseModelReference("@3"); });
}

using PostgresModelStoreTest = testing::PostgresSchemaTest;

TEST_F(PostgresModelStoreTest, VersionsByName) {
  CheckModels([&] { return RunStore::Open(Uri()); });
}

}  // namespace
}  // namespace acctseg

// Plans in the run store: versions by name, the JSON payload round trip,
// not-found messages worded for plans, models and plans kept apart, and the
// migration of a version-2 store (models, no plans).
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

PlanRecord Plan(const std::string& name, const std::string& kind, const std::string& payload) {
  PlanRecord p;
  p.name = name;
  p.kind = kind;
  p.created_at_ms = 1'700'000'000'000;
  p.user = "ana";
  p.host = "box";
  p.code_version = "0.3.0";
  p.policy_path = "policy.yaml";
  p.policy_hash = "abc";
  p.info = {{"objective", 12.5}};
  p.payload = payload;
  return p;
}

void CheckPlans(const std::function<std::unique_ptr<RunStore>()>& open) {
  auto store = open();
  ExpectError(ErrorKind::kNotFound, "it has no plans; acctseg plan territories --name",
              [&] { store->GetPlan("terr"); });
  PlanRecord first = Plan("terr", "territories", R"({"kind":"territories","units":[]})");
  EXPECT_EQ(store->SavePlan(first), 1);
  PlanRecord second = Plan("terr", "territories", R"({"kind":"territories","units":[1]})");
  EXPECT_EQ(store->SavePlan(second), 2);
  PlanRecord capacity = Plan("cap", "capacity", R"({"kind":"capacity","rows":[]})");
  EXPECT_EQ(store->SavePlan(capacity), 1);
  ModelRecord model = Plan("terr", "propensity", "model bytes");
  EXPECT_EQ(store->SaveModel(model), 1);  // models and plans are versioned apart

  std::vector<PlanRecord> all = store->ListPlans();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].reference(), "cap@1");
  EXPECT_EQ(all[2].reference(), "terr@2");
  EXPECT_TRUE(all[2].payload.empty());  // listing leaves payloads out
  EXPECT_EQ(all[2].info["objective"], 12.5);

  EXPECT_EQ(store->GetPlan("terr").payload, second.payload);
  EXPECT_EQ(store->GetPlan("terr@1").payload, first.payload);
  EXPECT_EQ(store->GetPlan("cap").kind, "capacity");
  ExpectError(ErrorKind::kNotFound, "no plan terr@3 in", [&] { store->GetPlan("terr@3"); });
  ExpectError(ErrorKind::kNotFound, "its versions: terr@1, terr@2",
              [&] { store->GetPlan("terr@3"); });
  ExpectError(ErrorKind::kNotFound, "its plans: cap, terr", [&] { store->GetPlan("ter"); });
  ExpectError(ErrorKind::kUsage, "plan \"terr@0\": the version after @ must be a positive",
              [&] { store->GetPlan("terr@0"); });
}

TEST(PlanStoreTest, SqliteVersionsByName) {
  testing::TempDir dir;
  CheckPlans([&] { return RunStore::Open(dir.File("runs.sqlite")); });
}

TEST(PlanStoreTest, AVersionTwoStoreGainsThePlansTable) {
  testing::TempDir dir;
  std::string path = dir.File("runs.sqlite");
  {
    auto store = RunStore::Open(path);
    ModelRecord m = Plan("ptb", "propensity", "x");
    store->SaveModel(m);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE column_blobs; ALTER TABLE run_columns DROP COLUMN blob_hash; "
                         "DROP TABLE plans; UPDATE schema_version SET version = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = RunStore::Open(path);
  EXPECT_EQ(store->schema_version(), kRunStoreSchemaVersion);
  EXPECT_EQ(store->GetModel("ptb").payload, "x");  // the models survive the migration
  PlanRecord p = Plan("terr", "territories", "{}");
  EXPECT_EQ(store->SavePlan(p), 1);
}

using PostgresPlanStoreTest = testing::PostgresSchemaTest;

TEST_F(PostgresPlanStoreTest, VersionsByName) {
  CheckPlans([&] { return RunStore::Open(Uri()); });
}

}  // namespace
}  // namespace acctseg

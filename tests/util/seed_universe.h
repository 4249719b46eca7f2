// A live universe of the seed policy over accounts a test writes, and the
// check the live tests share: an update applied, then the outputs (and,
// when asked, every explanation) compared with a batch run over the
// accounts as they are now.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "explain/explain.h"
#include "live/universe.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg::testing {

inline const std::string kSeedPolicyPath =
    std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy/policy.yaml";
inline constexpr const char* kSeedAccountsHeader =
    "account_id,parent_id,employees,industry,country,state,sector,arr,products,"
    "web_visits_90d,active_users,intent_score,competitor\n";

class SeedUniverseTest : public ::testing::Test {
 protected:
  // Loads the seed policy (or another over the same input) over the
  // accounts file whose rows (after the header) are `rows`.
  void Load(const std::string& rows, const std::string& policy_path = kSeedPolicyPath) {
    std::ofstream(dir_.File("accounts.csv")) << kSeedAccountsHeader << rows;
    plan_ = Plan::CompileFile(policy_path);
    live_ = LiveUniverse::Load(plan_, {{"accounts", dir_.File("accounts.csv")}}, RunOptions{});
  }

  ApplyResult Update(const std::string& id, const nlohmann::ordered_json& set) {
    LiveEvent event;
    event.account_id = id;
    event.set = set;
    ApplyResult result = live_->Apply(event);
    ExpectSameAsBatch();
    return result;
  }

  void ExpectSameAsBatch() {
    live_->WriteAccountsCsv(dir_.File("now.csv"));
    auto batch = plan_->Execute(dir_.File("now.csv"), RunOptions{});
    EXPECT_EQ(Csv(live_->Outputs(), "live.csv"), Csv(batch->result.outputs, "batch.csv"));
    if (!explanations_) return;
    const Column& ids = *batch->result.outputs.Get("account_id");
    for (size_t row = 0; row < ids.size(); ++row) {
      const std::string id(ids.StringAt(row));
      nlohmann::ordered_json expect = ExplainAccount(*batch, row);
      nlohmann::ordered_json explained = *live_->Explain(id);
      // The input line differs: the file written anew renumbers it.
      expect.erase("input");
      explained.erase("input");
      EXPECT_EQ(explained.dump(), expect.dump()) << id;
    }
  }

  std::string Csv(const Table& table, const std::string& name) {
    return CsvText(table, dir_.File(name));
  }

  bool explanations_ = false;  // ExpectSameAsBatch compares every explanation too
  TempDir dir_;
  std::shared_ptr<const Plan> plan_;
  std::unique_ptr<LiveUniverse> live_;
};

}  // namespace acctseg::testing

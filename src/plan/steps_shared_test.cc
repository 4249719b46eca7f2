// Plan::StepsSharedWith and RunOptions::continue_from: a policy's edit
// continues from the state the policy's run had after the steps both
// share, and ends exactly where a run of its own would.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "explain/explain.h"
#include "plan/plan.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

const std::string kSeedDir = std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy";
const std::string kSample = std::string(ACCTSEG_SOURCE_DIR) + "/examples/data/accounts-10k.csv";

using testing::CsvText;
using testing::FileText;

// The seed policy and an edit of it (`from` -> `to`), side by side in `dir`
// with the regions table their paths name.
struct PolicyPair {
  std::unique_ptr<Plan> current, edited;
};

PolicyPair SeedAndEdit(const testing::TempDir& dir, const std::string& from, const std::string& to) {
  std::filesystem::copy_file(kSeedDir + "/regions.csv", dir.File("regions.csv"));
  std::string text = FileText(kSeedDir + "/policy.yaml");
  std::ofstream(dir.File("current.yaml")) << text;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos);
  std::ofstream(dir.File("edited.yaml")) << text.replace(at, from.size(), to);
  return {Plan::CompileFile(dir.File("current.yaml")), Plan::CompileFile(dir.File("edited.yaml"))};
}

TEST(StepsSharedTest, AnEditedTierCutSharesEveryStepBeforeTheTier) {
  testing::TempDir dir;
  PolicyPair plans = SeedAndEdit(dir, "{tier: A, top: 0.2}", "{tier: A, top: 0.25}");
  const size_t tier_step = 6;
  ASSERT_STREQ(plans.edited->steps()[tier_step]->kind(), "tier");
  EXPECT_EQ(plans.edited->StepsSharedWith(*plans.current), tier_step);
  EXPECT_EQ(plans.current->StepsSharedWith(*plans.current), plans.current->steps().size());

  RunOptions options;
  options.threads = 2;
  ReadInputs read = ReadInputsFor({plans.current.get(), plans.edited.get()},
                                  {{"accounts", kSample}}, options);
  StepsDone done;
  done.steps = tier_step;
  RunOptions keep = options, resume = options;
  keep.keep_steps_done = &done;
  resume.continue_from = &done;
  auto current = plans.current->ExecuteOn(read, {{"accounts", kSample}}, keep);
  auto edited = plans.edited->ExecuteOn(read, {{"accounts", kSample}}, resume);
  auto current_alone = plans.current->ExecuteOn(read, {{"accounts", kSample}}, options);
  auto edited_alone = plans.edited->ExecuteOn(read, {{"accounts", kSample}}, options);

  EXPECT_EQ(CsvText(current->result.outputs, dir.File("a.csv")),
            CsvText(current_alone->result.outputs, dir.File("b.csv")));
  const std::string edited_csv = CsvText(edited->result.outputs, dir.File("c.csv"));
  EXPECT_EQ(edited_csv, CsvText(edited_alone->result.outputs, dir.File("d.csv")));
  EXPECT_NE(edited_csv, CsvText(current->result.outputs, dir.File("e.csv")));  // the edit mattered
  // Explanations too: the shared steps' traces came along, the tier's is its own.
  for (size_t row : {size_t{0}, size_t{17}, size_t{4321}, size_t{9999}})
    EXPECT_EQ(ExplainAccount(*edited, row).dump(), ExplainAccount(*edited_alone, row).dump())
        << row;
  // The edited run ran only the steps after the shared ones.
  EXPECT_LT(edited->result.timings.size(), edited_alone->result.timings.size());
}

TEST(StepsSharedTest, NothingIsSharedWhenTheFirstStepDiffers) {
  testing::TempDir dir;
  PolicyPair plans = SeedAndEdit(dir, "missing_issue: parent_missing", "missing_issue: no_parent");
  EXPECT_EQ(plans.edited->StepsSharedWith(*plans.current), 0u);
}

}  // namespace
}  // namespace acctseg

// Fused groups (plan/fused_group.h): which steps a plan fuses, and that a
// fused run makes exactly what a run step by step makes — every column's
// values and dictionary order, every explanation, every error.
#include "plan/fused_group.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/parallel.h"
#include "explain/explain.h"
#include "plan/plan.h"
#include "steps/fused_step.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

const std::string kSeedDir = std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy";
const std::string kWideDir = std::string(ACCTSEG_SOURCE_DIR) + "/bench/policies/wide";
const std::string kSample = std::string(ACCTSEG_SOURCE_DIR) + "/examples/data/accounts-10k.csv";

using testing::FileText;

std::vector<std::pair<size_t, size_t>> Ranges(const std::vector<StepGroup>& groups) {
  std::vector<std::pair<size_t, size_t>> ranges;
  for (const StepGroup& g : groups) ranges.emplace_back(g.begin, g.end);
  return ranges;
}

TEST(FusedGroupTest, TheSeedPolicyFusesItsRowLocalStepsBetweenFamilyReads) {
  auto plan = Plan::CompileFile(kSeedDir + "/policy.yaml");
  // 0 family, 1 classify own_segment, 2 compute global_id/segment (reads
  // global.own_segment: a group of its own after step 1), 3 lookup,
  // 4 classify region, 5 score, 6 tier, 7 compute.
  EXPECT_EQ(Ranges(FusedGroups(plan->steps())),
            (std::vector<std::pair<size_t, size_t>>{{1, 2}, {2, 6}, {7, 8}}));
}

TEST(FusedGroupTest, AComputeThatFoldsItsOwnColumnOverTheFamilyRunsAlone) {
  // 0 family, 1 classify own_segment, 2 compute (FAMILY_MAX(own_segment):
  // a new group), 3 lookup, 4 compute, 5 score, 6 tier, 7 compute whose
  // family_potential is FAMILY_SUM(potential) of its own potential: unfused.
  auto plan =
      Plan::CompileFile(std::string(ACCTSEG_SOURCE_DIR) + "/tests/golden/maven-crm/policy.yaml");
  EXPECT_EQ(Ranges(FusedGroups(plan->steps())),
            (std::vector<std::pair<size_t, size_t>>{{1, 2}, {2, 6}}));
}

// Every value of two columns, and a text column's dictionary in order.
void ExpectSameColumn(const Column& fused, const Column& stepwise, const std::string& name) {
  ASSERT_EQ(fused.type, stepwise.type) << name;
  ASSERT_EQ(fused.size(), stepwise.size()) << name;
  for (size_t row = 0; row < fused.size(); ++row) {
    ASSERT_EQ(fused.IsNull(row), stepwise.IsNull(row)) << name << " row " << row;
    if (fused.IsNull(row)) continue;
    if (fused.type.id == TypeId::kString)
      ASSERT_EQ(fused.codes[row], stepwise.codes[row]) << name << " row " << row;
    else
      ASSERT_EQ(fused.ints[row], stepwise.ints[row]) << name << " row " << row;
  }
  if (fused.type.id != TypeId::kString) return;
  ASSERT_EQ(fused.dictionary->size(), stepwise.dictionary->size()) << name;
  for (uint32_t c = 0; c < fused.dictionary->size(); ++c)
    ASSERT_EQ(fused.dictionary->Get(c), stepwise.dictionary->Get(c)) << name << " entry " << c;
}

void ExpectFusedRunsAsStepwise(const std::string& policy_path, int threads) {
  auto plan = Plan::CompileFile(policy_path);
  RunOptions fused, stepwise;
  fused.threads = stepwise.threads = threads;
  stepwise.fuse = false;
  auto a = plan->Execute(kSample, fused);
  auto b = plan->Execute(kSample, stepwise);
  for (const std::string& name : plan->output_names())
    ExpectSameColumn(*a->ColumnNamed(name), *b->ColumnNamed(name), name);
  for (size_t row : {size_t{0}, size_t{2047}, size_t{2048}, size_t{5000}, size_t{9999}})
    EXPECT_EQ(ExplainAccount(*a, row).dump(), ExplainAccount(*b, row).dump()) << row;
  // And as the run job runs it, letting go of columns after their last read.
  fused.release_columns = stepwise.release_columns = true;
  RunResult c = plan->Run(kSample, fused), d = plan->Run(kSample, stepwise);
  for (const std::string& name : plan->output_names())
    ExpectSameColumn(*c.outputs.Get(name), *d.outputs.Get(name), name);
}

TEST(FusedGroupTest, TheSeedPolicyFusedMakesWhatItMakesStepByStep) {
  ExpectFusedRunsAsStepwise(kSeedDir + "/policy.yaml", 1);
  ExpectFusedRunsAsStepwise(kSeedDir + "/policy.yaml", 3);
}

TEST(FusedGroupTest, TheWidePolicyFusedMakesWhatItMakesStepByStep) {
  ExpectFusedRunsAsStepwise(kWideDir + "/policy.yaml", 2);
}

// A policy written for fusing's corners, in `dir`: a classify whose value
// rules read a column the group made (text, so its dictionary is built from
// the batches) and a decimal rescaled, a compute whose second column reads
// its first, an intermediate no one reads after the group.
std::string CornersPolicy(const testing::TempDir& dir) {
  std::ofstream(dir.File("policy.yaml")) << R"(
policy: corners
input:
  name: accounts
  key: account_id
  columns: {account_id: string, industry: string, country: string, employees: integer,
            arr: integer}
steps:
  - compute:
      place: LOWER(country) || '-' || COALESCE(industry, '?')
      size_band: CASE WHEN employees >= 1000 THEN 'large' ELSE 'small' END
  - classify:
      output: label
      rules:
        - when: size_band = 'large'
          value: place
        - when: arr > 100000
          value: UPPER(place)
        - else: other
  - classify:
      output: weight
      rules:
        - when: employees IS NULL
          value: 0.5
        - when: employees > 0
          value: employees
  - compute:
      twice: weight * 2
      label_length: LENGTH(label)
output:
  columns: [account_id, label, weight, twice, label_length]
)";
  return dir.File("policy.yaml");
}

TEST(FusedGroupTest, ValueRulesAndChainedColumnsFusedMakeWhatTheyMakeStepByStep) {
  testing::TempDir dir;
  const std::string policy = CornersPolicy(dir);
  EXPECT_EQ(Ranges(FusedGroups(Plan::CompileFile(policy)->steps())),
            (std::vector<std::pair<size_t, size_t>>{{0, 4}}));
  ExpectFusedRunsAsStepwise(policy, 1);
  ExpectFusedRunsAsStepwise(policy, 2);
}

TEST(FusedGroupTest, AColumnReadOnlyInsideTheGroupIsNeverMade) {
  RunState state;
  state.data.row_count = 5000;
  state.data.slots.resize(2);
  FuseContext context;
  context.workers = 1;
  context.keep = {false, true};
  FusedOutput inside(0, DataType::Int64(), state, context),
      kept(1, DataType::Int64(), state, context);
  EXPECT_FALSE(inside.kept());
  EXPECT_TRUE(kept.kept());
  EvalScratch scratch;
  scratch.fused.assign(2, nullptr);
  Vector values;
  for (size_t begin = 0; begin < 5000; begin += kBatchRows) {
    const size_t count = std::min(kBatchRows, 5000 - begin);
    values.Reset(DataType::Int64(), count);
    for (size_t i = 0; i < count; ++i) values.num[i] = static_cast<int64_t>(begin + i);
    Batch batch{state.data, begin, count, scratch};
    inside.Publish(0, batch, values);
    kept.Publish(0, batch, values);
    // The group's later steps read both from the batch.
    EXPECT_EQ(scratch.FusedValues(0), &values);
    EXPECT_EQ(scratch.FusedValues(1), &values);
  }
  inside.Finish(state);
  kept.Finish(state);
  EXPECT_EQ(state.data.slots[0], nullptr);
  ASSERT_NE(state.data.slots[1], nullptr);
  EXPECT_EQ(state.data.slots[1]->ints[4999], 4999);
  EXPECT_EQ(state.data.slots[1]->ints.width(), 2u);  // narrowed once complete
}

// The error a fused run reports is the one a run step by step reports,
// although in the fused run's first batch the second step fails first.
TEST(FusedGroupTest, AFusedRunReportsTheErrorOfARunStepByStep) {
  testing::TempDir dir;
  std::ofstream(dir.File("accounts.csv")) << "account_id,arr\n";
  {
    std::ofstream accounts(dir.File("accounts.csv"), std::ios::app);
    for (int row = 0; row < 6000; ++row)
      accounts << "A" << row << "," << (row == 5000 ? "9000000000000000000" : "1") << "\n";
  }
  std::ofstream(dir.File("policy.yaml")) << R"(
policy: errors
input:
  name: accounts
  key: account_id
  columns: {account_id: string, arr: integer}
steps:
  - compute:
      doubled: arr * 2
  - compute:
      huge: (arr + 1) * 9000000000000000000
output:
  columns: [account_id, doubled, huge]
)";
  auto plan = Plan::CompileFile(dir.File("policy.yaml"));
  auto message = [&](bool fuse) {
    RunOptions options;
    options.threads = 2;
    options.fuse = fuse;
    try {
      plan->Run(dir.File("accounts.csv"), options);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string stepwise = message(false);
  EXPECT_NE(stepwise.find("compute doubled"), std::string::npos) << stepwise;
  EXPECT_NE(stepwise.find("A5000"), std::string::npos) << stepwise;
  EXPECT_EQ(message(true), stepwise);
}

// whatif keeps the state after the steps a policy and its edit share; when
// that boundary falls inside a fused group, the kept state is the state
// after that step, and the edit continues from it.
TEST(FusedGroupTest, AStateKeptInsideAGroupIsTheStateAfterThatStep) {
  testing::TempDir dir;
  std::filesystem::copy_file(kSeedDir + "/regions.csv", dir.File("regions.csv"));
  std::string text = FileText(kSeedDir + "/policy.yaml");
  std::ofstream(dir.File("current.yaml")) << text;
  text.replace(text.find("then: AMER-CMCL"), 15, "then: AMER-COMMERCIAL");
  std::ofstream(dir.File("edited.yaml")) << text;
  auto current = Plan::CompileFile(dir.File("current.yaml"));
  auto edited = Plan::CompileFile(dir.File("edited.yaml"));
  const size_t shared = 4;  // family .. lookup; the group is steps 2-5
  ASSERT_EQ(edited->StepsSharedWith(*current), shared);

  RunOptions options;
  options.threads = 2;
  ReadInputs read = ReadInputsFor({current.get(), edited.get()}, {{"accounts", kSample}}, options);
  StepsDone done;
  done.steps = shared;
  RunOptions keep = options, resume = options, stepwise = options;
  keep.keep_steps_done = &done;
  resume.continue_from = &done;
  stepwise.fuse = false;
  auto current_run = current->ExecuteOn(read, {{"accounts", kSample}}, keep);
  auto edited_run = edited->ExecuteOn(read, {{"accounts", kSample}}, resume);
  auto current_alone = current->ExecuteOn(read, {{"accounts", kSample}}, stepwise);
  auto edited_alone = edited->ExecuteOn(read, {{"accounts", kSample}}, stepwise);
  for (const std::string& name : current->output_names()) {
    ExpectSameColumn(*current_run->ColumnNamed(name), *current_alone->ColumnNamed(name), name);
    ExpectSameColumn(*edited_run->ColumnNamed(name), *edited_alone->ColumnNamed(name), name);
  }
  EXPECT_NE(edited_run->ColumnNamed("region")->dictionary->Find("AMER-COMMERCIAL"), std::nullopt);
}

}  // namespace
}  // namespace acctseg

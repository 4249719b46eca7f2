// Liveness (plan/liveness.h): which columns a run lets go of after which
// step, and that a run that lets go of them writes the same outputs.
#include "plan/liveness.h"

#include <gtest/gtest.h>

#include <map>

#include "plan/plan.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

using OtherReads = CompiledStep::OtherReads;

// A step that only says what it is and what it reads and defines.
class FakeStep : public CompiledStep {
 public:
  FakeStep(const char* kind, std::set<int> reads, int first_output, int end_output, int on = 0,
           OtherReads other = OtherReads::kNothing)
      : kind_(kind), other_(other) {
    dependencies.reads.slots = std::move(reads);
    dependencies.first_output = first_output;
    dependencies.end_output = end_output;
    table = on;
  }
  void Run(RunState&, StepTrace&) const override {}
  const char* kind() const override { return kind_; }
  OtherReads other_reads() const override { return other_; }
  nlohmann::ordered_json Explain(const RunState&, const StepTrace&, size_t) const override {
    return {};
  }
  std::vector<std::string> outputs() const override { return {}; }

 private:
  const char* kind_;
  OtherReads other_;
};

using Steps = std::vector<std::unique_ptr<CompiledStep>>;

TEST(LivenessTest, ColumnsGoAfterTheirLastReader) {
  // Inputs 0..4; step 0 defines 5, step 2 defines 6. Kept: 0 (key) and 6.
  Steps steps;
  steps.push_back(std::make_unique<FakeStep>("compute", std::set<int>{2}, 5, 6));
  steps.push_back(std::make_unique<FakeStep>("classify", std::set<int>{0}, 6, 6, /*on=*/1));
  steps.push_back(std::make_unique<FakeStep>("score", std::set<int>{5, 3}, 6, 7));
  ColumnReleases releases = PlanColumnReleases(steps, 7, {0, 6});
  // 1 and 4: no step reads them (the related input's step reads its own 0).
  EXPECT_EQ(releases.before_steps, (std::vector<int>{1, 4}));
  ASSERT_EQ(releases.after_step.size(), 3u);
  EXPECT_EQ(releases.after_step[0], (std::vector<int>{2}));
  EXPECT_TRUE(releases.after_step[1].empty());
  EXPECT_EQ(releases.after_step[2], (std::vector<int>{3, 5}));
}

TEST(LivenessTest, WriteOnlyColumnsAreOutputsNoLaterStepReads) {
  // Inputs 0..2; step 0 defines 3 and 4, step 1 reads 3, step 2 (reading
  // everything) defines 5, step 3 defines 6. Kept (the summary): 4.
  Steps steps;
  steps.push_back(std::make_unique<FakeStep>("compute", std::set<int>{0}, 3, 5));
  steps.push_back(std::make_unique<FakeStep>("score", std::set<int>{3}, 5, 5));
  steps.push_back(
      std::make_unique<FakeStep>("predict", std::set<int>{}, 5, 6, 0, OtherReads::kAnything));
  steps.push_back(std::make_unique<FakeStep>("compute", std::set<int>{1}, 6, 7));
  const std::vector<bool> write_only = WriteOnlySlots(steps, 7, {4});
  // 3: read later; 4: the summary's; 5: read by no step after its own; 6
  // likewise; inputs are no step's output.
  EXPECT_EQ(write_only, (std::vector<bool>{false, false, false, false, false, true, true}));
  // A step that reads everything after the maker reads it too.
  steps.push_back(
      std::make_unique<FakeStep>("family", std::set<int>{}, 7, 7, 0, OtherReads::kAnything));
  EXPECT_EQ(WriteOnlySlots(steps, 7, {4}), std::vector<bool>(7, false));
}

TEST(LivenessTest, AStepWithUndeclaredReadsReadsEverything) {
  // A family step reads its id and parent columns outside any expression;
  // an aggregate may read any column: each holds every column until it ran.
  for (OtherReads other : {OtherReads::kIdAndParent, OtherReads::kAnything}) {
    const char* kind = other == OtherReads::kIdAndParent ? "family" : "aggregate";
    Steps steps;
    steps.push_back(std::make_unique<FakeStep>("compute", std::set<int>{}, 3, 4));
    steps.push_back(std::make_unique<FakeStep>(kind, std::set<int>{}, 4, 5, 0, other));
    steps.push_back(std::make_unique<FakeStep>("compute", std::set<int>{4}, 5, 6));
    ColumnReleases releases = PlanColumnReleases(steps, 6, {0, 5});
    EXPECT_TRUE(releases.before_steps.empty()) << kind;
    EXPECT_TRUE(releases.after_step[0].empty()) << kind;
    EXPECT_EQ(releases.after_step[1], (std::vector<int>{1, 2, 3})) << kind;
    EXPECT_EQ(releases.after_step[2], (std::vector<int>{4})) << kind;
  }
}

TEST(LivenessTest, EachStepKindSaysWhatItReadsBesidesItsExpressions) {
  const std::string dir = std::string(ACCTSEG_SOURCE_DIR) + "/examples/";
  std::map<std::string, OtherReads> said;
  for (const char* policy : {"seed-policy/policy.yaml", "maven-crm-pipeline/policy.yaml"}) {
    auto plan = Plan::CompileFile(dir + policy);
    for (const auto& step : plan->steps()) said[step->kind()] = step->other_reads();
  }
  EXPECT_EQ(said.at("family"), OtherReads::kIdAndParent);
  for (const char* kind : {"classify", "compute", "lookup", "score", "tier"})
    EXPECT_EQ(said.at(kind), OtherReads::kNothing) << kind;
  EXPECT_EQ(said.at("aggregate"), OtherReads::kAnything);
}

const std::string kSeedPolicy =
    std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy/policy.yaml";
const std::string kSample = std::string(ACCTSEG_SOURCE_DIR) + "/examples/data/accounts-10k.csv";

TEST(LivenessTest, ARunThatLetsGoWritesTheSameOutputs) {
  testing::TempDir dir;
  auto plan = Plan::CompileFile(kSeedPolicy);
  RunOptions keep;
  keep.threads = 2;
  RunOptions release = keep;
  release.release_columns = true;
  auto kept = plan->Execute(kSample, keep);
  auto released = plan->Execute(kSample, release);
  EXPECT_EQ(testing::CsvText(released->result.outputs, dir.File("released.csv")),
            testing::CsvText(kept->result.outputs, dir.File("kept.csv")));
  // Read by no output or summary after the family step, the score and the
  // region: gone from the state and from the input's table.
  for (const char* gone : {"parent_id", "intent_score", "country", "table_region", "seat_share"}) {
    EXPECT_NE(kept->ColumnNamed(gone), nullptr) << gone;
    EXPECT_EQ(released->ColumnNamed(gone), nullptr) << gone;
  }
  // The key, outputs and summary measures stay; the traces are gone.
  for (const char* stays : {"account_id", "segment", "tier", "arr", "potential"})
    EXPECT_NE(released->ColumnNamed(stays), nullptr) << stays;
  for (const StepTrace& trace : released->state.traces) {
    EXPECT_TRUE(trace.rule.empty());
    EXPECT_TRUE(trace.rank.empty());
  }
  EXPECT_FALSE(kept->state.traces[6].rank.empty());  // the tier step
}

}  // namespace
}  // namespace acctseg

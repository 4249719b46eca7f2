#include "job/run_housekeeping.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "util/expect_error.h"

namespace acctseg {
namespace {

using testing::ExpectError;

constexpr int64_t kDayMs = 86'400'000;

// Runs started 0, 1, ... days before `now`, newest first.
std::vector<RunRecord> DailyRuns(int count, int64_t now) {
  std::vector<RunRecord> runs;
  for (int day = 0; day < count; ++day) {
    RunRecord run;
    run.id = "day-" + std::to_string(day);
    run.started_at_ms = now - day * kDayMs;
    runs.push_back(run);
  }
  return runs;
}

std::vector<std::string> Ids(const std::vector<RunRecord>& runs) {
  std::vector<std::string> ids;
  for (const RunRecord& run : runs) ids.push_back(run.id);
  return ids;
}

TEST(RunsToPruneTest, KeepAndAgeEachDecideAloneAndTogetherBothMustAgree) {
  const int64_t now = 1'800'000'000'000;
  const std::vector<RunRecord> runs = DailyRuns(6, now);
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 4})), (std::vector<std::string>{"day-4", "day-5"}));
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 0})).size(), 6u);
  EXPECT_TRUE(RunsToPrune(runs, {.keep_last = 10}).empty());
  // Started before the cutoff: a run exactly at it stays.
  EXPECT_EQ(Ids(RunsToPrune(runs, {.before_ms = now - 3 * kDayMs})),
            (std::vector<std::string>{"day-4", "day-5"}));
  // Both: a run goes only when it is past the newest N and old.
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 5, .before_ms = now - 2 * kDayMs})),
            (std::vector<std::string>{"day-5"}));
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 1, .before_ms = now - 3 * kDayMs})),
            (std::vector<std::string>{"day-4", "day-5"}));
  ExpectError(ErrorKind::kUsage, "runs prune needs a rule", [&] { RunsToPrune(runs, {}); });
}

TEST(RunsToPruneTest, PerPolicyCountsTheNewestOfEachPolicy) {
  const int64_t now = 1'800'000'000'000;
  std::vector<RunRecord> runs = DailyRuns(6, now);
  for (size_t i = 0; i < runs.size(); ++i) runs[i].policy_path = i % 3 == 0 ? "/a.yaml" : "/b.yaml";
  // a: day-0, day-3; b: day-1, day-2, day-4, day-5.
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 1, .per_policy = true})),
            (std::vector<std::string>{"day-2", "day-3", "day-4", "day-5"}));
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 2, .per_policy = true})),
            (std::vector<std::string>{"day-4", "day-5"}));
  EXPECT_EQ(Ids(RunsToPrune(runs, {.keep_last = 2})),
            (std::vector<std::string>{"day-2", "day-3", "day-4", "day-5"}));
  ExpectError(ErrorKind::kUsage, "give --keep",
              [&] { RunsToPrune(runs, {.before_ms = now, .per_policy = true}); });
}

TEST(OlderThanCutoffTest, AgesDatesAndMoments) {
  const int64_t now = 1'800'000'000'000;
  EXPECT_EQ(OlderThanCutoff("90d", now), now - 90 * kDayMs);
  EXPECT_EQ(OlderThanCutoff("36h", now), now - 36 * 3'600'000);
  EXPECT_EQ(OlderThanCutoff("2w", now), now - 14 * kDayMs);
  EXPECT_EQ(OlderThanCutoff("0d", now), now);
  EXPECT_EQ(OlderThanCutoff("1970-01-02", now), kDayMs);
  EXPECT_EQ(OlderThanCutoff("1970-01-01T01:00:00Z", now), 3'600'000);
  for (const char* bad :
       {"90", "d", "-3d", "3x", "1.5d", "2026-02-30", "1970-01-01T01:00:00", "99999999w", ""})
    ExpectError(ErrorKind::kUsage, "expected an age (36h, 90d, 12w)",
                [&] { OlderThanCutoff(bad, now); });
}

}  // namespace
}  // namespace acctseg

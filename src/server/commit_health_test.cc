#include "server/commit_health.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"

namespace acctseg::server {
namespace {

std::exception_ptr FullDisk() {
  return std::make_exception_ptr(
      Error(ErrorKind::kIo, "cannot write log/log-1.wal: No space left on device"));
}

TEST(WarningThrottle, WritesOneLineASecondAndCountsTheRest) {
  std::vector<std::string> lines;
  WarningThrottle throttle([&](const std::string& line) { lines.push_back(line); });
  throttle.Warn("full", 1000);
  throttle.Warn("full", 1200);
  throttle.Warn("full", 1999);
  EXPECT_EQ((std::vector<std::string>{"full"}), lines);
  throttle.Warn("full", 2000);
  throttle.Warn("full", 3500);
  EXPECT_EQ((std::vector<std::string>{"full", "full (2 more like it since the last one not shown)",
                                      "full"}),
            lines);
}

TEST(CommitHealth, DegradedFromAFailedCommitUntilOneSucceeds) {
  std::vector<std::string> lines;
  CommitHealth health([&](const std::string& line) { lines.push_back(line); });
  health.Committed(nullptr, 500);
  EXPECT_FALSE(health.degraded());
  EXPECT_TRUE(lines.empty());

  health.Committed(FullDisk(), 1000);
  health.Committed(FullDisk(), 1100);  // within the second: counted, not said
  std::optional<CommitHealth::Degraded> degraded = health.degraded();
  ASSERT_TRUE(degraded);
  EXPECT_EQ("the event log cannot commit: cannot write log/log-1.wal: No space left on device",
            degraded->reason);
  EXPECT_EQ(1000, degraded->since_ms);
  EXPECT_EQ(2u, degraded->failed_commits);
  ASSERT_EQ(1u, lines.size());
  EXPECT_NE(std::string::npos, lines[0].find("warning: a commit to the event log failed"));
  EXPECT_NE(std::string::npos, lines[0].find("No space left on device"));

  health.Committed(FullDisk(), 2100);
  ASSERT_EQ(2u, lines.size());
  EXPECT_NE(std::string::npos, lines[1].find("(1 more like it since the last one not shown)"));

  health.Committed(nullptr, 3000);
  EXPECT_FALSE(health.degraded());
  ASSERT_EQ(3u, lines.size());
  EXPECT_EQ("the event log commits again, after 3 failed commits over 2.0 s", lines[2]);

  // A new run of failures starts its own count and time.
  health.Committed(FullDisk(), 9000);
  ASSERT_TRUE(health.degraded());
  EXPECT_EQ(9000, health.degraded()->since_ms);
  EXPECT_EQ(1u, health.degraded()->failed_commits);
}

}  // namespace
}  // namespace acctseg::server

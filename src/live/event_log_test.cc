#include "live/event_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "live/event_log_test_util.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using namespace testing;  // acctseg::testing: the fixtures

size_t CountSegments(const std::string& dir) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".wal") ++count;
  return count;
}

TEST(EventLog, AppendsDurablyAndReplaysAfterReopen) {
  TempDir temp;
  std::string dir = temp.File("wal");
  EventLog::Recovery recovery;
  {
    auto log = EventLog::Open(dir, &recovery);
    EXPECT_EQ(0u, recovery.last_seq);
    EXPECT_EQ(0u, log->last_seq());
    EXPECT_EQ((std::vector<uint64_t>{1, 2}), log->AppendDurable({"a", "bb"}));
    EXPECT_TRUE(log->AppendDurable({}).empty());
    EXPECT_EQ((std::vector<uint64_t>{3}), log->AppendDurable({std::string("c\0d", 3)}));
    EXPECT_EQ(3u, log->last_seq());
  }
  auto log = EventLog::Open(dir, &recovery);
  EXPECT_EQ(3u, recovery.records);
  EXPECT_EQ(3u, recovery.last_seq);
  EXPECT_EQ(0u, recovery.truncated_bytes);
  EXPECT_NE(std::string::npos, recovery.message.find("3 records up to seq 3")) << recovery.message;
  EXPECT_EQ((LoggedRecords{{1, "a"}, {2, "bb"}, {3, std::string("c\0d", 3)}}), ReadBack(*log));
  EXPECT_EQ((LoggedRecords{{3, std::string("c\0d", 3)}}), ReadBack(*log, 2));
  EXPECT_TRUE(ReadBack(*log, 3).empty());
  EXPECT_EQ((std::vector<uint64_t>{4}), log->AppendDurable({""}));
  EXPECT_EQ((LoggedRecords{{4, ""}}), ReadBack(*log, 3));
}

TEST(EventLog, OneProcessAtATime) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  ExpectError(ErrorKind::kIo, "in use by another process",
              [&] { EventLog::Open(temp.File("wal"), nullptr); });
}

TEST(EventLog, RollsSegmentsAndCompactsWholeOnes) {
  TempDir temp;
  std::string dir = temp.File("wal");
  EventLog::Options options;
  options.segment_bytes = 200;  // a segment rolls after a commit or two
  LoggedRecords expected;
  {
    auto log = EventLog::Open(dir, nullptr, options);
    for (int commit = 0; commit < 20; ++commit) {
      std::vector<std::string> payloads;
      for (int i = 0; i <= commit % 3; ++i) payloads.push_back(std::string(40, 'a' + commit));
      for (uint64_t seq : log->AppendDurable(payloads)) expected.emplace_back(seq, payloads[0]);
    }
    EXPECT_GT(CountSegments(dir), 5u);
    EXPECT_EQ(expected, ReadBack(*log));
  }
  auto log = EventLog::Open(dir, nullptr, options);
  EXPECT_EQ(expected, ReadBack(*log));
  size_t before = CountSegments(dir);
  uint64_t upto = expected[expected.size() / 2].first;
  size_t removed = log->Compact(upto);
  EXPECT_GT(removed, 0u);
  EXPECT_EQ(before - removed, CountSegments(dir));
  EXPECT_LE(log->first_seq(), upto + 1);  // nothing after the snapshot is gone
  EXPECT_EQ(LoggedRecords(expected.begin() + upto, expected.end()), ReadBack(*log, upto));
  ExpectError(ErrorKind::kIo, "compacted away", [&] { ReadBack(*log, 0); });
  log->Compact(expected.back().first);  // the segment being written stays
  EXPECT_EQ(1u, CountSegments(dir));
  log.reset();
  log = EventLog::Open(dir, nullptr, options);
  EXPECT_EQ(expected.back().first, log->last_seq());
  EXPECT_EQ(expected.back().first + 1, log->AppendDurable({"next"}).front());
}

TEST(EventLog, AMissingSegmentIsAnError) {
  TempDir temp;
  std::string dir = temp.File("wal");
  EventLog::Options options;
  options.segment_bytes = 60;  // one record per segment
  {
    auto log = EventLog::Open(dir, nullptr, options);
    for (int i = 0; i < 4; ++i) log->AppendDurable({std::string(40, 'x')});
  }
  ASSERT_EQ(0, ::unlink(SegmentPath(dir, 2).c_str()));
  ExpectError(ErrorKind::kIo, "a segment is missing",
              [&] { EventLog::Open(dir, nullptr, options); });
}

TEST(EventLog, ASegmentLeftHalfCreatedIsIgnored) {
  TempDir temp;
  std::string dir = temp.File("wal");
  EventLog::Open(dir, nullptr)->AppendDurable({"one"});
  std::string temp_segment = SegmentPath(dir, 2) + ".tmp";
  { std::ofstream(temp_segment) << "ACC"; }
  auto log = EventLog::Open(dir, nullptr);
  EXPECT_FALSE(std::filesystem::exists(temp_segment));
  EXPECT_EQ((LoggedRecords{{1, "one"}}), ReadBack(*log));
}

TEST(EventLog, ForeignFileIsNotALog) {
  TempDir temp;
  std::string dir = temp.File("wal");
  std::filesystem::create_directories(dir);
  { std::ofstream(SegmentPath(dir, 1)) << "not a log at all, not a log at all"; }
  ExpectError(ErrorKind::kIo, "not an acctseg event log segment",
              [&] { EventLog::Open(dir, nullptr); });
}

}  // namespace
}  // namespace acctseg

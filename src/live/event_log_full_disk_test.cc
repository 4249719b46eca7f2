// A full disk under the log. A real ENOSPC needs a small file system, which
// needs root to mount: the last test mounts a 256 KiB tmpfs in a private
// mount namespace of a child process, and is skipped where that is not
// allowed. The others get the same failure on every machine by lowering
// RLIMIT_FSIZE (with SIGXFSZ ignored, a write past the limit writes what fits
// and then fails with EFBIG): exactly the path ENOSPC takes — a short write,
// then an error, then the rollback.
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "live/committer.h"
#include "live/event_log.h"
#include "live/event_log_record.h"
#include "live/event_log_test_util.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using namespace testing;  // acctseg::testing: the fixtures

// Files of this process cannot grow past `bytes` while it lives.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(uint64_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    EXPECT_EQ(0, setrlimit(RLIMIT_FSIZE, &limited));
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_;
  sighandler_t old_handler_;
};

TEST(EventLogFullDisk, AFailedAppendIsRolledBackAndTheNextOneWorks) {
  TempDir temp;
  std::string dir = temp.File("wal");
  std::string segment = SegmentPath(dir, 1);
  auto log = EventLog::Open(dir, nullptr);
  log->AppendDurable({"first", "second"});
  uint64_t size = std::filesystem::file_size(segment);
  std::vector<std::string> big(10, std::string(200, 'b'));
  {
    FileSizeLimit limit(size + 1000);  // room for some of the records, not all
    ExpectError(ErrorKind::kIo, "cannot write " + segment, [&] { log->AppendDurable(big); });
    EXPECT_EQ(size, std::filesystem::file_size(segment));  // the partial write is gone
    EXPECT_EQ(2u, log->last_seq());
    EXPECT_EQ((std::vector<uint64_t>{3}), log->AppendDurable({"small"}));  // fits
  }
  EXPECT_EQ((std::vector<uint64_t>{4, 5, 6, 7, 8, 9, 10, 11, 12, 13}), log->AppendDurable(big));
  log.reset();
  EventLog::Recovery recovery;
  log = EventLog::Open(dir, &recovery);
  EXPECT_EQ(0u, recovery.truncated_bytes);
  LoggedRecords records = ReadBack(*log);
  ASSERT_EQ(13u, records.size());
  EXPECT_EQ((std::pair<uint64_t, std::string>{3, "small"}), records[2]);
  EXPECT_EQ(big[0], records[3].second);
}

// A zeroed log (Options::zeroed_chunk_bytes) on a full disk: a commit whose
// zeros do not fit is written without them, one whose own bytes do not fit
// fails and is rolled back, and what was durable stays readable.
TEST(EventLogFullDisk, AZeroedLogAppendsWithoutZerosWhenThereIsNoRoom) {
  TempDir temp;
  std::string dir = temp.File("wal");
  std::string segment = SegmentPath(dir, 1);
  EventLog::Options options;
  options.zeroed_chunk_bytes = 1 << 20;
  auto log = EventLog::Open(dir, nullptr, options);
  log->AppendDurable({"first", "second"});
  const uint64_t zeroed = std::filesystem::file_size(segment);
  EXPECT_EQ(uint64_t{1} << 20, zeroed);
  std::vector<std::string> big(10, std::string(200, 'b'));
  {
    FileSizeLimit limit(zeroed + 1000);  // no room for another chunk of zeros
    // Fills the chunk to 300 bytes before its end: the next commit needs zeros.
    const uint64_t used = event_log::kSegmentHeaderBytes + 2 * event_log::kRecordHeaderBytes + 11;
    log->AppendDurable({std::string(zeroed - 300 - used - event_log::kRecordHeaderBytes, 'f')});
    EXPECT_EQ(zeroed, std::filesystem::file_size(segment));
    EXPECT_EQ((std::vector<uint64_t>{4}), log->AppendDurable({std::string(400, 's')}));  // fits
    ExpectError(ErrorKind::kIo, "cannot write " + segment, [&] { log->AppendDurable(big); });
    EXPECT_EQ(4u, log->last_seq());
  }
  EXPECT_EQ(5u, log->AppendDurable({"after"}).front());
  log.reset();
  EventLog::Recovery recovery;
  log = EventLog::Open(dir, &recovery, options);
  EXPECT_EQ(0u, recovery.truncated_bytes);
  LoggedRecords records = ReadBack(*log);
  ASSERT_EQ(5u, records.size());
  EXPECT_EQ(std::string(400, 's'), records[3].second);
  EXPECT_EQ("after", records[4].second);
}

TEST(EventLogFullDisk, EveryCallerOfTheFailedCommitGetsTheError) {
  TempDir temp;
  std::string dir = temp.File("wal");
  auto log = EventLog::Open(dir, nullptr);
  std::vector<uint64_t> applied;
  Committer committer(*log, [&](uint64_t seq, std::string_view) {
    applied.push_back(seq);
    return nlohmann::ordered_json(seq);
  });
  committer.Submit("before");
  {
    FileSizeLimit limit(std::filesystem::file_size(SegmentPath(dir, 1)) + 100);
    ExpectError(ErrorKind::kIo, "File too large",
                [&] { committer.SubmitBatch(std::vector<std::string>(5, std::string(100, 'x'))); });
    EXPECT_EQ(1u, committer.stats().failed_commits);
  }
  EXPECT_EQ(2u, committer.Submit("after").get<uint64_t>());
  EXPECT_EQ((std::vector<uint64_t>{1, 2}), applied);  // nothing of the failed commit applied
}

// The server's /healthz is told of each commit's outcome: the failure, then
// the success that ends it, in commit order.
TEST(EventLogFullDisk, OnCommitIsToldOfEachAppendsOutcomeInOrder) {
  TempDir temp;
  std::string dir = temp.File("wal");
  auto log = EventLog::Open(dir, nullptr);
  std::vector<std::string> outcomes;
  Committer::Options options;
  options.on_commit = [&](const std::exception_ptr& failure) {
    try {
      if (failure) std::rethrow_exception(failure);
      outcomes.push_back("ok");
    } catch (const Error& e) {
      outcomes.push_back(e.what());
    }
  };
  Committer committer(
      *log, [](uint64_t seq, std::string_view) { return nlohmann::ordered_json(seq); }, options);
  committer.Submit("before");
  {
    FileSizeLimit limit(std::filesystem::file_size(SegmentPath(dir, 1)) + 100);
    EXPECT_THROW(committer.Submit(std::string(1000, 'x')), Error);
  }
  committer.Submit("after");
  ASSERT_EQ(3u, outcomes.size());
  EXPECT_EQ("ok", outcomes[0]);
  EXPECT_NE(std::string::npos, outcomes[1].find("File too large")) << outcomes[1];
  EXPECT_EQ("ok", outcomes[2]);
}

// In the child: fills a tiny tmpfs with the log, checks the ENOSPC error, the
// rollback, and that appends work again once space is freed. Exit 0: passed;
// 77: no private tmpfs allowed here; else failed (the reason on stderr).
int FillATinyFileSystem(const std::string& mount_point) {
  if (::unshare(CLONE_NEWNS) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      ::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=256k") != 0)
    return 77;
  auto check = [](bool ok, const std::string& what) {
    if (!ok) {
      std::fprintf(stderr, "%s\n", what.c_str());
      _exit(1);
    }
  };
  std::string dir = mount_point + "/wal", filler = mount_point + "/filler";
  { std::ofstream(filler) << std::string(64 << 10, 'f'); }
  auto log = EventLog::Open(dir, nullptr);
  std::string record(10000, 'r');
  uint64_t size = 0;
  try {
    for (;;) {
      size = std::filesystem::file_size(SegmentPath(dir, 1));
      log->AppendDurable({record, record});
    }
  } catch (const Error& e) {
    std::string message = e.what();
    check(message.find("cannot write " + SegmentPath(dir, 1)) != std::string::npos &&
              message.find("No space left on device") != std::string::npos,
          "unexpected error: " + message);
  }
  check(std::filesystem::file_size(SegmentPath(dir, 1)) == size, "the partial commit was not cut");
  uint64_t last = log->last_seq();
  check(last > 0, "nothing fitted");
  std::filesystem::remove(filler);
  check(log->AppendDurable({record, record}).front() == last + 1,
        "no append after space came back");
  log.reset();
  EventLog::Recovery recovery;
  log = EventLog::Open(dir, &recovery);
  check(recovery.truncated_bytes == 0 && log->last_seq() == last + 2,
        "reopen: " + recovery.message);
  for (const auto& [seq, payload] : ReadBack(*log)) check(payload == record, "a record changed");
  return 0;
}

TEST(EventLogFullDisk, ARealFullFileSystem) {
  TempDir temp;
  std::string mount_point = temp.File("tiny");
  std::filesystem::create_directories(mount_point);
  pid_t child = ::fork();
  if (child == 0) {
    int code = 1;
    try {
      code = FillATinyFileSystem(mount_point);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
    }
    _exit(code);
  }
  int status = 0;
  ASSERT_EQ(child, ::waitpid(child, &status, 0));
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "no private tmpfs here (needs root)";
  EXPECT_EQ(0, WEXITSTATUS(status));
}

}  // namespace
}  // namespace acctseg

// Recovery from damage: a tail cut or scrambled at random (a crash) is cut
// back to the last whole record and reported; damage followed by a later
// commit's records is an error naming the file and the offset.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "live/event_log.h"
#include "live/event_log_file.h"
#include "live/event_log_record.h"
#include "live/event_log_test_util.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using namespace testing;  // acctseg::testing: the fixtures

// A log of `commits` commits of 1 to 4 records of varied sizes; returns the
// records and, for each, the offset in the segment where it starts.
struct Written {
  LoggedRecords records;
  std::vector<size_t> offsets;       // one per record, then the end of the last
  std::vector<size_t> commit_first;  // per record, the index of its commit's first
  size_t last_commit_first = 0;      // index of the first record of the last commit
};

Written WriteLog(const std::string& dir, int commits, std::mt19937& random) {
  Written written;
  auto log = EventLog::Open(dir, nullptr);
  size_t offset = event_log::kSegmentHeaderBytes;
  for (int commit = 0; commit < commits; ++commit) {
    std::vector<std::string> payloads(1 + random() % 4);
    for (std::string& payload : payloads) {
      payload.resize(random() % 300);
      for (char& c : payload) c = static_cast<char>(random());
    }
    written.last_commit_first = written.records.size();
    std::vector<uint64_t> seqs = log->AppendDurable(payloads);
    for (size_t i = 0; i < seqs.size(); ++i) {
      written.records.emplace_back(seqs[i], payloads[i]);
      written.offsets.push_back(offset);
      written.commit_first.push_back(written.last_commit_first);
      offset += event_log::kRecordHeaderBytes + payloads[i].size();
    }
  }
  written.offsets.push_back(offset);
  return written;
}

void Resize(const std::string& path, size_t size) { std::filesystem::resize_file(path, size); }

// The end of the file's last byte that is not zero: what a crash left,
// without the zeros a segment grows ahead (recovery counts only those).
size_t DataEnd(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return bytes.find_last_not_of('\0') + 1;
}

void FlipByte(const std::string& path, size_t offset, unsigned char mask) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  file.get(byte);
  file.seekp(static_cast<std::streamoff>(offset));
  file.put(static_cast<char>(byte ^ mask));
}

// Opens the damaged log and checks it recovered to exactly the first
// `whole` records, cutting the bytes after them, and that it is whole and
// appendable.
void ExpectRecovered(const std::string& dir, const Written& written, size_t whole) {
  const size_t data_end = DataEnd(SegmentPath(dir, 1));
  const size_t cut = data_end > written.offsets[whole] ? data_end - written.offsets[whole] : 0;
  EventLog::Recovery recovery;
  auto log = EventLog::Open(dir, &recovery);
  EXPECT_EQ(whole, recovery.records);
  EXPECT_EQ(cut, recovery.truncated_bytes);
  if (cut > 0) {
    EXPECT_NE(std::string::npos,
              recovery.message.find("at offset " + std::to_string(written.offsets[whole])))
        << recovery.message;
  }
  EXPECT_EQ(LoggedRecords(written.records.begin(), written.records.begin() + whole),
            ReadBack(*log));
  EXPECT_EQ(written.offsets[whole], std::filesystem::file_size(SegmentPath(dir, 1)));
  EXPECT_EQ(whole + 1, log->AppendDurable({"after"}).front());
  log.reset();
  auto again = EventLog::Open(dir, &recovery);
  EXPECT_EQ(0u, recovery.truncated_bytes);
  EXPECT_EQ(whole + 1, again->last_seq());
}

// Writes a fresh log of `commits` commits 40 times over and calls
// `damage(dir, written, random)` on each.
template <typename Damage>
void ForRounds(unsigned seed, int commits, Damage damage) {
  std::mt19937 random(seed);
  for (int round = 0; round < 40; ++round) {
    TempDir temp;
    std::string dir = temp.File("wal");
    Written written = WriteLog(dir, commits, random);
    SCOPED_TRACE("round " + std::to_string(round));
    damage(dir, written, random);
  }
}

// A random offset in [from, to), and the index of the record holding it.
size_t RandomOffset(size_t from, size_t to, std::mt19937& random) {
  return from + random() % (to - from);
}
size_t RecordHolding(const Written& written, size_t offset) {
  size_t index = 0;
  while (written.offsets[index + 1] <= offset) ++index;
  return index;
}

TEST(EventLogRecovery, TailCutAnywhereKeepsEveryWholeRecord) {
  ForRounds(14, 8, [](const std::string& dir, const Written& written, std::mt19937& random) {
    size_t cut_at = RandomOffset(event_log::kSegmentHeaderBytes, written.offsets.back(), random);
    Resize(SegmentPath(dir, 1), cut_at);
    // The whole records before the cut in the cut record's commit are cut
    // too: a commit is replayed whole or not at all.
    size_t whole = written.commit_first[RecordHolding(written, cut_at)];
    SCOPED_TRACE("cut at " + std::to_string(cut_at));
    ExpectRecovered(dir, written, whole);
  });
}

TEST(EventLogRecovery, GarbageAfterTheLastRecordIsCut) {
  std::mt19937 random(15);
  for (bool zeros_after : {false, true}) {
    TempDir temp;
    std::string dir = temp.File("wal");
    Written written = WriteLog(dir, 5, random);
    {
      std::ofstream file(SegmentPath(dir, 1), std::ios::app | std::ios::binary);
      for (int i = 0; i < 5000; ++i) file.put(static_cast<char>(random() | 1));
      // Zeros after the garbage (a zeroed segment's): cut with it, but not
      // counted as what the crash left.
      for (int i = 0; zeros_after && i < 3000; ++i) file.put('\0');
    }
    ExpectRecovered(dir, written, written.records.size());  // 5000 bytes cut either way
  }
}

// Zeros after the last record are a zeroed segment's clean end
// (Options::zeroed_chunk_bytes): nothing is cut, the next record
// overwrites them, and a second open finds the same.
TEST(EventLogRecovery, ZerosAfterTheLastRecordAreTheEnd) {
  std::mt19937 random(16);
  TempDir temp;
  std::string dir = temp.File("wal");
  Written written = WriteLog(dir, 5, random);
  {
    std::ofstream file(SegmentPath(dir, 1), std::ios::app | std::ios::binary);
    for (int i = 0; i < 5000; ++i) file.put('\0');
  }
  const uint64_t size = written.offsets.back() + 5000;
  for (int open = 0; open < 2; ++open) {
    EventLog::Recovery recovery;
    auto log = EventLog::Open(dir, &recovery);
    EXPECT_EQ(0u, recovery.truncated_bytes);
    EXPECT_EQ(written.records.size() + open, recovery.records);
    EXPECT_EQ(size, std::filesystem::file_size(SegmentPath(dir, 1)));
    LoggedRecords expected = written.records;
    if (open == 1) expected.emplace_back(written.records.size() + 1, "after");
    EXPECT_EQ(expected, ReadBack(*log));
    if (open == 0) {
      EXPECT_EQ(written.records.size() + 1, log->AppendDurable({"after"}).front());
    }
  }
}

// A zeroed segment torn at any byte of its last commit (zeros after the
// torn bytes, as a crash before the sync leaves it) recovers every whole
// record before; the log is then zeroed again as it grows.
TEST(EventLogRecovery, AZeroedSegmentTornAnywhereKeepsEveryWholeRecord) {
  std::mt19937 random(17);
  EventLog::Options options;
  options.zeroed_chunk_bytes = 4096;
  for (int round = 0; round < 40; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    TempDir temp;
    std::string dir = temp.File("wal");
    LoggedRecords records;
    std::vector<size_t> ends;          // per record, the offset after it
    std::vector<size_t> commit_first;  // per record, its commit's first record
    {
      auto log = EventLog::Open(dir, nullptr, options);
      size_t offset = event_log::kSegmentHeaderBytes;
      for (int commit = 0; commit < 8; ++commit) {
        std::vector<std::string> payloads(1 + random() % 3);
        for (std::string& payload : payloads)
          payload = std::string(1 + random() % 700, 'a' + commit);
        std::vector<uint64_t> seqs = log->AppendDurable(payloads);
        const size_t first = records.size();
        for (size_t i = 0; i < seqs.size(); ++i) {
          offset += event_log::kRecordHeaderBytes + payloads[i].size();
          records.emplace_back(seqs[i], payloads[i]);
          ends.push_back(offset);
          commit_first.push_back(first);
        }
      }
    }
    const std::string segment = SegmentPath(dir, 1);
    const uint64_t size = std::filesystem::file_size(segment);
    EXPECT_EQ(0u, size % 4096);  // grown in chunks of zeros
    ASSERT_LT(ends.back(), size);
    // Zero every byte from a random offset to the last record's end (the
    // pages of a commit that never reached the disk).
    const size_t from = RandomOffset(event_log::kSegmentHeaderBytes, ends.back(), random);
    {
      std::fstream file(segment, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(static_cast<std::streamoff>(from));
      for (size_t at = from; at < ends.back(); ++at) file.put('\0');
    }
    size_t torn = 0;  // the first record with a zeroed byte; its commit is cut whole
    while (ends[torn] <= from) ++torn;
    const size_t whole = commit_first[torn];
    EventLog::Recovery recovery;
    auto log = EventLog::Open(dir, &recovery, options);
    EXPECT_EQ(whole, recovery.records);
    LoggedRecords expected(records.begin(), records.begin() + whole);
    EXPECT_EQ(expected, ReadBack(*log));
    EXPECT_EQ(whole + 1, log->AppendDurable({"after"}).front());
    expected.emplace_back(whole + 1, "after");
    log.reset();
    auto again = EventLog::Open(dir, &recovery, options);
    EXPECT_EQ(0u, recovery.truncated_bytes);
    EXPECT_EQ(expected, ReadBack(*again));
    EXPECT_EQ(0u, std::filesystem::file_size(segment) % 4096);
  }
}

// A byte flipped in the last commit: that commit never finished (its
// fdatasync did not return), so the log is cut where the commit begins.
TEST(EventLogRecovery, DamageInTheLastCommitIsATornTail) {
  ForRounds(16, 6, [](const std::string& dir, const Written& written, std::mt19937& random) {
    size_t at =
        RandomOffset(written.offsets[written.last_commit_first], written.offsets.back(), random);
    FlipByte(SegmentPath(dir, 1), at, static_cast<unsigned char>(1 + random() % 255));
    SCOPED_TRACE("byte " + std::to_string(at));
    ExpectRecovered(dir, written, written.last_commit_first);
  });
}

// A byte flipped in an earlier commit: a later commit, durable only after
// it, follows, so records were lost: an error naming the file and offset.
TEST(EventLogRecovery, DamageInTheMiddleIsAnErrorNamingTheOffset) {
  ForRounds(17, 6, [](const std::string& dir, const Written& written, std::mt19937& random) {
    size_t at = RandomOffset(event_log::kSegmentHeaderBytes,
                             written.offsets[written.last_commit_first], random);
    FlipByte(SegmentPath(dir, 1), at, static_cast<unsigned char>(1 + random() % 255));
    SCOPED_TRACE("byte " + std::to_string(at));
    ExpectError(
        ErrorKind::kIo,
        SegmentPath(dir, 1) + ": damaged commit at offset " +
            std::to_string(written.offsets[written.commit_first[RecordHolding(written, at)]]),
        [&] { EventLog::Open(dir, nullptr); });
    // Nothing was cut: the evidence stays for the operator.
    EXPECT_EQ(written.offsets.back(), std::filesystem::file_size(SegmentPath(dir, 1)));
  });
}

// The damaged record's own commit is whole and a later commit began after it
// (torn by the crash): that commit was durable, so this is damage, not a tail.
TEST(EventLogRecovery, DamageInACompleteCommitBeforeATornOneIsAnError) {
  TempDir temp;
  std::string dir = temp.File("wal");
  {
    auto log = EventLog::Open(dir, nullptr);
    log->AppendDurable({"one", "two", "three"});
    log->AppendDurable({"four", "five"});
  }
  size_t first = event_log::kSegmentHeaderBytes;
  size_t second = first + event_log::kRecordHeaderBytes + 3;
  size_t later = second + 2 * event_log::kRecordHeaderBytes + 3 + 5;  // "four" starts here
  Resize(SegmentPath(dir, 1), later + 10);                            // a torn later commit
  FlipByte(SegmentPath(dir, 1), second + event_log::kRecordHeaderBytes, 0x20);  // "two" damaged
  ExpectError(ErrorKind::kIo,
              "damaged commit at offset " + std::to_string(first) +
                  " (after seq 0), and its commit ends whole at offset " +
                  std::to_string(second + event_log::kRecordHeaderBytes + 3) + " (seq 3)",
              [&] { EventLog::Open(dir, nullptr); });
  // Without the later commit's bytes the same damage is a torn tail: the
  // whole commit is cut, "one" with it.
  Resize(SegmentPath(dir, 1), later);
  EventLog::Recovery recovery;
  auto log = EventLog::Open(dir, &recovery);
  EXPECT_EQ(0u, recovery.last_seq);
  EXPECT_EQ(later - first, recovery.truncated_bytes);
}

// A batch is one commit: when a crash cuts its last record, its first ones,
// whole as they are, are not replayed (the batch's sender had no answer, and
// its retry would find part of it applied).
TEST(EventLogRecovery, AnUnfinishedCommitIsCutWhole) {
  TempDir temp;
  std::string dir = temp.File("wal");
  {
    auto log = EventLog::Open(dir, nullptr);
    log->AppendDurable({"one"});
    log->AppendDurable({"batch-a", "batch-b", "batch-c"});
  }
  const size_t batch = event_log::kSegmentHeaderBytes + event_log::kRecordHeaderBytes + 3;
  const size_t last = batch + 2 * (event_log::kRecordHeaderBytes + 7);  // "batch-c" starts here
  Resize(SegmentPath(dir, 1), last + event_log::kRecordHeaderBytes + 3);
  EventLog::Recovery recovery;
  auto log = EventLog::Open(dir, &recovery);
  EXPECT_EQ(1u, recovery.records);
  EXPECT_EQ(1u, recovery.last_seq);
  EXPECT_EQ(last + event_log::kRecordHeaderBytes + 3 - batch, recovery.truncated_bytes);
  EXPECT_EQ(LoggedRecords({{1, "one"}}), ReadBack(*log));
  EXPECT_EQ(batch, std::filesystem::file_size(SegmentPath(dir, 1)));
}

TEST(EventLogRecovery, DamageInAnEarlierSegmentIsAnError) {
  TempDir temp;
  std::string dir = temp.File("wal");
  EventLog::Options options;
  options.segment_bytes = 60;
  {
    auto log = EventLog::Open(dir, nullptr, options);
    for (int i = 0; i < 3; ++i) log->AppendDurable({std::string(40, 'x')});
  }
  Resize(SegmentPath(dir, 2), event_log::kSegmentHeaderBytes + 10);
  ExpectError(ErrorKind::kIo, SegmentPath(dir, 2) + ": damaged commit at offset 24",
              [&] { EventLog::Open(dir, nullptr, options); });
}

}  // namespace
}  // namespace acctseg

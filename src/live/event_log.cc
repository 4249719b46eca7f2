#include "live/event_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "common/counted.h"
#include "common/error.h"
#include "common/signal_points.h"
#include "live/event_log_record.h"
#include "live/event_log_scan.h"

namespace acctseg {
namespace {

constexpr char kSegmentPrefix[] = "log-";
constexpr char kSegmentSuffix[] = ".wal";
constexpr char kTempSuffix[] = ".tmp";

std::string SegmentName(uint64_t first_seq) {
  char name[64];
  std::snprintf(name, sizeof name, "%s%020" PRIu64 "%s", kSegmentPrefix, first_seq, kSegmentSuffix);
  return name;
}

bool EndsWith(const std::string& text, std::string_view tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// A segment's file name is "log-" + 20 digits + ".wal"; anything else in the
// directory is not the log's.
bool IsSegmentName(const std::string& name) {
  return name.size() == 4 + 20 + 4 && name.rfind(kSegmentPrefix, 0) == 0 &&
         EndsWith(name, kSegmentSuffix) && name.find_first_not_of("0123456789", 4) == 4 + 20;
}

ScopedFd LockDirectory(const std::string& dir) {
  std::string path = JoinPath(dir, "LOCK");
  ScopedFd fd = OpenFile(path, O_RDWR | O_CREAT);
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      throw Error(ErrorKind::kIo, "the event log " + dir + " is in use by another process");
    throw Error(ErrorKind::kIo, "cannot lock " + path + ": " + std::strerror(errno));
  }
  return fd;
}

}  // namespace

EventLog::EventLog(std::string dir, Options options) : dir_(std::move(dir)), options_(options) {}

EventLog::~EventLog() = default;

std::unique_ptr<EventLog> EventLog::Open(const std::string& dir, Recovery* recovery) {
  return Open(dir, recovery, Options());
}

std::unique_ptr<EventLog> EventLog::Open(const std::string& dir, Recovery* recovery,
                                         Options options) {
  MakeOwnerOnlyDirectories(dir);
  std::unique_ptr<EventLog> log(new EventLog(dir, options));
  log->lock_fd_ = LockDirectory(dir);
  Recovery local;
  log->Recover(recovery != nullptr ? recovery : &local);
  return log;
}

void EventLog::Recover(Recovery* recovery) {
  *recovery = Recovery();
  for (const std::string& name : ListDirectory(dir_)) {
    // A segment being created when the process died: never renamed, so never part of the log.
    if (EndsWith(name, std::string(kSegmentSuffix) + kTempSuffix)) {
      ::unlink(JoinPath(dir_, name).c_str());
      continue;
    }
    if (IsSegmentName(name))
      segments_.push_back({std::stoull(name.substr(4, 20)), JoinPath(dir_, name)});
  }
  if (segments_.empty()) {
    CreateSegment(1);
    recovery->message = "new event log in " + dir_;
    return;
  }
  uint64_t last_seq = 0;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& segment = segments_[i];
    std::string bytes = ReadWholeFile(segment.path);
    if (i > 0 && segment.first_seq != last_seq + 1)
      throw Error(ErrorKind::kIo, segment.path + ": starts at seq " +
                                      std::to_string(segment.first_seq) +
                                      " but the segment before ends at seq " +
                                      std::to_string(last_seq) + " (a segment is missing)");
    event_log::SegmentScan scan = event_log::ScanSegment(bytes, segment.path, segment.first_seq);
    bool last = i + 1 == segments_.size();
    if (scan.tail != event_log::SegmentScan::Tail::kClean && !last)
      throw Error(ErrorKind::kIo, segment.path + ": damaged commit at offset " +
                                      std::to_string(scan.whole_end) + " (after seq " +
                                      std::to_string(scan.last_seq) +
                                      "), and later segments follow: the log is corrupt");
    if (scan.tail == event_log::SegmentScan::Tail::kDamaged)
      throw Error(ErrorKind::kIo, segment.path + ": damaged commit at offset " +
                                      std::to_string(scan.whole_end) + " (after seq " +
                                      std::to_string(scan.last_seq) + "), and " + scan.damage +
                                      ": the log is corrupt");
    recovery->records += scan.records;
    last_seq = scan.last_seq;
    if (!last) continue;
    OpenActive(bytes.size());
    if (scan.tail == event_log::SegmentScan::Tail::kTorn) {
      // The bytes the crash left, not the zeros the log had grown ahead.
      const size_t data_end = bytes.find_last_not_of('\0') + 1;
      recovery->truncated_bytes = data_end > scan.whole_end ? data_end - scan.whole_end : 0;
      TruncateDurably(active_fd_.get(), scan.whole_end, segment.path);
      active_zeroed_end_ = scan.whole_end;
      recovery->message = "cut " + Counted(recovery->truncated_bytes, "byte") +
                          " of a torn tail at offset " + std::to_string(scan.whole_end) + " of " +
                          segment.path + " (after seq " + std::to_string(scan.last_seq) + "); ";
    }
    active_size_ = scan.whole_end;
  }
  recovery->last_seq = last_seq;
  last_seq_.store(last_seq, std::memory_order_release);
  recovery->message += Counted(recovery->records, "record") + " up to seq " +
                       std::to_string(last_seq) + " in " + Counted(segments_.size(), "segment");
}

// The new segment appears whole or not at all: its header is written and
// synced under a temporary name, renamed, and the directory synced. The
// descriptor opened first stays the active one, so nothing can fail once the
// name is in place; if the directory sync fails, the old segment stays
// active and the next commit renames a fresh copy over this one.
void EventLog::CreateSegment(uint64_t first_seq) {
  std::string path = JoinPath(dir_, SegmentName(first_seq));
  std::string temp = path + kTempSuffix;
  ScopedFd fd;
  try {
    fd = OpenFile(temp, O_WRONLY | O_CREAT | O_TRUNC);
    WriteAll(fd.get(), event_log::EncodeSegmentHeader(first_seq), temp);
    SyncData(fd.get(), temp);
    SignalPoint("wal-roll");
    if (::rename(temp.c_str(), path.c_str()) != 0)
      throw Error(ErrorKind::kIo, "cannot rename " + temp + ": " + std::strerror(errno));
    SyncDirectory(dir_);
  } catch (const Error&) {
    ::unlink(temp.c_str());
    throw;
  }
  segments_.push_back({first_seq, path});
  active_fd_ = std::move(fd);
  active_size_ = event_log::kSegmentHeaderBytes;
  active_zeroed_end_ = active_size_;
}

void EventLog::OpenActive(uint64_t size) {
  active_fd_ = OpenFile(segments_.back().path, O_WRONLY);
  active_size_ = size;
  active_zeroed_end_ = size;
}

void EventLog::GrowZeroed(uint64_t bytes) {
  const uint64_t chunk = options_.zeroed_chunk_bytes;
  if (chunk == 0 || active_size_ + bytes <= active_zeroed_end_) return;
  const uint64_t end = (active_size_ + bytes + chunk - 1) / chunk * chunk;
  const std::string& path = segments_.back().path;
  try {
    WriteZeros(active_fd_.get(), active_zeroed_end_, end - active_zeroed_end_, path);
    active_zeroed_end_ = end;  // synced with the commit's records
  } catch (const Error&) {
    // No room for zeros (a full disk): the commit is written as without,
    // and fails only if its own bytes do not fit. Zeros written past its
    // end are harmless: a zero tail is the log's clean end.
  }
}

uint64_t EventLog::first_seq() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return segments_.front().first_seq;
}

std::vector<uint64_t> EventLog::AppendDurable(const std::vector<std::string>& payloads) {
  for (const std::string& payload : payloads)
    if (payload.size() > event_log::kMaxPayloadBytes)
      throw Error(ErrorKind::kInput, "an event log record is " + std::to_string(payload.size()) +
                                         " bytes, over the limit of " +
                                         std::to_string(event_log::kMaxPayloadBytes));
  if (payloads.size() > event_log::kMaxCommitRecords)
    throw Error(ErrorKind::kInput, "too many records for one commit");
  std::lock_guard<std::mutex> lock(mutex_);
  if (!broken_.empty())
    throw Error(ErrorKind::kIo,
                "the event log " + dir_ + " refuses appends until it is reopened: " + broken_);
  return AppendLocked(payloads);
}

std::vector<uint64_t> EventLog::AppendLocked(const std::vector<std::string>& payloads) {
  std::vector<uint64_t> seqs;
  if (payloads.empty()) return seqs;
  uint64_t first = last_seq() + 1;
  if (active_size_ >= options_.segment_bytes && segments_.back().first_seq < first)
    CreateSegment(first);
  std::string bytes;
  size_t total = 0;
  for (const std::string& payload : payloads)
    total += event_log::kRecordHeaderBytes + payload.size();
  bytes.reserve(total);
  size_t last_record_at = 0;
  for (size_t i = 0; i < payloads.size(); ++i) {
    last_record_at = bytes.size();
    event_log::AppendRecord(first + i, static_cast<uint32_t>(i), i + 1 == payloads.size(),
                            payloads[i], &bytes);
    seqs.push_back(first + i);
  }
  const std::string& path = segments_.back().path;
  GrowZeroed(bytes.size());
  try {
    // One write. Under the crash test, two split inside the last record
    // with a signal point between them, so that it can kill a commit half
    // written (always a torn tail) at an exact moment; not otherwise: each
    // is a system call, on a VM dear (a pwrite was ~40 us of a server's
    // time, nearly one a single event).
    std::string_view all = bytes;
    size_t split = SignalPointsArmed() ? last_record_at + (all.size() - last_record_at) / 2 : 0;
    if (split > 0) {
      WriteAllAt(active_fd_.get(), all.substr(0, split), active_size_, path);
      SignalPoint("wal-write-half");
    }
    WriteAllAt(active_fd_.get(), all.substr(split), active_size_ + split, path);
    SignalPoint("wal-written");
    SyncData(active_fd_.get(), path);
  } catch (const Error& failure) {
    // Cut the partial commit away so the log ends at its last whole record
    // and the next append (once there is space) starts there (zeros ahead
    // of it are cut too: a full disk is no time to keep them).
    try {
      active_zeroed_end_ = active_size_;
      TruncateDurably(active_fd_.get(), active_size_, path);
    } catch (const Error& cut) {
      broken_ = std::string(failure.what()) + "; then " + cut.what();
      throw Error(ErrorKind::kIo, broken_);
    }
    throw Error(ErrorKind::kIo, std::string(failure.what()) +
                                    "; nothing of this commit is in the log, which ends at seq " +
                                    std::to_string(first - 1));
  }
  active_size_ += bytes.size();
  active_zeroed_end_ = std::max(active_zeroed_end_, active_size_);
  last_seq_.store(first + payloads.size() - 1, std::memory_order_release);
  return seqs;
}

void EventLog::Replay(uint64_t after,
                      const std::function<void(uint64_t, std::string_view)>& visit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (after + 1 < segments_.front().first_seq)
    throw Error(ErrorKind::kIo, "the event log " + dir_ + " starts at seq " +
                                    std::to_string(segments_.front().first_seq) + ": records " +
                                    std::to_string(after + 1) + " to " +
                                    std::to_string(segments_.front().first_seq - 1) +
                                    " were compacted away");
  for (size_t i = 0; i < segments_.size(); ++i) {
    bool last = i + 1 == segments_.size();
    if (!last && segments_[i + 1].first_seq <= after + 1) continue;  // wholly replayed already
    std::string bytes = ReadWholeFile(segments_[i].path);
    // The active segment is read only up to its last whole record.
    if (last && bytes.size() > active_size_) bytes.resize(active_size_);
    event_log::SegmentScan scan =
        event_log::ScanSegment(bytes, segments_[i].path, segments_[i].first_seq,
                               [&](uint64_t seq, std::string_view payload) {
                                 if (seq > after) visit(seq, payload);
                               });
    if (scan.tail != event_log::SegmentScan::Tail::kClean)
      throw Error(ErrorKind::kIo, segments_[i].path + ": damaged commit at offset " +
                                      std::to_string(scan.whole_end) +
                                      ", which was whole when the log was opened");
  }
}

size_t EventLog::Compact(uint64_t seq) {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t removed = 0;
  while (segments_.size() > 1 && segments_[1].first_seq - 1 <= seq) {
    if (::unlink(segments_.front().path.c_str()) != 0 && errno != ENOENT)
      throw Error(ErrorKind::kIo,
                  "cannot remove " + segments_.front().path + ": " + std::strerror(errno));
    segments_.erase(segments_.begin());
    ++removed;
  }
  if (removed > 0) SyncDirectory(dir_);
  return removed;
}

}  // namespace acctseg

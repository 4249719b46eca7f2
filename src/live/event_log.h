// The server's write-ahead log: an append-only sequence of opaque records
// (the server writes LiveEventJson text), each with a sequence number 1, 2,
// 3, ... The format, the guarantees and what a crash can lose are in
// docs/serve-durability.md; the bytes in event_log_record.h.
//
// Files live in one directory: segments "log-<first seq, 20 digits>.wal"
// and a LOCK file, flock-ed while the log is open so that two processes
// never write one log. A segment rolls (a new file begins) once it holds
// Options::segment_bytes; a commit is never split across segments.
//
// With Options::zeroed_chunk_bytes, a segment is grown ahead of its records
// in chunks of zeros (written, not just allocated, as PostgreSQL does with
// its WAL), so that most commits overwrite bytes the file already has and
// fdatasync flushes only data, not the file's size. Recovery then takes an
// all-zero tail after the last whole record as the clean end of the log.
//
// Open recovers: every segment is read and checked; a torn tail after the
// last whole record of the last segment (the unfinished commit of a crash)
// is cut off durably and reported in Recovery; damage anywhere else — a bad
// record followed by a whole record of a later commit, a bad segment header,
// a missing segment — is Error(kIo) naming the file and the offset, never
// silently dropped. Nothing is ever read past the last whole record.
//
// Thread-safe: one mutex serializes appends, replays and compaction;
// last_seq() takes no lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "live/event_log_file.h"

namespace acctseg {

class EventLog {
 public:
  struct Options {
    uint64_t segment_bytes = 64ull << 20;  // roll to a new segment past this size
    // Grow the active segment ahead of its records by this many zero bytes
    // at a time (0: append, the file ends at the last record). If zeros
    // cannot be written (a full disk), the commit is appended as without.
    uint64_t zeroed_chunk_bytes = 0;
  };
  struct Recovery {
    uint64_t records = 0;   // whole records in the log after recovery
    uint64_t last_seq = 0;  // 0 for an empty log
    uint64_t truncated_bytes = 0;
    // One line for the operator: the records found, and what was cut where
    // ("cut 37 bytes of a torn tail at offset 4120 of .../log-...wal").
    std::string message;
  };

  // Opens (creating `dir` and a first segment when needed) and recovers.
  // Error(kIo) for damage that is not a torn tail, an unreadable file, or a
  // log another process holds open. `recovery` may be null.
  static std::unique_ptr<EventLog> Open(const std::string& dir, Recovery* recovery);
  static std::unique_ptr<EventLog> Open(const std::string& dir, Recovery* recovery,
                                        Options options);
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Calls `visit(seq, payload)` for every record with seq > after, in order.
  // Error(kIo) if records after `after` were compacted away or a file
  // changed under the log since Open.
  void Replay(uint64_t after, const std::function<void(uint64_t, std::string_view)>& visit) const;

  // Appends the records as one commit — a single write, then fdatasync — and
  // returns their seqs (contiguous, in order). Error(kIo) naming the file on
  // any failure (a full disk: ENOSPC; a file size limit: EFBIG; EIO): then
  // nothing of this call is in the log, which was cut back to its previous
  // end, and the next call may succeed (once there is space). If even that
  // cut fails the log refuses every later append (Error(kIo)) until it is
  // reopened, which recovers it. Error(kInput) for a payload over 64 MiB.
  std::vector<uint64_t> AppendDurable(const std::vector<std::string>& payloads);

  // The seq of the last durable record; 0 for an empty log.
  uint64_t last_seq() const { return last_seq_.load(std::memory_order_acquire); }
  // The seq of the first record still in the log (after compaction).
  uint64_t first_seq() const;

  // Drops whole segments whose records are all <= seq (after a snapshot at
  // `seq`); the segment being written is always kept. Returns how many.
  size_t Compact(uint64_t seq);

  const std::string& dir() const { return dir_; }

 private:
  struct Segment {
    uint64_t first_seq;
    std::string path;
  };
  EventLog(std::string dir, Options options);
  void Recover(Recovery* recovery);
  void CreateSegment(uint64_t first_seq);
  void OpenActive(uint64_t size);
  // Zeros ahead of a commit of `bytes` bytes, when it would end past them
  // (Options::zeroed_chunk_bytes); nothing if they cannot be written.
  void GrowZeroed(uint64_t bytes);
  std::vector<uint64_t> AppendLocked(const std::vector<std::string>& payloads);

  const std::string dir_;
  const Options options_;
  ScopedFd lock_fd_;
  mutable std::mutex mutex_;
  std::vector<Segment> segments_;   // in seq order; the last one is written
  ScopedFd active_fd_;              // the last segment, written at active_size_
  uint64_t active_size_ = 0;        // the end of its last whole record
  uint64_t active_zeroed_end_ = 0;  // the file's length: zeros from active_size_ to here
  std::string broken_;              // why appends are refused, after a failed rollback
  std::atomic<uint64_t> last_seq_{0};
};

}  // namespace acctseg

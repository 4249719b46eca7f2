// Reads one segment file's bytes back into records and judges what follows
// the last whole record: nothing but zeros (the end; a segment grown ahead
// in zeros, EventLog::Options::zeroed_chunk_bytes), a torn tail (the
// unfinished last commit of a crash, safe to cut), or damage in the middle
// (a whole record of a later, already durable commit follows the damage —
// data was lost, never cut silently). Pure: no file access, so tests can
// feed it any bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace acctseg::event_log {

struct SegmentScan {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;  // first_seq - 1 when the segment holds no record
  uint64_t records = 0;
  size_t whole_end = 0;  // offset just after the last whole commit
  enum class Tail { kClean, kTorn, kDamaged } tail = Tail::kClean;
  // kDamaged: what follows the damage, e.g. "a whole record (seq 17) of a
  // later commit follows at offset 4120".
  std::string damage;
};

// Scans `bytes`, the contents of the segment file `path`, calling `visit`
// (when given) for each whole record in order. Error(kIo) naming the path for
// a header that is not an event log segment's or does not start at
// `expected_first_seq`, or for whole records out of sequence.
SegmentScan ScanSegment(std::string_view bytes, const std::string& path,
                        uint64_t expected_first_seq,
                        const std::function<void(uint64_t, std::string_view)>& visit = nullptr);

}  // namespace acctseg::event_log

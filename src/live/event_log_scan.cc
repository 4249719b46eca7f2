#include "live/event_log_scan.h"

#include <utility>
#include <vector>

#include "common/error.h"
#include "live/event_log_record.h"

namespace acctseg::event_log {
namespace {

// After the records end at `from` (last whole seq `last_seq`), looks for a
// whole record further on. One of a later commit proves the damage is not a
// crash's torn tail: that commit was written only after the damaged one was
// durable. So does the last record of the damaged commit itself, whole, with
// bytes after it: they can only be a later commit's. Records of the same,
// unfinished commit (its first seq is at most last_seq + 1) are a torn tail
// whose pages reached the disk out of order.
void JudgeTail(std::string_view bytes, size_t from, SegmentScan* scan) {
  scan->tail = SegmentScan::Tail::kTorn;
  // Zeros after the last non-zero byte hold no record (a record's seq is
  // never 0): the search stops there, not at the end of a zeroed segment.
  size_t end = bytes.size();
  while (end > from && bytes[end - 1] == '\0') --end;
  for (size_t at = from + 1; at < end && at + kRecordHeaderBytes <= bytes.size(); ++at) {
    Record record;
    if (ParseRecord(bytes.substr(at), &record) != Parse::kWhole) continue;
    bool same_commit = record.seq > scan->last_seq && record.index_in_commit < record.seq &&
                       record.seq - record.index_in_commit <= scan->last_seq + 1;
    std::string where = "offset " + std::to_string(at);
    if (!same_commit) {
      scan->damage = "a whole record (seq " + std::to_string(record.seq) +
                     ") of a later commit follows at " + where;
    } else if (record.last_in_commit && at + record.size < bytes.size()) {
      scan->damage = "its commit ends whole at " + where + " (seq " + std::to_string(record.seq) +
                     ") with a later commit's bytes after it";
    } else {
      continue;
    }
    scan->tail = SegmentScan::Tail::kDamaged;
    return;
  }
}

}  // namespace

SegmentScan ScanSegment(std::string_view bytes, const std::string& path,
                        uint64_t expected_first_seq,
                        const std::function<void(uint64_t, std::string_view)>& visit) {
  SegmentScan scan;
  if (!DecodeSegmentHeader(bytes, &scan.first_seq))
    throw Error(ErrorKind::kIo, path + ": not an acctseg event log segment (bad header)");
  if (scan.first_seq != expected_first_seq)
    throw Error(ErrorKind::kIo, path + ": starts at seq " + std::to_string(scan.first_seq) +
                                    ", expected " + std::to_string(expected_first_seq) +
                                    " (the file is misnamed)");
  scan.last_seq = scan.first_seq - 1;
  // A commit counts only once its last record is whole: a crash inside a
  // batch's write can leave its first records whole, and replaying them
  // applied part of a batch whose sender never had an answer. The records
  // of the commit being read wait here until its last one.
  std::vector<std::pair<uint64_t, std::string_view>> commit;
  size_t commit_start = kSegmentHeaderBytes, at = kSegmentHeaderBytes;
  uint64_t seq = scan.last_seq;
  while (at < bytes.size()) {
    Record record;
    if (ParseRecord(bytes.substr(at), &record) != Parse::kWhole) break;
    if (record.seq != seq + 1)
      throw Error(ErrorKind::kIo, path + ": offset " + std::to_string(at) + ": seq " +
                                      std::to_string(record.seq) + " where " +
                                      std::to_string(seq + 1) + " was expected");
    if (record.index_in_commit != commit.size())
      throw Error(ErrorKind::kIo, path + ": offset " + std::to_string(at) + ": seq " +
                                      std::to_string(record.seq) + " is record " +
                                      std::to_string(record.index_in_commit) +
                                      " of its commit where " + std::to_string(commit.size()) +
                                      " was expected (a commit that never ended?)");
    seq = record.seq;
    at += record.size;
    commit.emplace_back(record.seq, record.payload);
    if (!record.last_in_commit) continue;
    for (const auto& [commit_seq, payload] : commit)
      if (visit) visit(commit_seq, payload);
    scan.records += commit.size();
    scan.last_seq = seq;
    commit.clear();
    commit_start = at;
  }
  // An unfinished commit's whole records are part of the torn tail.
  scan.whole_end = commit_start;
  at = commit_start;
  if (bytes.find_first_not_of('\0', at) != std::string_view::npos) JudgeTail(bytes, at, &scan);
  return scan;
}

}  // namespace acctseg::event_log

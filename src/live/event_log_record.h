// The event log's byte format (docs/serve-durability.md), separate from the
// files that hold it so that recovery and its tests can reason about bytes.
//
// A segment file starts with a 24-byte header:
//   magic "ACCTSWAL" (8) | version u32 (4) | reserved u32 = 0 (4) | first seq u64 (8)
// then whole records, back to back:
//   checksum u64 (8) | payload length u32 (4) | commit u32 (4) | seq u64 (8) | payload
// All integers little-endian. The checksum is XXH64 (seed 0) of every byte
// after it: length, commit, seq and payload, so a record read back is exactly
// the record written. "Commit" places the record in the AppendDurable call
// that wrote it: bits 0-30 its index there (0 for the first), bit 31 set on
// the call's last record. Recovery uses it to tell the torn last commit of a
// crash from damage in the middle of the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace acctseg::event_log {

inline constexpr std::string_view kMagic = "ACCTSWAL";
inline constexpr uint32_t kVersion = 1;
inline constexpr size_t kSegmentHeaderBytes = 24;
inline constexpr size_t kRecordHeaderBytes = 24;
// A length above this is damage, not a record (and is never allocated).
inline constexpr uint32_t kMaxPayloadBytes = 64u << 20;
// Records in one commit, at most (the index has 31 bits).
inline constexpr uint32_t kMaxCommitRecords = 0x7fffffffu;

std::string EncodeSegmentHeader(uint64_t first_seq);
// The first seq of a valid header, or false for a short or foreign one.
bool DecodeSegmentHeader(std::string_view bytes, uint64_t* first_seq);

// Appends one framed record to `out`.
void AppendRecord(uint64_t seq, uint32_t index_in_commit, bool last_in_commit,
                  std::string_view payload, std::string* out);

struct Record {
  uint64_t seq = 0;
  uint32_t index_in_commit = 0;
  bool last_in_commit = false;
  std::string_view payload;  // points into the parsed bytes
  size_t size = 0;           // header + payload
};
enum class Parse { kWhole, kShort, kBad };
// Parses the record at the start of `bytes`: kWhole fills `record`; kShort:
// the bytes end before the record does; kBad: the length is impossible or
// the checksum does not match.
Parse ParseRecord(std::string_view bytes, Record* record);

}  // namespace acctseg::event_log

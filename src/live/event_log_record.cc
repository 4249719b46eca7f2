#include "live/event_log_record.h"

#include <xxhash.h>

#include <cstring>

namespace acctseg::event_log {
namespace {

void PutU32(uint32_t value, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
}
void PutU64(uint64_t value, char* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
}
uint32_t GetU32(const char* in) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[i]);
  return value;
}
uint64_t GetU64(const char* in) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[i]);
  return value;
}

// Offsets inside a record header.
constexpr size_t kLengthAt = 8, kIndexAt = 12, kSeqAt = 16;
constexpr uint32_t kLastInCommit = 0x80000000u;

}  // namespace

std::string EncodeSegmentHeader(uint64_t first_seq) {
  std::string header(kSegmentHeaderBytes, '\0');
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  PutU32(kVersion, header.data() + 8);
  PutU64(first_seq, header.data() + 16);
  return header;
}

bool DecodeSegmentHeader(std::string_view bytes, uint64_t* first_seq) {
  if (bytes.size() < kSegmentHeaderBytes || bytes.substr(0, kMagic.size()) != kMagic ||
      GetU32(bytes.data() + 8) != kVersion || GetU32(bytes.data() + 12) != 0)
    return false;
  *first_seq = GetU64(bytes.data() + 16);
  return *first_seq > 0;
}

void AppendRecord(uint64_t seq, uint32_t index_in_commit, bool last_in_commit,
                  std::string_view payload, std::string* out) {
  size_t at = out->size();
  out->resize(at + kRecordHeaderBytes);
  char* header = out->data() + at;
  PutU32(static_cast<uint32_t>(payload.size()), header + kLengthAt);
  PutU32((index_in_commit & kMaxCommitRecords) | (last_in_commit ? kLastInCommit : 0),
         header + kIndexAt);
  PutU64(seq, header + kSeqAt);
  out->append(payload);
  const char* covered = out->data() + at + kLengthAt;
  PutU64(XXH64(covered, out->size() - at - kLengthAt, 0), out->data() + at);
}

Parse ParseRecord(std::string_view bytes, Record* record) {
  if (bytes.size() < kRecordHeaderBytes) return Parse::kShort;
  uint32_t length = GetU32(bytes.data() + kLengthAt);
  if (length > kMaxPayloadBytes) return Parse::kBad;
  size_t size = kRecordHeaderBytes + length;
  if (bytes.size() < size) return Parse::kShort;
  if (XXH64(bytes.data() + kLengthAt, size - kLengthAt, 0) != GetU64(bytes.data()))
    return Parse::kBad;
  uint32_t commit = GetU32(bytes.data() + kIndexAt);
  record->index_in_commit = commit & kMaxCommitRecords;
  record->last_in_commit = (commit & kLastInCommit) != 0;
  record->seq = GetU64(bytes.data() + kSeqAt);
  record->payload = bytes.substr(kRecordHeaderBytes, length);
  record->size = size;
  return Parse::kWhole;
}

}  // namespace acctseg::event_log

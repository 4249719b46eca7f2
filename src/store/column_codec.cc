#include "store/column_codec.h"

#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

#include "common/error.h"
#include "common/parallel.h"
#include "store/content_hash.h"
#include "table/reason_codes.h"

namespace acctseg {
namespace {

constexpr char kTag[4] = {'A', 'C', 'C', '1'};
// A column whose dictionary is an earlier column's of the same table
// (kSharedDictionary): older builds, which cannot read it, refuse the tag.
constexpr char kSharedTag[4] = {'A', 'C', 'C', '2'};
// A reasons column kept as codes (kReasonCodes) beside its features'
// whole columns, as builds before ACC4 wrote it: still read.
constexpr char kReasonsTag[4] = {'A', 'C', 'C', '3'};
// The same with only the feature values the reasons read, in row order,
// as written now: older builds refuse it.
constexpr char kGatheredReasonsTag[4] = {'A', 'C', 'C', '4'};
// Level 1: the blobs are mostly varints already; higher levels cost 2-4x
// the time for a few percent (docs/run-store.md).
constexpr int kZstdLevel = 1;

enum Flags : uint8_t {
  kHasNulls = 1,
  kHasDictionary = 2,
  kSharedDictionary = 4,
  // The rows are a reasons column's codes and the feature columns they
  // name (table/reason_codes.h); decoded, they become its text.
  kReasonCodes = 8,
};
// Which tag a blob has: what its payload may hold.
enum class Tag { kPlain, kShared, kReasons, kGatheredReasons };
bool HoldsReasons(Tag tag) { return tag == Tag::kReasons || tag == Tag::kGatheredReasons; }
enum class IntEncoding : uint8_t { kZigzag = 1, kDeltaZigzag = 2 };

[[noreturn]] void Corrupt(const std::string& why) {
  throw Error(ErrorKind::kStore, "corrupt column data: " + why);
}

uint64_t Zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t Unzigzag(uint64_t u) { return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1); }

size_t VarintSize(uint64_t u) { return (static_cast<size_t>(std::bit_width(u | 1)) + 6) / 7; }

// The payload goes to zstd a chunk at a time through a buffer each thread
// keeps, never held whole: a text column of ten million distinct values is
// a payload of a gigabyte, and every fresh page of it cost a page fault and
// a zeroing (~2.5 s of CPU a GB on the 2-core machine) before zstd read it
// back from memory. The payload's size is counted first, so the frame's
// header still records it (Decompress sizes its buffer from it).
class CompressingWriter {
 public:
  CompressingWriter(size_t payload_size, const char (&tag)[4])
      : cctx_(ZSTD_createCCtx(), ZSTD_freeCCtx),
        chunk_(ThreadChunk()),
        at_(chunk_),
        end_(chunk_ + kChunkBytes),
        payload_size_(payload_size),
        // Into an uninitialized buffer of the worst case (its pages are
        // touched only as far as zstd writes); the blob copies what zstd
        // wrote, a fraction of the bound.
        frame_size_(sizeof(tag) + ZSTD_compressBound(payload_size)),
        frame_(new char[frame_size_]) {
    std::memcpy(frame_.get(), tag, sizeof(tag));
    frame_at_ = sizeof(tag);
    Check(ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, kZstdLevel));
    Check(ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_checksumFlag, 1));
    Check(ZSTD_CCtx_setPledgedSrcSize(cctx_.get(), payload_size));
  }

  void Byte(uint8_t b) {
    if (at_ == end_) Flush();
    *at_++ = static_cast<char>(b);
  }
  void Varint(uint64_t u) {
    if (end_ - at_ < kMaxVarintBytes) Flush();
    while (u >= 0x80) {
      *at_++ = static_cast<char>(u | 0x80);
      u >>= 7;
    }
    *at_++ = static_cast<char>(u);
  }
  void Bytes(const void* data, size_t n) {
    const char* from = static_cast<const char*>(data);
    while (n > 0) {  // an empty text's data() may be null: no memcpy of it
      if (at_ == end_) Flush();
      const size_t take = std::min(n, static_cast<size_t>(end_ - at_));
      std::memcpy(at_, from, take);
      at_ += take, from += take, n -= take;
    }
  }

  // The blob: the tag and the finished frame. The payload must have been
  // written exactly as sized, or the encoder has a bug.
  std::string Done() {
    Compress(ZSTD_e_end);
    if (written_ != payload_size_)
      throw Error(ErrorKind::kInternal, "column payload size miscounted");
    return std::string(frame_.get(), frame_at_);
  }

 private:
  static constexpr size_t kChunkBytes = 256 * 1024;
  static constexpr ptrdiff_t kMaxVarintBytes = 10;

  // A thread's chunk, reused by every column it encodes: it stays in cache.
  static char* ThreadChunk() {
    thread_local std::unique_ptr<char[]> chunk(new char[kChunkBytes]);
    return chunk.get();
  }
  static size_t Check(size_t code) {
    if (ZSTD_isError(code))
      throw Error(ErrorKind::kInternal,
                  std::string("zstd compression failed: ") + ZSTD_getErrorName(code));
    return code;
  }
  void Flush() { Compress(ZSTD_e_continue); }
  // Hands the chunk to zstd (ending the frame with ZSTD_e_end) and empties it.
  void Compress(ZSTD_EndDirective directive) {
    ZSTD_inBuffer in{chunk_, static_cast<size_t>(at_ - chunk_), 0};
    written_ += in.size;
    ZSTD_outBuffer out{frame_.get(), frame_size_, frame_at_};
    // The output buffer holds the bound, so zstd always has room; with
    // ZSTD_e_end it returns 0 once the frame is complete.
    size_t remaining;
    do {
      remaining = Check(ZSTD_compressStream2(cctx_.get(), &out, &in, directive));
    } while (in.pos < in.size || (directive == ZSTD_e_end && remaining != 0));
    frame_at_ = out.pos;
    at_ = chunk_;
  }

  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx_;
  char* chunk_;
  char* at_;
  char* end_;
  size_t payload_size_, written_ = 0;
  size_t frame_size_;
  std::unique_ptr<char[]> frame_;
  size_t frame_at_ = 0;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  uint8_t Byte() {
    if (p_ == end_) Corrupt("truncated");
    return static_cast<uint8_t>(*p_++);
  }
  uint64_t Varint() {
    uint64_t u = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = Byte();
      u |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return u;
    }
    Corrupt("bad varint");
  }
  std::string_view Bytes(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Corrupt("truncated");
    std::string_view v(p_, n);
    p_ += n;
    return v;
  }
  bool AtEnd() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

// A column's values (ints, or string codes) as zigzag varints of the
// values or of their differences, whichever is smaller for the column:
// Sized counts the bytes, Write writes them. Both read the stored array a
// block at a time, widened into a buffer (one width dispatch a block).
template <typename Array>
class IntegerSection {
 public:
  explicit IntegerSection(const Array& values) : values_(values) {
    size_t plain_bytes = 0, delta_bytes = 0;
    int64_t previous = 0;
    ForEachBlock([&](const int64_t* block, size_t count) {
      for (size_t i = 0; i < count; ++i) {
        plain_bytes += VarintSize(Zigzag(block[i]));
        delta_bytes += VarintSize(Zigzag(Difference(block[i], previous)));
        previous = block[i];
      }
    });
    delta_ = delta_bytes < plain_bytes;
    bytes_ = 1 + (delta_ ? delta_bytes : plain_bytes);
  }
  size_t bytes() const { return bytes_; }
  void Write(CompressingWriter& out) const {
    out.Byte(static_cast<uint8_t>(delta_ ? IntEncoding::kDeltaZigzag : IntEncoding::kZigzag));
    int64_t previous = 0;
    ForEachBlock([&](const int64_t* block, size_t count) {
      for (size_t i = 0; i < count; ++i) {
        out.Varint(Zigzag(delta_ ? Difference(block[i], previous) : block[i]));
        previous = block[i];
      }
    });
  }

 private:
  static constexpr size_t kBlock = 2048;
  // f(values, count) for the values in blocks of kBlock, widened to int64.
  template <typename F>
  void ForEachBlock(F&& f) const {
    using Wide = typename Array::Wide_t;
    Wide wide[kBlock];
    int64_t block[kBlock];
    for (size_t begin = 0; begin < values_.size(); begin += kBlock) {
      const size_t count = std::min(kBlock, values_.size() - begin);
      if constexpr (std::is_same_v<Wide, int64_t>) {
        values_.CopyTo(begin, count, block);
      } else {
        values_.CopyTo(begin, count, wide);
        std::copy_n(wide, count, block);
      }
      f(block, count);
    }
  }
  // Differences wrap modulo 2^64 so any int64 sequence round-trips.
  static int64_t Difference(int64_t v, int64_t previous) {
    return static_cast<int64_t>(static_cast<uint64_t>(v) - static_cast<uint64_t>(previous));
  }
  const Array& values_;
  bool delta_ = false;
  size_t bytes_ = 0;
};

template <typename Set>
void GetIntegers(Reader& in, size_t rows, Set set) {
  auto encoding = static_cast<IntEncoding>(in.Byte());
  if (encoding != IntEncoding::kZigzag && encoding != IntEncoding::kDeltaZigzag)
    Corrupt("unknown integer encoding");
  bool delta = encoding == IntEncoding::kDeltaZigzag;
  uint64_t previous = 0;
  for (size_t i = 0; i < rows; ++i) {
    int64_t v = Unzigzag(in.Varint());
    if (delta) v = static_cast<int64_t>(previous + static_cast<uint64_t>(v));
    set(i, v);
    previous = static_cast<uint64_t>(v);
  }
}

// The payload, and its tag.
std::string Decompress(std::string_view blob, Tag& tag) {
  if (blob.size() < sizeof(kTag)) Corrupt("not an acctseg column (bad tag)");
  if (std::memcmp(blob.data(), kTag, sizeof(kTag)) == 0)
    tag = Tag::kPlain;
  else if (std::memcmp(blob.data(), kSharedTag, sizeof(kSharedTag)) == 0)
    tag = Tag::kShared;
  else if (std::memcmp(blob.data(), kReasonsTag, sizeof(kReasonsTag)) == 0)
    tag = Tag::kReasons;
  else if (std::memcmp(blob.data(), kGatheredReasonsTag, sizeof(kGatheredReasonsTag)) == 0)
    tag = Tag::kGatheredReasons;
  else
    Corrupt("not an acctseg column (bad tag)");
  blob.remove_prefix(sizeof(kTag));
  unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) Corrupt("bad zstd frame");
  // A corrupt header may claim any size; zstd cannot expand a block more
  // than ~32768-fold (an RLE block), so a larger claim is refused before
  // the buffer is allocated.
  if (size / 131072 > blob.size()) Corrupt("zstd frame larger than its data can hold");
  std::string payload(size, '\0');
  size_t got = ZSTD_decompress(payload.data(), payload.size(), blob.data(), blob.size());
  if (ZSTD_isError(got)) Corrupt(ZSTD_getErrorName(got));
  if (got != size) Corrupt("short zstd frame");
  return payload;
}

// A byte a row (1 = NULL), as stored since before masks were bits: the
// payload stays readable by every version, and zstd takes the bytes down
// to about what the bits would be.
void WriteNullFlags(const NullMask& nulls, CompressingWriter& payload) {
  uint8_t flags[4096];
  for (size_t begin = 0; begin < nulls.size(); begin += sizeof flags) {
    const size_t count = std::min(sizeof flags, nulls.size() - begin);
    nulls.CopyTo(begin, count, flags);
    payload.Bytes(flags, count);
  }
}

// The payload of an ordinary column (not a reasons column): sized first,
// then written once. With `shared_from`, the dictionary is not written but
// named: that earlier column's of the same table.
class ColumnPayload {
 public:
  ColumnPayload(const Column& column, std::optional<size_t> shared_from)
      : column_(column),
        shared_from_(shared_from),
        dictionary_(shared_from ? nullptr : column.dictionary.get()) {
    size_t values;
    if (column.type.id == TypeId::kString)
      values = codes_.emplace(column.codes).bytes();
    else
      values = ints_.emplace(column.ints).bytes();
    bytes_ = 3 + VarintSize(column.size()) + (column.HasNulls() ? column.nulls.size() : 0) + values;
    if (shared_from) bytes_ += VarintSize(*shared_from);
    if (dictionary_) {
      bytes_ += VarintSize(dictionary_->size());
      for (uint32_t code = 0; code < dictionary_->size(); ++code) {
        const size_t length = dictionary_->Get(code).size();
        bytes_ += VarintSize(length) + length;
      }
    }
  }
  size_t bytes() const { return bytes_; }

  void Write(CompressingWriter& out) const {
    out.Byte(static_cast<uint8_t>(column_.type.id));
    out.Byte(static_cast<uint8_t>(column_.type.scale));
    out.Byte((column_.HasNulls() ? kHasNulls : 0) | (dictionary_ ? kHasDictionary : 0) |
             (shared_from_ ? kSharedDictionary : 0));
    out.Varint(column_.size());
    if (column_.HasNulls()) WriteNullFlags(column_.nulls, out);
    if (codes_)
      codes_->Write(out);
    else
      ints_->Write(out);
    if (shared_from_) out.Varint(*shared_from_);
    if (dictionary_) {
      out.Varint(dictionary_->size());
      for (uint32_t code = 0; code < dictionary_->size(); ++code)
        out.Varint(dictionary_->Get(code).size());
      for (uint32_t code = 0; code < dictionary_->size(); ++code) {
        const std::string_view text = dictionary_->Get(code);
        out.Bytes(text.data(), text.size());
      }
    }
  }

 private:
  const Column& column_;
  std::optional<size_t> shared_from_;
  const Dictionary* dictionary_;
  std::optional<IntegerSection<PackedCodes>> codes_;
  std::optional<IntegerSection<PackedInts>> ints_;
  size_t bytes_;
};

// Per feature of `reasons`, the rows its reasons read (those not called
// missing), in row order: one pass over the codes for all features.
std::vector<std::vector<uint32_t>> RowsReadByFeature(const ReasonCodes& reasons) {
  const std::span<const uint16_t> codes = reasons.FeatureCodes();
  std::vector<size_t> counts(reasons.features().size() * 2, 0);
  for (const uint16_t code : codes) ++counts[code];
  std::vector<std::vector<uint32_t>> rows(reasons.features().size());
  for (size_t f = 0; f < rows.size(); ++f) rows[f].reserve(counts[f * 2]);
  for (size_t row = 0, i = 0; row < reasons.rows(); ++row)
    for (size_t k = 0; k < reasons.top(); ++k, ++i)
      if (!(codes[i] & 1))
        rows[codes[i] / 2].push_back(static_cast<uint32_t>(reasons.ValueRow(row, k)));
  return rows;
}

// The values of `column` at `rows`, NULLs kept (for the decoder to refuse
// one the codes call known).
Column ValuesAt(const Column& column, const std::vector<uint32_t>& rows) {
  Column values;
  values.type = column.type;
  values.dictionary = column.dictionary;
  // Gathered in the column's own width (PackedArray::Gather), not 8 bytes
  // a value: at 10M accounts that was 58 MB more and a conversion pass.
  if (column.type.id == TypeId::kString) {
    values.codes = column.codes.Gather(rows);
    values.codes.Narrow();
  } else {
    values.ints = column.ints.Gather(rows);
    values.ints.Narrow();
  }
  if (column.HasNulls()) {
    values.nulls.assign(rows.size(), false);
    bool nulls = false;
    for (size_t i = 0; i < rows.size(); ++i)
      if (column.IsNull(rows[i])) values.nulls.Set(i, nulls = true);
    if (!nulls) values.nulls = NullMask();
  }
  return values;
}

// The payload of a reasons column kept as codes: the row count; the
// reasons a row and the features, each its name, whether it is text and
// the payload of the values its reasons read (RowsReadByFeature); then as
// varints every row's feature codes, then every row's contribution codes
// (ReasonCodes::FeatureCodes order). Kept this way it is ~6 bytes an
// account after zstd at 10M accounts (3 reasons of 9 features), where its
// words are ~85 before.
class ReasonsPayload {
 public:
  explicit ReasonsPayload(const ReasonCodes& reasons) : reasons_(reasons) {
    bytes_ = 3 + VarintSize(reasons.rows()) + VarintSize(reasons.top()) +
             VarintSize(reasons.features().size());
    values_.reserve(reasons.features().size());  // the payloads hold them in place
    std::vector<std::vector<uint32_t>> rows = RowsReadByFeature(reasons);
    for (size_t f = 0; f < reasons.features().size(); ++f) {
      const ReasonCodes::Feature& feature = reasons.features()[f];
      values_.push_back(ValuesAt(*feature.column, rows[f]));
      std::vector<uint32_t>().swap(rows[f]);
      bytes_ += VarintSize(feature.name.size()) + feature.name.size() + 1;
      bytes_ += features_.emplace_back(values_.back(), std::nullopt).bytes();
    }
    for (const uint16_t code : reasons.FeatureCodes()) bytes_ += VarintSize(code);
    for (const uint32_t code : reasons.ContributionCodes()) bytes_ += VarintSize(code);
  }
  size_t bytes() const { return bytes_; }

  void Write(CompressingWriter& out) const {
    out.Byte(static_cast<uint8_t>(TypeId::kString));
    out.Byte(0);
    out.Byte(kReasonCodes);
    out.Varint(reasons_.rows());
    out.Varint(reasons_.top());
    out.Varint(reasons_.features().size());
    for (size_t f = 0; f < features_.size(); ++f) {
      const ReasonCodes::Feature& feature = reasons_.features()[f];
      out.Varint(feature.name.size());
      out.Bytes(feature.name.data(), feature.name.size());
      out.Byte(feature.categorical ? 1 : 0);
      features_[f].Write(out);
    }
    for (const uint16_t code : reasons_.FeatureCodes()) out.Varint(code);
    for (const uint32_t code : reasons_.ContributionCodes()) out.Varint(code);
  }

 private:
  const ReasonCodes& reasons_;
  std::vector<Column> values_;
  std::vector<ColumnPayload> features_;
  size_t bytes_;
};

std::string Encode(const Column& column, std::optional<size_t> shared_from) {
  if (column.reasons) {
    const ReasonsPayload payload(*column.reasons);
    CompressingWriter out(payload.bytes(), kGatheredReasonsTag);
    payload.Write(out);
    return out.Done();
  }
  const ColumnPayload payload(column, shared_from);
  CompressingWriter out(payload.bytes(), shared_from ? kSharedTag : kTag);
  payload.Write(out);
  return out.Done();
}

// A decoded blob: the column, and where its dictionary is another
// column's, which one (the codes are then not yet checked against it); or
// a reasons column's codes, to be made into its text (Materialize).
struct Decoded {
  Column column;
  std::optional<uint64_t> shared_from;
  std::vector<uint32_t> remap;  // of its own dictionary's codes, if any moved
  std::shared_ptr<const ReasonCodes> reasons;
};

// Codes of `column` checked against `entries` and remapped by `remap`.
void CheckCodes(Column& column, size_t entries, const std::vector<uint32_t>& remap) {
  uint32_t* codes = column.codes.Wide();
  for (size_t i = 0; i < column.codes.size(); ++i) {
    if (codes[i] >= entries) Corrupt("string code outside the dictionary");
    if (!remap.empty()) codes[i] = remap[codes[i]];
  }
}

std::shared_ptr<const ReasonCodes> DecodeReasons(Reader& in, uint64_t rows, size_t payload_size,
                                                 bool gathered);

// One column's payload from `in` (of a payload of `payload_size` bytes);
// `tag` says what it may hold.
Decoded DecodePayload(Reader& in, size_t payload_size, Tag tag) {
  Decoded decoded;
  Column& column = decoded.column;
  uint8_t type_id = in.Byte();
  if (type_id > static_cast<uint8_t>(TypeId::kTimestamp)) Corrupt("unknown type");
  column.type.id = static_cast<TypeId>(type_id);
  column.type.scale = in.Byte();
  // Read back only as written, before reasons, which make numbers of it.
  if (column.type.id == TypeId::kDecimal && column.type.scale > kMaxDecimalScale)
    Corrupt("decimal scale out of range");
  uint8_t flags = in.Byte();
  if ((flags & kSharedDictionary) &&
      (tag != Tag::kShared || (flags & kHasDictionary) || column.type.id != TypeId::kString))
    Corrupt("bad dictionary flags");
  uint64_t rows = in.Varint();
  if (rows > payload_size) Corrupt("row count larger than the data");  // >= 1 byte a row
  if (flags & kReasonCodes) {
    if (!HoldsReasons(tag) || flags != kReasonCodes || column.type.id != TypeId::kString)
      Corrupt("bad reasons flags");
    decoded.reasons = DecodeReasons(in, rows, payload_size, tag == Tag::kGatheredReasons);
    return decoded;
  }
  if (flags & kHasNulls) {
    std::string_view nulls = in.Bytes(rows);
    column.nulls =
        NullMask::FromBytes({reinterpret_cast<const uint8_t*>(nulls.data()), nulls.size()});
  }
  if (column.type.id == TypeId::kString) {
    column.codes.resize(rows);
    uint32_t* codes = column.codes.Wide();
    GetIntegers(in, rows, [&](size_t i, int64_t v) {
      if (v < 0 || v > std::numeric_limits<uint32_t>::max()) Corrupt("bad string code");
      codes[i] = static_cast<uint32_t>(v);
    });
  } else {
    column.ints = PackedInts(rows);
    int64_t* ints = column.ints.Wide();
    GetIntegers(in, rows, [&](size_t i, int64_t v) { ints[i] = v; });
  }
  if (flags & kSharedDictionary) {
    decoded.shared_from = in.Varint();
  } else if (flags & kHasDictionary) {
    uint64_t entries = in.Varint();
    if (entries > payload_size) Corrupt("dictionary size larger than the data");
    std::vector<uint64_t> lengths(entries);
    for (auto& length : lengths) length = in.Varint();
    auto dictionary = std::make_shared<Dictionary>();
    dictionary->Reserve(entries);
    // Interning an entry normally yields its old code; if the original held
    // a duplicate string, map codes to the surviving entry.
    std::vector<uint32_t>& remap = decoded.remap;
    for (uint64_t i = 0; i < entries; ++i) {
      uint32_t code = dictionary->Intern(in.Bytes(lengths[i]));
      if (code != i && remap.empty()) {
        remap.resize(entries);
        for (uint32_t j = 0; j < i; ++j) remap[j] = j;
      }
      if (!remap.empty()) remap[i] = code;
    }
    CheckCodes(column, entries, remap);
    column.dictionary = std::move(dictionary);
  } else if (column.type.id == TypeId::kString && rows > 0) {
    Corrupt("string column without a dictionary");
  }
  if (!decoded.shared_from) column.Narrow();
  return decoded;
}

// The rest of a reasons column's payload (ReasonsPayload; not
// `gathered`: ACC3's, each feature's whole column), checked: every code
// names a feature, no row names one twice, a value the codes call known is
// not NULL, and each feature's gathered values are exactly those its
// reasons read.
std::shared_ptr<const ReasonCodes> DecodeReasons(Reader& in, uint64_t rows, size_t payload_size,
                                                 bool gathered) {
  const uint64_t top = in.Varint(), feature_count = in.Varint();
  if (feature_count > ReasonCodes::kMaxFeatures || top == 0 || top > ReasonCodes::kMaxTop ||
      top > feature_count)
    Corrupt("bad reasons header");
  std::vector<ReasonCodes::Feature> features;
  for (uint64_t f = 0; f < feature_count; ++f) {
    ReasonCodes::Feature& feature = features.emplace_back();
    feature.name = std::string(in.Bytes(in.Varint()));
    const uint8_t categorical = in.Byte();
    if (categorical > 1) Corrupt("bad reasons feature");
    feature.categorical = categorical == 1;
    Decoded column = DecodePayload(in, payload_size, Tag::kPlain);
    if ((gathered ? column.column.size() > rows : column.column.size() != rows) ||
        feature.categorical != (column.column.type.id == TypeId::kString))
      Corrupt("reasons feature \"" + feature.name + "\" does not fit its rows");
    feature.column = std::make_shared<const Column>(std::move(column.column));
  }
  std::vector<uint16_t> feature_codes(rows * top);
  for (uint64_t i = 0; i < rows * top; ++i) {
    const uint64_t code = in.Varint();
    if (code / 2 >= feature_count) Corrupt("bad reason feature code");
    feature_codes[i] = static_cast<uint16_t>(code);
    // A row names a feature once at most: the words' room is sized so
    // (ReasonCodes::MaxTextBytes).
    for (uint64_t k = i - i % top; k < i; ++k)
      if (feature_codes[k] / 2 == code / 2) Corrupt("a row names a feature twice");
  }
  auto reasons = std::make_shared<ReasonCodes>(std::move(features), top, rows);
  if (gathered) reasons->GatherValues();
  std::vector<uint32_t> values_read(feature_count, 0);
  for (uint64_t i = 0; i < rows * top; ++i) {
    const uint64_t contribution = in.Varint();
    if (contribution > std::numeric_limits<uint32_t>::max()) Corrupt("bad reason contribution");
    const uint64_t row = i / top, k = i % top, feature = feature_codes[i];
    const Column& values = *reasons->features()[feature / 2].column;
    if (!(feature & 1)) {
      uint64_t at = row;
      if (gathered) {
        at = values_read[feature / 2]++;
        if (at >= values.size()) Corrupt("more reasons than values of a feature");
        reasons->SetValueRow(row, k, static_cast<uint32_t>(at));
      }
      if (values.IsNull(at)) Corrupt("a reason's value is NULL but not called missing");
    }
    reasons->Set(row, k, feature / 2, feature & 1, static_cast<uint32_t>(contribution));
  }
  for (uint64_t f = 0; gathered && f < feature_count; ++f)
    if (values_read[f] != reasons->features()[f].column->size())
      Corrupt("a feature's values that no reason reads");
  return reasons;
}

Decoded Decode(std::string_view blob) {
  Tag tag;
  std::string payload = Decompress(blob, tag);
  Reader in(payload);
  Decoded decoded = DecodePayload(in, payload.size(), tag);
  if (HoldsReasons(tag) && !decoded.reasons) Corrupt("bad reasons flags");
  if (!in.AtEnd()) Corrupt("trailing bytes");
  return decoded;
}

}  // namespace

std::string EncodeColumn(const Column& column) { return Encode(column, std::nullopt); }

Column DecodeColumn(std::string_view blob) {
  Decoded decoded = Decode(blob);
  if (decoded.shared_from)
    Corrupt("the column's dictionary is another column's (decode its table)");
  if (decoded.reasons) return decoded.reasons->Materialize(1);
  return std::move(decoded.column);
}

namespace {

// Per column, the earlier column whose dictionary it holds, if any: such a
// column (global_id shares the account ids' dictionary, a third of a run's
// payload) names that column instead of repeating the dictionary.
std::vector<std::optional<size_t>> SharedDictionaries(const Table& table) {
  std::vector<std::optional<size_t>> shared_from(table.column_count());
  for (size_t i = 0; i < table.column_count(); ++i)
    for (size_t j = 0; j < i && table.column(i).dictionary; ++j)
      if (table.column(j).dictionary == table.column(i).dictionary) {
        shared_from[i] = j;
        break;
      }
  return shared_from;
}

// What a blob is made of, hashed as stored (values in their narrow width:
// equal columns stored in different widths get different keys, which
// costs a second blob, never a wrong one).
void HashColumn(const Column& column, ContentHasher& hash) {
  hash.Update("acctseg column v2");  // v2: NULLs hashed as mask words
  hash.UpdateValue(static_cast<uint8_t>(column.type.id));
  hash.UpdateValue(static_cast<int32_t>(column.type.scale));
  hash.UpdateValue(static_cast<uint64_t>(column.size()));
  hash.UpdateValue(static_cast<uint8_t>(column.HasNulls()));
  if (column.HasNulls())
    hash.Update(column.nulls.words().data(), column.nulls.words().size_bytes());
  const bool strings = column.type.id == TypeId::kString;
  hash.UpdateValue(static_cast<uint8_t>(strings ? column.codes.width() : column.ints.width()));
  hash.Update(strings ? column.codes.StoredBytes() : column.ints.StoredBytes());
}

void HashDictionary(const Dictionary& dictionary, ContentHasher& hash) {
  hash.UpdateValue(static_cast<uint64_t>(dictionary.size()));
  for (uint32_t code = 0; code < dictionary.size(); ++code) {
    const std::string_view text = dictionary.Get(code);
    hash.UpdateValue(static_cast<uint64_t>(text.size()));
    hash.Update(text);
  }
}

// A reasons column kept as codes: its features (names, kinds, columns with
// their dictionaries) and its codes. Its blob differs from the blob of the
// same reasons as text, and so does its key.
void HashReasons(const ReasonCodes& reasons, ContentHasher& hash) {
  // v2: since ACC4. A key is a blob: a build that writes ACC3 must not
  // find its key on an ACC4 blob it cannot read.
  hash.Update("acctseg reasons as codes v2");
  hash.UpdateValue(static_cast<uint64_t>(reasons.rows()));
  hash.UpdateValue(static_cast<uint64_t>(reasons.top()));
  hash.UpdateValue(static_cast<uint64_t>(reasons.features().size()));
  for (const ReasonCodes::Feature& feature : reasons.features()) {
    hash.UpdateValue(static_cast<uint64_t>(feature.name.size()));
    hash.Update(feature.name);
    hash.UpdateValue(static_cast<uint8_t>(feature.categorical));
    HashColumn(*feature.column, hash);
    if (feature.column->dictionary) HashDictionary(*feature.column->dictionary, hash);
  }
  hash.Update(reasons.FeatureCodes().data(), reasons.FeatureCodes().size_bytes());
  hash.Update(reasons.ContributionCodes().data(), reasons.ContributionCodes().size_bytes());
}

}  // namespace

std::vector<std::string> EncodeTable(const Table& table, int threads) {
  return EncodeTable(table, threads, std::vector<bool>(table.column_count(), true));
}

std::vector<std::string> EncodeTable(const Table& table, int threads,
                                     const std::vector<bool>& wanted) {
  const std::vector<std::optional<size_t>> shared_from = SharedDictionaries(table);
  std::vector<std::string> blobs(table.column_count());
  ParallelFor(blobs.size(), threads, [&](size_t i) {
    if (wanted[i]) blobs[i] = Encode(table.column(i), shared_from[i]);
  });
  return blobs;
}

std::vector<std::string> ColumnContentKeys(const Table& table, int threads) {
  const std::vector<std::optional<size_t>> shared_from = SharedDictionaries(table);
  std::vector<std::string> keys(table.column_count());
  auto key_of = [&](size_t i) {
    ContentHasher hash;
    if (const ReasonCodes* reasons = table.column(i).reasons.get()) {
      HashReasons(*reasons, hash);
      return hash.Digest();
    }
    HashColumn(table.column(i), hash);
    if (shared_from[i]) {
      // The blob names the column by its place: that place and what is
      // there are part of its content.
      hash.Update("shared dictionary of column");
      hash.UpdateValue(static_cast<uint64_t>(*shared_from[i]));
      hash.Update(keys[*shared_from[i]]);
    } else if (const Dictionary* dictionary = table.column(i).dictionary.get()) {
      hash.Update("dictionary");
      HashDictionary(*dictionary, hash);
    }
    return hash.Digest();
  };
  ParallelFor(keys.size(), threads, [&](size_t i) {
    if (!shared_from[i]) keys[i] = key_of(i);
  });
  for (size_t i = 0; i < keys.size(); ++i)  // after the columns they name
    if (shared_from[i]) keys[i] = key_of(i);
  return keys;
}

Table DecodeTable(const std::vector<std::string>& names, const std::vector<std::string_view>& blobs,
                  size_t row_count_if_no_columns, int threads) {
  std::vector<Decoded> decoded(blobs.size());
  auto located = [&](size_t i, const Error& e) {
    return Error(ErrorKind::kStore, "column \"" + names[i] + "\": " + e.what());
  };
  ParallelFor(blobs.size(), threads, [&](size_t i) {
    try {
      decoded[i] = Decode(blobs[i]);
    } catch (const Error& e) {
      throw located(i, e);
    }
  });
  // Reasons kept as codes become their text, each on every thread.
  for (size_t i = 0; i < decoded.size(); ++i)
    if (decoded[i].reasons) decoded[i].column = decoded[i].reasons->Materialize(threads);
  // Shared dictionaries, in column order: an earlier column's is final by then.
  for (size_t i = 0; i < decoded.size(); ++i) {
    if (!decoded[i].shared_from) continue;
    try {
      const size_t from = *decoded[i].shared_from;
      if (from >= i || !decoded[from].column.dictionary)
        Corrupt("the dictionary it names is not an earlier column's");
      // The column that holds it (the encoder names that one; a chain is
      // followed all the same), whose codes the remap of duplicates covers.
      size_t owner = from;
      while (decoded[owner].shared_from) owner = *decoded[owner].shared_from;
      const std::vector<uint32_t>& remap = decoded[owner].remap;
      Column& column = decoded[i].column;
      column.dictionary = decoded[owner].column.dictionary;
      CheckCodes(column, remap.empty() ? column.dictionary->size() : remap.size(), remap);
      column.Narrow();
    } catch (const Error& e) {
      throw located(i, e);
    }
  }
  std::vector<std::shared_ptr<const Column>> columns(blobs.size());
  for (size_t i = 0; i < decoded.size(); ++i)
    columns[i] = std::make_shared<const Column>(std::move(decoded[i].column));
  size_t row_count = columns.empty() ? row_count_if_no_columns : columns.front()->size();
  // Checked here, not left to Table::Add: unequal lengths or a repeated
  // name in a store are corrupt data (kStore), not a bug in this program.
  Table table(row_count);
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->size() != row_count)
      throw Error(ErrorKind::kStore, "corrupt column data: column \"" + names[i] + "\" has " +
                                         std::to_string(columns[i]->size()) + " rows, column \"" +
                                         names[0] + "\" " + std::to_string(row_count));
    if (table.Find(names[i]))
      throw Error(ErrorKind::kStore, "corrupt column data: column \"" + names[i] + "\" twice");
    table.Add(names[i], std::move(columns[i]));
  }
  return table;
}

}  // namespace acctseg

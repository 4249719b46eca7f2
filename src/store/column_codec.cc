#include "store/column_codec.h"

#include <zstd.h>

#include <cstring>
#include <limits>
#include <memory>
#include <optional>

#include "common/error.h"
#include "common/parallel.h"
#include "store/content_hash.h"

namespace acctseg {
namespace {

constexpr char kTag[4] = {'A', 'C', 'C', '1'};
// A column whose dictionary is an earlier column's of the same table
// (kSharedDictionary): older builds, which cannot read it, refuse the tag.
constexpr char kSharedTag[4] = {'A', 'C', 'C', '2'};
// Level 1: the blobs are mostly varints already; higher levels cost 2-4x
// the time for a few percent (docs/run-store.md).
constexpr int kZstdLevel = 1;

enum Flags : uint8_t { kHasNulls = 1, kHasDictionary = 2, kSharedDictionary = 4 };
enum class IntEncoding : uint8_t { kZigzag = 1, kDeltaZigzag = 2 };

[[noreturn]] void Corrupt(const std::string& why) {
  throw Error(ErrorKind::kStore, "corrupt column data: " + why);
}

uint64_t Zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t Unzigzag(uint64_t u) { return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1); }

size_t VarintSize(uint64_t u) {
  size_t bytes = 1;
  while (u >= 0x80) u >>= 7, ++bytes;
  return bytes;
}

// The payload is written once into a buffer of its exact size, never grown
// or zero-filled first: growing a string a byte at a time and zeroing the
// compressor's output buffer cost more than zstd itself (perf, a 1M-row
// result: memset, memmove and fresh pages ~40% of the encode).
class PayloadWriter {
 public:
  explicit PayloadWriter(size_t size) : bytes_(new char[size]), size_(size), at_(bytes_.get()) {}
  void Byte(uint8_t b) { *at_++ = static_cast<char>(b); }
  void Varint(uint64_t u) {
    while (u >= 0x80) {
      *at_++ = static_cast<char>(u | 0x80);
      u >>= 7;
    }
    *at_++ = static_cast<char>(u);
  }
  void Bytes(const void* data, size_t n) {
    if (n == 0) return;  // an empty text's data() may be null: no memcpy of it
    std::memcpy(at_, data, n);
    at_ += n;
  }
  // The finished payload; written exactly as sized, or the encoder has a bug.
  std::string_view Done() const {
    if (static_cast<size_t>(at_ - bytes_.get()) != size_)
      throw Error(ErrorKind::kInternal, "column payload size miscounted");
    return {bytes_.get(), size_};
  }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_;
  char* at_;
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

// Values are read through `get(i)` so ints and codes share one encoder:
// zigzag varints of the values or of their differences, whichever is
// smaller; Sized counts the bytes, Write writes them.
template <typename Get>
class IntegerSection {
 public:
  IntegerSection(size_t rows, Get get) : rows_(rows), get_(get) {
    size_t plain_bytes = 0, delta_bytes = 0;
    int64_t previous = 0;
    for (size_t i = 0; i < rows; ++i) {
      int64_t v = get(i);
      plain_bytes += VarintSize(Zigzag(v));
      delta_bytes += VarintSize(Zigzag(Difference(v, previous)));
      previous = v;
    }
    delta_ = delta_bytes < plain_bytes;
    bytes_ = 1 + (delta_ ? delta_bytes : plain_bytes);
  }
  size_t bytes() const { return bytes_; }
  void Write(PayloadWriter& out) const {
    out.Byte(static_cast<uint8_t>(delta_ ? IntEncoding::kDeltaZigzag : IntEncoding::kZigzag));
    int64_t previous = 0;
    for (size_t i = 0; i < rows_; ++i) {
      int64_t v = get_(i);
      out.Varint(Zigzag(delta_ ? Difference(v, previous) : v));
      previous = v;
    }
  }

 private:
  // Differences wrap modulo 2^64 so any int64 sequence round-trips.
  static int64_t Difference(int64_t v, int64_t previous) {
    return static_cast<int64_t>(static_cast<uint64_t>(v) - static_cast<uint64_t>(previous));
  }
  size_t rows_;
  Get get_;
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

std::string Compress(std::string_view payload, const char (&tag)[4]) {
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kZstdLevel);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  // Into an uninitialized buffer of the worst case; the blob copies what
  // zstd wrote (a fraction of the bound).
  const size_t bound = ZSTD_compressBound(payload.size());
  std::unique_ptr<char[]> frame(new char[bound]);
  size_t size = ZSTD_compress2(cctx.get(), frame.get(), bound, payload.data(), payload.size());
  if (ZSTD_isError(size))
    throw Error(ErrorKind::kInternal,
                std::string("zstd compression failed: ") + ZSTD_getErrorName(size));
  std::string blob;
  blob.reserve(sizeof(tag) + size);
  blob.append(tag, sizeof(tag));
  blob.append(frame.get(), size);
  return blob;
}

// The payload, and whether the tag allows a shared dictionary.
std::string Decompress(std::string_view blob, bool& may_share) {
  if (blob.size() < sizeof(kTag)) Corrupt("not an acctseg column (bad tag)");
  may_share = std::memcmp(blob.data(), kSharedTag, sizeof(kSharedTag)) == 0;
  if (!may_share && std::memcmp(blob.data(), kTag, sizeof(kTag)) != 0)
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
void WriteNullFlags(const NullMask& nulls, PayloadWriter& payload) {
  uint8_t flags[4096];
  for (size_t begin = 0; begin < nulls.size(); begin += sizeof flags) {
    const size_t count = std::min(sizeof flags, nulls.size() - begin);
    nulls.CopyTo(begin, count, flags);
    payload.Bytes(flags, count);
  }
}

// The payload of `column` whose values (ints or string codes) are `values`:
// sized first, then written once. With `shared_from`, the dictionary is
// not written but named: that earlier column's of the same table.
template <typename Get>
std::string EncodeWith(const Column& column, const IntegerSection<Get>& values,
                       std::optional<size_t> shared_from) {
  const size_t rows = column.size();
  const Dictionary* dictionary = shared_from ? nullptr : column.dictionary.get();
  size_t size =
      3 + VarintSize(rows) + (column.HasNulls() ? column.nulls.size() : 0) + values.bytes();
  if (shared_from) size += VarintSize(*shared_from);
  if (dictionary) {
    size += VarintSize(dictionary->size());
    for (uint32_t code = 0; code < dictionary->size(); ++code) {
      const size_t length = dictionary->Get(code).size();
      size += VarintSize(length) + length;
    }
  }
  PayloadWriter payload(size);
  payload.Byte(static_cast<uint8_t>(column.type.id));
  payload.Byte(static_cast<uint8_t>(column.type.scale));
  payload.Byte((column.HasNulls() ? kHasNulls : 0) | (dictionary ? kHasDictionary : 0) |
               (shared_from ? kSharedDictionary : 0));
  payload.Varint(rows);
  if (column.HasNulls()) WriteNullFlags(column.nulls, payload);
  values.Write(payload);
  if (shared_from) payload.Varint(*shared_from);
  if (dictionary) {
    payload.Varint(dictionary->size());
    for (uint32_t code = 0; code < dictionary->size(); ++code)
      payload.Varint(dictionary->Get(code).size());
    for (uint32_t code = 0; code < dictionary->size(); ++code) {
      const std::string_view text = dictionary->Get(code);
      payload.Bytes(text.data(), text.size());
    }
  }
  return Compress(payload.Done(), shared_from ? kSharedTag : kTag);
}

std::string Encode(const Column& column, std::optional<size_t> shared_from) {
  const size_t rows = column.size();
  if (column.type.id == TypeId::kString)
    return EncodeWith(
        column,
        IntegerSection(rows, [&](size_t i) { return static_cast<int64_t>(column.codes[i]); }),
        shared_from);
  return EncodeWith(column, IntegerSection(rows, [&](size_t i) { return column.ints[i]; }),
                    shared_from);
}

// A decoded blob: the column, and where its dictionary is another
// column's, which one (the codes are then not yet checked against it).
struct Decoded {
  Column column;
  std::optional<uint64_t> shared_from;
  std::vector<uint32_t> remap;  // of its own dictionary's codes, if any moved
};

// Codes of `column` checked against `entries` and remapped by `remap`.
void CheckCodes(Column& column, size_t entries, const std::vector<uint32_t>& remap) {
  uint32_t* codes = column.codes.Wide();
  for (size_t i = 0; i < column.codes.size(); ++i) {
    if (codes[i] >= entries) Corrupt("string code outside the dictionary");
    if (!remap.empty()) codes[i] = remap[codes[i]];
  }
}

Decoded Decode(std::string_view blob) {
  bool may_share = false;
  std::string payload = Decompress(blob, may_share);
  Reader in(payload);
  Decoded decoded;
  Column& column = decoded.column;
  uint8_t type_id = in.Byte();
  if (type_id > static_cast<uint8_t>(TypeId::kTimestamp)) Corrupt("unknown type");
  column.type.id = static_cast<TypeId>(type_id);
  column.type.scale = in.Byte();
  uint8_t flags = in.Byte();
  if ((flags & kSharedDictionary) &&
      (!may_share || (flags & kHasDictionary) || column.type.id != TypeId::kString))
    Corrupt("bad dictionary flags");
  uint64_t rows = in.Varint();
  if (rows > payload.size()) Corrupt("row count larger than the data");  // >= 1 byte a row
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
    if (entries > payload.size()) Corrupt("dictionary size larger than the data");
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
  if (!in.AtEnd()) Corrupt("trailing bytes");
  if (!decoded.shared_from) column.Narrow();
  return decoded;
}

}  // namespace

std::string EncodeColumn(const Column& column) { return Encode(column, std::nullopt); }

Column DecodeColumn(std::string_view blob) {
  Decoded decoded = Decode(blob);
  if (decoded.shared_from)
    Corrupt("the column's dictionary is another column's (decode its table)");
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

// Fuzzes the run store's column decoder, the reader of stored (possibly
// corrupt) blobs (docs/testing.md). The first byte picks what the rest is:
//   0: a stored blob, as it would come from the database;
//   1: the blob's payload, which the harness compresses and tags, so the
//      fuzzer gets past zstd's checksum to the column format itself;
//   2: the same, tagged as a reasons column kept as codes with its
//      features' whole columns (ACC3, as earlier builds wrote it);
//   3: the same with only the values its reasons read (ACC4).
// Whatever decodes must encode and decode again to the same column.
#include <zstd.h>

#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "store/column_codec.h"

namespace acctseg {
namespace {

std::string Blob(std::string_view payload, const char* tag) {
  std::string blob(4 + ZSTD_compressBound(payload.size()), '\0');
  blob.replace(0, 4, tag);
  size_t size = ZSTD_compress(blob.data() + 4, blob.size() - 4, payload.data(), payload.size(), 1);
  if (ZSTD_isError(size)) std::abort();
  blob.resize(4 + size);
  return blob;
}

void CheckSame(const Column& a, const Column& b) {
  bool same = a.type.id == b.type.id && a.type.scale == b.type.scale && a.nulls == b.nulls &&
              a.ints == b.ints && a.codes == b.codes &&
              (a.dictionary == nullptr) == (b.dictionary == nullptr);
  if (same && a.dictionary) {
    same = a.dictionary->size() == b.dictionary->size();
    for (uint32_t code = 0; same && code < a.dictionary->size(); ++code)
      same = a.dictionary->Get(code) == b.dictionary->Get(code);
  }
  if (!same) {
    std::fprintf(stderr, "a decoded column does not survive encode + decode\n");
    std::abort();
  }
}

void Run(const uint8_t* data, size_t size) {
  if (size < 1) return;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  // Seeds: seeds/column_codec/reasons_as_codes (2), gathered_reasons (3).
  const char* tags[] = {nullptr, "ACC1", "ACC3", "ACC4"};
  const char* tag = tags[data[0] % 4];
  std::string blob = tag == nullptr ? std::string(rest) : Blob(rest, tag);
  fuzz::ExpectOnlyUserErrors([&] {
    Column column = DecodeColumn(blob);
    CheckSame(column, DecodeColumn(EncodeColumn(column)));
    // The table decoder checks the columns against each other.
    Table table = DecodeTable({"a", "b"}, {blob, blob}, 0, 1);
    (void)table;
  });
}

}  // namespace
}  // namespace acctseg

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  acctseg::Run(data, size);
  return 0;
}

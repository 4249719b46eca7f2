// Fuzzes the CSV reader with every option it has (docs/testing.md). The
// first bytes of the input choose the options: the requested columns (name,
// type, trim, empty_is_null, not_null, invalid_issue, required), whether
// other columns are kept, the thread count and the chunk size; the rest is
// the file (fuzz_read_options.h); bit 64 of the first byte makes it TSV and
// bit 128 declares it Mac Roman (converted before parsing). Any file must
// read or fail with a located input error.
#include "fuzz/fuzz_read_options.h"
#include "fuzz/fuzz_util.h"
#include "io/csv_reader.h"
#include "io/csv_reader_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace acctseg;
  CsvReadOptions options;
  if (!fuzz::DecodeReadInput(data, size, fuzz::ScratchPath(".csv"), &options)) return 0;
  csv_internal::SetChunkBytesForTesting((data[0] & 32) ? 7 : 0);
  options.delimiter = (data[0] & 64) ? '\t' : ',';
  if (data[0] & 128) options.encoding = TextEncoding::kMacRoman;
  fuzz::ExpectOnlyUserErrors([&] { ReadCsv(options); });
  return 0;
}

// Fuzzes the JSON Lines reader with every option it has (docs/testing.md),
// chosen by the input's first bytes as for fuzz_csv (fuzz_read_options.h);
// the rest is the file. Any file must read or fail with a located input
// error; deep nesting must fail, not overflow the stack.
#include "fuzz/fuzz_read_options.h"
#include "fuzz/fuzz_util.h"
#include "io/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace acctseg;
  CsvReadOptions options;
  if (!fuzz::DecodeReadInput(data, size, fuzz::ScratchPath(".jsonl"), &options)) return 0;
  fuzz::ExpectOnlyUserErrors([&] { ReadJsonLines(options); });
  return 0;
}

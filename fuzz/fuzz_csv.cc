// Fuzzes the CSV reader with every option it has (docs/testing.md). The
// first bytes of the input choose the options: the requested columns (name,
// type, trim, empty_is_null, not_null, invalid_issue, required), whether
// other columns are kept, the thread count and the chunk size; the rest is
// the file. Any file must read or fail with a located input error.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "fuzz/fuzz_util.h"
#include "io/csv_reader.h"
#include "io/csv_reader_internal.h"

namespace acctseg {
namespace {

// The harness's own file: one per process, rewritten for every input.
const std::string& ScratchPath() {
  static const std::string path =
      (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string("/tmp")) +
      "/acctseg_fuzz_csv_" + std::to_string(getpid()) + ".csv";
  return path;
}
struct RemoveScratchAtExit {
  ~RemoveScratchAtExit() { std::remove(ScratchPath().c_str()); }
} remove_scratch_at_exit;

DataType TypeOf(uint8_t byte) {
  switch (byte % 5) {
    case 0:
      return DataType::String();
    case 1:
      return DataType::Int64();
    case 2:
      return DataType::Decimal(byte / 5 % 4);
    case 3:
      return DataType::Bool();
    default:
      return DataType::String();
  }
}

void Run(const uint8_t* data, size_t size) {
  if (size < 4) return;
  // Byte 0: how many columns are requested (0-3) and the reader's knobs.
  uint8_t knobs = data[0];
  CsvReadOptions options;
  options.path = ScratchPath();
  options.keep_other_columns = knobs & 4;
  options.trim_other_columns = knobs & 8;
  options.threads = (knobs & 16) ? 2 : 1;
  csv_internal::SetChunkBytesForTesting((knobs & 32) ? 7 : 0);
  static const char* kNames[] = {"id", "name", "amount", "flag"};
  size_t requested = knobs & 3;
  size_t used = 1;
  for (size_t i = 0; i < requested && used + 1 < size; ++i, used += 2) {
    uint8_t type = data[used], flags = data[used + 1];
    CsvColumnRequest column;
    column.name = kNames[(flags >> 5) & 3];
    column.type = TypeOf(type);
    column.required = flags & 1;
    column.trim = flags & 2;
    column.empty_is_null = flags & 4;
    column.not_null = flags & 8;
    column.invalid_issue_bit = (flags & 16) ? type % 64 : -1;
    options.columns.push_back(column);
  }
  {
    std::ofstream out(options.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + used),
              static_cast<std::streamsize>(size - used));
  }
  fuzz::ExpectOnlyUserErrors([&] { ReadCsv(options); });
}

}  // namespace
}  // namespace acctseg

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  acctseg::Run(data, size);
  return 0;
}

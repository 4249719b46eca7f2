// Fuzzes the CSV reader with every option it has (docs/testing.md). The
// first bytes of the input choose the options: the requested columns (name,
// type, trim, empty_is_null, not_null, invalid_issue, required), whether
// other columns are kept, the thread count and the chunk size; the rest is
// the file (fuzz_read_options.h); bit 64 of the first byte makes it TSV and
// bit 128 declares it Mac Roman (converted before parsing). Any file must
// read or fail with a located input error.
//
// Differential: when bit 32 cuts the file into 7-byte chunks (many chunks,
// each counted and parsed on its own), the same file is read again as
// chunks of the default 4 MiB (one chunk here) and must give the same
// table and row lines, or the same error: the row-count pass and the
// parser must agree at every chunk boundary.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_read_options.h"
#include "fuzz/fuzz_util.h"
#include "io/csv_reader.h"
#include "io/csv_reader_internal.h"

namespace {

// A read as text: every column's values (NULL marked) and every row's
// line, or the error message.
std::string Outcome(const acctseg::CsvReadOptions& options) {
  using namespace acctseg;
  std::string out;
  fuzz::ExpectOnlyUserErrors([&] {
    try {
      CsvReadResult read = ReadCsv(options);
      for (size_t c = 0; c < read.table.column_count(); ++c) {
        const Column& column = read.table.column(c);
        out += read.table.name(c) + ":";
        for (size_t row = 0; row < column.size(); ++row) {
          if (column.IsNull(row))
            out += "\x01";
          else if (column.type.id == TypeId::kString)
            out += std::string(column.StringAt(row));
          else
            out += std::to_string(column.ints[row]);
          out += '\x02';
        }
      }
      for (uint64_t line : read.row_lines.All()) out += std::to_string(line) + ",";
      for (uint64_t bits : read.row_issues) out += std::to_string(bits) + ";";
    } catch (const Error& e) {
      out = std::string("error: ") + e.what();
      throw;
    }
  });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace acctseg;
  CsvReadOptions options;
  if (!fuzz::DecodeReadInput(data, size, fuzz::ScratchPath(".csv"), &options)) return 0;
  // Every bit of the first byte is taken: the other delimiters and the
  // decimal comma are chosen by the input's size where bit 6 asks for one.
  if (data[0] & 64) {
    options.format.delimiter = "\t;|"[size % 3];
    if (size % 2) options.format.decimal_mark = ',';
  }
  if (data[0] & 128) options.format.encoding = TextEncoding::kMacRoman;
  const bool small_chunks = (data[0] & 32) != 0;
  csv_internal::SetChunkBytesForTesting(small_chunks ? 7 : 0);
  std::string chunked = Outcome(options);
  if (small_chunks) {
    csv_internal::SetChunkBytesForTesting(0);
    std::string whole = Outcome(options);
    if (chunked != whole) {
      std::fprintf(stderr, "7-byte chunks and one chunk disagree:\n%s\n---\n%s\n", chunked.c_str(),
                   whole.c_str());
      std::abort();
    }
  }
  return 0;
}

// Writes a table as CSV (RFC 4180, LF line ends, quoting only
// where a value needs it) or JSON Lines (one object per row, keys in column
// order; integers and decimals as JSON numbers written exactly, strings as
// JSON strings, NULL as null). Rows are formatted in parallel chunks and
// written in row order.
//
// With WriteOptions::escape_formulas, a CSV text cell (and header name) that
// a spreadsheet would run as a formula gets a leading ' (common/csv_field.h);
// numbers, booleans and NULLs are never changed. JSON Lines ignores it: a
// JSON string is always quoted and typed, and spreadsheets do not open
// JSON Lines as cells, so there is nothing to guard.
//
// Atomic: the output goes to a temporary file beside `path` that is renamed
// over `path` only when complete; on any failure the temporary file is
// removed and `path` is untouched. path "-" writes to standard output.
// Errors: acctseg::Error kind kIo naming the path.
#pragma once

#include <atomic>
#include <string>

#include "io/atomic_file.h"
#include "io/output_format.h"
#include "table/table.h"

namespace acctseg {

struct WriteOptions {
  // For a CSV meant for a spreadsheet; off by default, since the guard
  // changes the text that scripts read.
  bool escape_formulas = false;
  // CSV only: what separates fields (',', ';', '|' or a tab; a field that
  // holds it is quoted) and a decimal's fraction ('.' or ','): a
  // spreadsheet whose language writes 1234,50 opens ';' and ',' as cells
  // and numbers. Text, reasons included, is written as it is.
  char delimiter = ',';
  char decimal_mark = '.';
};

void WriteTable(const std::string& path, OutputFormat format, const Table& table, int threads,
                const WriteOptions& options = {});

// The same into `file`, which the caller commits (a job records the run
// first). Stops with Error(kInterrupted) if `cancelled` is set meanwhile;
// the caller's AtomicFile then removes what was written.
void WriteTableTo(AtomicFile& file, OutputFormat format, const Table& table, int threads,
                  const std::atomic<bool>* cancelled, const WriteOptions& options = {});

}  // namespace acctseg

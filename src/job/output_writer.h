// A job's output file written on a thread of its own, while the job records
// the run: both need only the finished columns, and on a machine with few
// cores the wall time of one hides behind the other — the recording's
// serial parts (the summary, the SQLite transaction, its fsync) and the
// write's file I/O (bench/README.md, "What-if and the cost of recording").
//
// The file is written and flushed to disk (AtomicFile::Sync) on the thread;
// Finish waits for that and rethrows what it threw. RunJob calls Finish
// inside the run's transaction, just before the commit (RunStore::Save's
// before_commit), so a run is recorded only with its output complete and
// on disk, and a failed or interrupted write rolls the record back.
// Destroying an unfinished writer waits for the thread (the write stops
// early only if `cancelled` is set); its error, if any, is dropped, as the
// job is already failing for another reason.
#pragma once

#include <atomic>
#include <exception>
#include <thread>

#include "io/atomic_file.h"
#include "io/output_format.h"
#include "io/table_writer.h"
#include "table/table.h"

namespace acctseg {

class OutputWriter {
 public:
  // Starts writing `table` (which must outlive the writer) to `file`.
  OutputWriter(AtomicFile& file, OutputFormat format, const Table& table, int threads,
               const std::atomic<bool>* cancelled, const WriteOptions& options);
  ~OutputWriter();
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  // Waits until the file is written and synced; throws the write's error
  // (Error kIo, kInterrupted). May be called again: it throws the same.
  void Finish();
  // How long the write took on its thread (valid after Finish).
  double seconds() const { return seconds_; }

 private:
  void Join();

  std::thread thread_;
  std::exception_ptr error_;
  double seconds_ = 0;
};

}  // namespace acctseg

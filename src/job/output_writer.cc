#include "job/output_writer.h"

#include "common/error.h"
#include "common/signal_points.h"
#include "common/stopwatch.h"

namespace acctseg {

OutputWriter::OutputWriter(AtomicFile& file, OutputFormat format, const Table& table, int threads,
                           const std::atomic<bool>* cancelled, const WriteOptions& options) {
  thread_ = std::thread([this, &file, format, &table, threads, cancelled, options] {
    Stopwatch clock;
    try {
      WriteTableTo(file, format, table, threads, cancelled, options);
      file.Sync();
      SignalPoint("written");
      ThrowIfCancelled(cancelled);
    } catch (...) {
      error_ = std::current_exception();
    }
    seconds_ = clock.Lap();
  });
}

OutputWriter::~OutputWriter() { Join(); }

void OutputWriter::Join() {
  if (thread_.joinable()) thread_.join();
}

void OutputWriter::Finish() {
  Join();
  if (error_) std::rethrow_exception(error_);
}

}  // namespace acctseg

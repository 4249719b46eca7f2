// Feedback while a command runs: a progress bar with rate and ETA on
// standard error when it is a terminal (never when quiet or redirected),
// and Ctrl-C / SIGTERM turned into a flag the run checks between stages,
// so an interrupted run stops cleanly: no half-written output, no
// half-recorded run.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "common/stopwatch.h"

namespace acctseg::cli {

// Installs SIGINT and SIGTERM handlers that set the returned flag, which
// jobs check between stages (job/run_job.h says what an interrupt leaves).
const std::atomic<bool>* InstallInterruptFlag();

class ProgressBar {
 public:
  explicit ProgressBar(bool quiet);
  ~ProgressBar();
  // Stages done of all, and rows being processed (for the rate).
  void Update(size_t done, size_t total, size_t rows, const std::string& stage);
  void Clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace acctseg::cli

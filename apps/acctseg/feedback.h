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
// For commands that do not check such a flag (plan, learn): SIGINT and
// SIGTERM end the process at once with exit 130 and a message, as cli.md
// promises, rather than by the signal (143 for SIGTERM, and no word). Their
// outputs are written to temporary files and renamed into place at the
// end, so an interrupt leaves no half-written output; an abandoned
// temporary is removed by the next write of that output.
void InstallInterruptExit();

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

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "common/counted.h"
#include "feedback.h"
#include "job/run_job.h"

namespace acctseg::cli {
namespace {

// The process's peak: with --profile the stages' peaks were measured, which
// resets the kernel's mark (TakePeakRssBytes), so the largest of them counts.
double PeakRssMegabytes(const RunJobResult& job) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double peak = usage.ru_maxrss / 1024.0;
  for (const StageTiming& t : job.timings) peak = std::max(peak, t.peak_rss_bytes / 1048576.0);
  return peak;
}

void PrintProfile(const RunJobResult& job) {
  std::fprintf(stderr, "%-60s %10s %10s %10s\n", "stage", "seconds", "RSS MB", "peak MB");
  for (const StageTiming& t : job.timings) {
    // A long name (a fused group's steps) on a line of its own, whole.
    if (t.stage.size() > 60) std::fprintf(stderr, "%s\n", t.stage.c_str());
    std::fprintf(stderr, "%-60.60s %10.4f %10.1f %10.1f\n",
                 t.stage.size() > 60 ? "" : t.stage.c_str(), t.seconds, t.rss_bytes / 1048576.0,
                 t.peak_rss_bytes / 1048576.0);
  }
  std::fprintf(stderr, "%-60s %10.4f\n", "total", job.seconds);
  std::fprintf(stderr, "peak RSS %.1f MB, %d threads\n", PeakRssMegabytes(job), job.threads);
}

}  // namespace

int RunCommand(const RunCommandOptions& options) {
  RunJobOptions job_options = options.job;
  job_options.record = !options.no_store;
  job_options.profile = options.profile;
  job_options.cancelled = InstallInterruptFlag();
  ProgressBar progress(options.quiet);
  job_options.progress = [&](size_t done, size_t total, size_t rows, const std::string& stage) {
    progress.Update(done, total, rows, stage);
  };
  // Even with --quiet: a run that waits minutes for another's save says why.
  job_options.on_store_wait = [&](const std::string& message) {
    progress.Clear();
    std::fprintf(stderr, "acctseg: %s\n", message.c_str());
  };
  RunJobResult job = RunJob(job_options);
  progress.Clear();

  if (options.profile) PrintProfile(job);
  const size_t rows = job.execution->result.outputs.row_count();
  // Even with --quiet: rows left out of the answer are never silent.
  for (const std::string& note : job.execution->result.notes)
    std::fprintf(stderr, "acctseg: warning: %s\n", note.c_str());
  if (job.late_interrupt)
    std::fprintf(stderr,
                 "acctseg: note: interrupted after the run was committed; the output and the "
                 "record were completed\n");
  if (!options.quiet) {
    std::string where =
        options.job.output_path == "-" ? "standard output" : options.job.output_path;
    std::string recorded =
        job.run_id.empty() ? "" : fmt::format(", run {} in {}", job.run_id, job.store_location);
    std::fprintf(
        stderr, "%s\n",
        fmt::format("acctseg: {} in {:.2f} s ({:.0f} accounts/s) -> {}{}", Counted(rows, "account"),
                    job.seconds, job.seconds > 0 ? rows / job.seconds : 0.0, where, recorded)
            .c_str());
  }
  return 0;
}

}  // namespace acctseg::cli

// diff and whatif: the commands that compare two runs or two policies.
#include <fmt/format.h>

#include <cstdio>
#include <sstream>

#include "commands.h"
#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "job/compare_jobs.h"

namespace acctseg::cli {
namespace {

// Writes `text` to `path` atomically, or to standard output for "-".
void Emit(const std::string& path, const std::string& text) {
  AtomicFile file(path);
  file.Write(text);
  file.Commit();
}

std::string Render(const DiffReport& report, const std::string& format_name) {
  auto format = ParseDiffFormat(format_name);
  if (!format)
    throw Error(ErrorKind::kUsage,
                "--format " + format_name + ": expected text, csv, json or html");
  std::ostringstream out;
  RenderDiff(report, *format, out);
  return out.str();
}

}  // namespace

int DiffCommand(const DiffCommandOptions& options) {
  DiffRunsJobOptions job_options = options.job;
  job_options.output = options.output;
  DiffRunsJobResult job = DiffRunsJob(job_options);
  if (!job.note.empty()) std::fprintf(stderr, "acctseg: note: %s\n", job.note.c_str());
  Emit(options.output, Render(job.report, options.format));
  if (!options.quiet && options.output != "-")
    std::fprintf(stderr, "acctseg: %llu of %llu accounts moved -> %s\n",
                 static_cast<unsigned long long>(job.report.changed),
                 static_cast<unsigned long long>(job.report.rows_before - job.report.only_before),
                 options.output.c_str());
  return 0;
}

int WhatifCommand(const WhatifCommandOptions& options) {
  if (options.policies.size() != 2)
    throw Error(ErrorKind::kUsage,
                "whatif takes two --policy options: the current policy, then the new one");
  auto start = std::chrono::steady_clock::now();
  WhatifJobOptions job_options = options.job;
  job_options.policy_before = options.policies[0];
  job_options.policy_after = options.policies[1];
  job_options.cancelled = InstallInterruptFlag();
  job_options.output = options.output;
  WhatifJobResult job = WhatifJob(job_options);
  Emit(options.output, Render(job.report, options.format));
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: whatif over %s in %.2f s: %llu moved -> %s\n",
                 Counted(job.row_count, "account").c_str(), SecondsSince(start),
                 static_cast<unsigned long long>(job.report.changed),
                 options.output == "-" ? "standard output" : options.output.c_str());
  return 0;
}

}  // namespace acctseg::cli

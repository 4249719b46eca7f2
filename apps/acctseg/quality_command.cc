#include <chrono>
#include <cstdio>
#include <sstream>

#include "commands.h"
#include "common/counted.h"
#include "feedback.h"
#include "io/atomic_file.h"

namespace acctseg::cli {

int QualityCommand(const QualityCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  QualityJobOptions job = options.job;
  // Even with --quiet: a report that works less than documented says so.
  job.note = [](const std::string& note) {
    std::fprintf(stderr, "acctseg: note: %s\n", note.c_str());
  };
  QualityReport report = QualityJob(job);
  std::ostringstream text;
  if (options.format == "json")
    RenderQualityJson(report, text);
  else if (options.format == "html")
    RenderQualityHtml(report, text);
  else
    RenderQualityText(report, text);
  AtomicFile file(options.job.output.empty() ? "-" : options.job.output);
  file.Write(text.str());
  file.Commit();
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: quality of %s in %.2f s -> %s\n",
                 Counted(report.inputs.size(), "input").c_str(), SecondsSince(start),
                 file.path() == "-" ? "standard output" : file.path().c_str());
  return 0;
}

}  // namespace acctseg::cli

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common/error.h"
#include "common/parallel.h"
#include "feedback.h"
#include "history/capture.h"
#include "io/table_writer.h"
#include "store/run_store.h"

namespace acctseg::cli {

// NAME=PATH pairs; a bare PATH is the policy's only input.
std::string InputPath(const std::vector<std::string>& inputs, const std::string& wanted) {
  std::string found;
  for (const std::string& input : inputs) {
    size_t eq = input.find('=');
    std::string name = eq == std::string::npos ? wanted : input.substr(0, eq);
    std::string path = eq == std::string::npos ? input : input.substr(eq + 1);
    if (name != wanted)
      throw Error(ErrorKind::kUsage, "--input " + input + ": the policy has no input named \"" +
                                         name + "\" (its input is \"" + wanted + "\")");
    found = path;
  }
  if (found.empty()) throw Error(ErrorKind::kUsage, "missing --input " + wanted + "=PATH");
  return found;
}

namespace {

OutputFormat FormatFor(const std::string& format, const std::string& output) {
  if (format == "csv") return OutputFormat::kCsv;
  if (format == "jsonl" || format == "json") return OutputFormat::kJsonLines;
  if (!format.empty())
    throw Error(ErrorKind::kUsage, "--format " + format + ": expected csv or jsonl");
  auto ends_with = [&](const char* suffix) {
    std::string s = suffix;
    return output.size() >= s.size() && output.compare(output.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".jsonl") || ends_with(".ndjson") ? OutputFormat::kJsonLines
                                                     : OutputFormat::kCsv;
}

double PeakRssMegabytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace

int RunCommand(const RunCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  int64_t started_at_ms = NowMs();
  const std::atomic<bool>* cancelled = InstallInterruptFlag();
  std::unique_ptr<Plan> plan = Plan::CompileFile(options.policy);
  double compile_seconds = SecondsSince(start);
  size_t compile_rss = CurrentRssBytes();
  std::string input = InputPath(options.inputs, plan->input_name());
  OutputFormat format = FormatFor(options.format, options.output);
  // Open the store first: a store that is down or too new fails the run
  // before any work, not after.
  std::unique_ptr<RunStore> store;
  if (!options.no_store)
    store = RunStore::Open(options.store.empty() ? RunStore::DefaultLocation() : options.store);

  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  run_options.keep_columns = options.keep_columns;
  run_options.full_trace = options.trace;
  run_options.cancelled = cancelled;
  ProgressBar progress(options.quiet);
  run_options.progress = [&](size_t done, size_t total) {
    progress.Update(done, total + 2, 0, plan->steps()[done - 1]->label);
  };
  std::unique_ptr<Execution> execution = plan->Execute(input, run_options);
  const RunResult& result = execution->result;
  ThrowIfInterrupted();

  progress.Update(plan->steps().size() + 1, plan->steps().size() + 2, result.outputs.row_count(),
                  "writing " + options.output);
  auto write_start = std::chrono::steady_clock::now();
  WriteTable(options.output, format, result.outputs, run_options.threads);
  double write_seconds = SecondsSince(write_start);

  std::string run_id;
  double store_seconds = 0;
  if (store) {
    ThrowIfInterrupted();
    progress.Update(plan->steps().size() + 2, plan->steps().size() + 2, result.outputs.row_count(),
                    "recording the run");
    auto store_start = std::chrono::steady_clock::now();
    CaptureOptions capture;
    capture.policy_path = options.policy;
    capture.input_name = plan->input_name();
    capture.input_path = input;
    capture.started_at_ms = started_at_ms;
    capture.trace = options.trace;
    capture.options = {{"threads", run_options.threads},
                       {"keep_columns", options.keep_columns},
                       {"trace", options.trace},
                       {"output", options.output},
                       {"format", format == OutputFormat::kCsv ? "csv" : "jsonl"}};
    RunRecord record = CaptureRecord(*execution, capture);
    store->Save(record, CaptureResults(*execution, options.trace));
    run_id = record.id;
    store_seconds = SecondsSince(store_start);
  }
  progress.Clear();
  double total = SecondsSince(start);

  if (options.profile) {
    // Time of each stage, and resident memory when it ended.
    auto row = [](const std::string& stage, double seconds, size_t rss) {
      std::fprintf(stderr, "%-60.60s %10.4f %10.1f\n", stage.c_str(), seconds, rss / 1048576.0);
    };
    std::fprintf(stderr, "%-60s %10s %10s\n", "stage", "seconds", "RSS MB");
    row("compile policy", compile_seconds, compile_rss);
    for (const StageTiming& t : result.timings) row(t.stage, t.seconds, t.rss_bytes);
    row("write", write_seconds, CurrentRssBytes());
    if (store) row("record run", store_seconds, CurrentRssBytes());
    std::fprintf(stderr, "%-60s %10.4f\n", "total", total);
    std::fprintf(stderr, "peak RSS %.1f MB, %d threads\n", PeakRssMegabytes(), run_options.threads);
  }
  if (!options.quiet) {
    std::string where = options.output == "-" ? "standard output" : options.output;
    std::string recorded = store ? fmt::format(", run {} in {}", run_id, store->location()) : "";
    std::fprintf(stderr, "%s\n",
                 fmt::format("acctseg: {} accounts in {:.2f} s ({:.0f} accounts/s) -> {}{}",
                             result.outputs.row_count(), total,
                             total > 0 ? result.outputs.row_count() / total : 0.0, where, recorded)
                     .c_str());
  }
  return 0;
}

}  // namespace acctseg::cli

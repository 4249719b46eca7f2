#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common/error.h"
#include "common/parallel.h"
#include "plan/plan.h"

namespace acctseg::cli {
// NAME=PATH pairs; a bare PATH is the policy's only input.
std::string InputPath(const std::vector<std::string>& inputs, const std::string& wanted) {
  std::string found;
  for (const std::string& input : inputs) {
    size_t eq = input.find('=');
    std::string name = eq == std::string::npos ? wanted : input.substr(0, eq);
    std::string path = eq == std::string::npos ? input : input.substr(eq + 1);
    if (name != wanted)
      throw Error(ErrorKind::kUsage, "--input " + input + ": the policy has no input named \"" + name +
                                         "\" (its input is \"" + wanted + "\")");
    found = path;
  }
  if (found.empty()) throw Error(ErrorKind::kUsage, "missing --input " + wanted + "=PATH");
  return found;
}

namespace {

OutputFormat FormatFor(const std::string& format, const std::string& output) {
  if (format == "csv") return OutputFormat::kCsv;
  if (format == "jsonl" || format == "json") return OutputFormat::kJsonLines;
  if (!format.empty()) throw Error(ErrorKind::kUsage, "--format " + format + ": expected csv or jsonl");
  auto ends_with = [&](const char* suffix) {
    std::string s = suffix;
    return output.size() >= s.size() && output.compare(output.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".jsonl") || ends_with(".ndjson") ? OutputFormat::kJsonLines : OutputFormat::kCsv;
}

double PeakRssMegabytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace

int RunCommand(const RunCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Plan> plan = Plan::CompileFile(options.policy);
  double compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string input = InputPath(options.inputs, plan->input_name());
  OutputFormat format = FormatFor(options.format, options.output);
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  run_options.keep_columns = options.keep_columns;
  RunResult result = plan->Run(input, run_options);

  auto write_start = std::chrono::steady_clock::now();
  WriteTable(options.output, format, result.OutputColumns(), result.row_count, run_options.threads);
  double write_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (options.profile) {
    std::fprintf(stderr, "%-28s %10s\n", "stage", "seconds");
    std::fprintf(stderr, "%-28s %10.4f\n", "compile policy", compile_seconds);
    for (const StageTiming& t : result.timings) std::fprintf(stderr, "%-28s %10.4f\n", t.stage.c_str(), t.seconds);
    std::fprintf(stderr, "%-28s %10.4f\n", "write", write_seconds);
    std::fprintf(stderr, "%-28s %10.4f\n", "total", total);
    std::fprintf(stderr, "peak RSS %.1f MB, %d threads\n", PeakRssMegabytes(), run_options.threads);
  }
  if (!options.quiet) {
    std::string where = options.output == "-" ? "standard output" : options.output;
    std::fprintf(stderr, "%s\n",
                 fmt::format("acctseg: {} accounts in {:.2f} s ({:.0f} accounts/s) -> {}", result.row_count, total,
                             total > 0 ? result.row_count / total : 0.0, where)
                     .c_str());
  }
  return 0;
}

int CheckCommand(const CheckCommandOptions& options) {
  std::unique_ptr<Plan> plan = Plan::CompileFile(options.policy);
  if (!options.quiet) {
    std::string columns;
    for (const auto& c : plan->input_columns()) columns += (columns.empty() ? "" : ", ") + c.name;
    std::string outputs;
    for (const auto& c : plan->output_names()) outputs += (outputs.empty() ? "" : ", ") + c;
    std::printf("%s: OK\n  input \"%s\" reads: %s\n  steps: %zu\n  output: %s\n", options.policy.c_str(),
                plan->input_name().c_str(), columns.c_str(), plan->step_count(), outputs.c_str());
  }
  return 0;
}

}  // namespace acctseg::cli

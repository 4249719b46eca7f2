// runs list, runs show, diff, whatif: the commands that read run history or
// compare two runs or policies.
#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "commands.h"
#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "job/compare_jobs.h"
#include "store/run_store.h"

namespace acctseg::cli {
namespace {

std::unique_ptr<RunStore> OpenStore(const std::string& location) {
  return RunStore::OpenExisting(location.empty() ? RunStore::DefaultLocation() : location);
}

std::string Time(int64_t ms) {
  std::time_t seconds = ms / 1000;
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

std::string Base(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

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

int RunsListCommand(const RunsOptions& options) {
  auto store = OpenStore(options.store);
  // One more than asked for says whether the list is cut: it was, silently.
  std::vector<RunRecord> runs = store->List(options.limit == 0 ? 0 : options.limit + 1);
  const bool cut = options.limit > 0 && runs.size() > options.limit;
  if (cut) runs.resize(options.limit);
  if (runs.empty()) {
    std::printf("no runs in %s\n", store->location().c_str());
    return 0;
  }
  std::printf("%-24s %-19s %-10s %10s %8s  %-24s %s\n", "run", "started (UTC)", "user", "accounts",
              "seconds", "policy", "input");
  // Two policy.yaml of different folders are told apart by their folders.
  std::vector<std::string> policies;
  for (const RunRecord& r : runs) policies.push_back(r.policy_path);
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRecord& r = runs[i];
    std::string input = r.inputs.empty() ? "" : Base(r.inputs[0].path);
    if (!r.damaged.empty()) input = "(damaged record: " + r.damaged + ")";
    std::printf("%-24s %-19s %-10.10s %10llu %8.2f  %-24.24s %s\n", r.id.c_str(),
                Time(r.started_at_ms).c_str(), r.user.c_str(),
                static_cast<unsigned long long>(r.row_count),
                (r.finished_at_ms - r.started_at_ms) / 1000.0,
                PolicyNameAmong(r.policy_path, policies).c_str(), input.c_str());
  }
  if (cut)
    std::fprintf(stderr, "acctseg: the newest %s; there are more (--limit 0 lists all)\n",
                 Counted(options.limit, "run").c_str());
  return 0;
}

int RunsShowCommand(const RunsOptions& options) {
  auto store = OpenStore(options.store);
  RunRecord r = store->Get(options.run);
  if (options.format == "json") {
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& i : r.inputs)
      inputs.push_back({{"name", i.name},
                        {"path", i.path},
                        {"bytes", i.bytes},
                        {"content_hash", i.content_hash},
                        {"rows", i.rows}});
    nlohmann::json out = {{"id", r.id},
                          {"started_at_ms", r.started_at_ms},
                          {"finished_at_ms", r.finished_at_ms},
                          {"user", r.user},
                          {"host", r.host},
                          {"policy_path", r.policy_path},
                          {"policy_hash", r.policy_hash},
                          {"inputs", inputs},
                          {"options", r.options},
                          {"summary", r.summary},
                          {"row_count", r.row_count}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::string text = fmt::format(
      "run {}\n  started   {} UTC by {} on {}\n  took      {:.2f} s\n  policy    {} ({})\n", r.id,
      Time(r.started_at_ms), r.user, r.host, (r.finished_at_ms - r.started_at_ms) / 1000.0,
      r.policy_path, r.policy_hash);
  for (const auto& i : r.inputs)
    text +=
        fmt::format("  input     {} = {} ({} bytes, {} rows, {})\n", i.name, i.path, i.bytes,
                    i.rows, i.content_hash.empty() ? "not a file to read again" : i.content_hash);
  text += "  options   " + r.options.dump() + "\n";
  const nlohmann::json& summary = r.summary;
  std::vector<std::string> measures;
  if (summary.contains("measures"))
    for (const auto& m : summary["measures"]) measures.push_back(m.get<std::string>());
  if (summary.contains("dimensions")) {
    for (auto d = summary["dimensions"].begin(); d != summary["dimensions"].end(); ++d) {
      text += "\n  " + d.key() +
              fmt::format("{:>{}}", "accounts", 30 - static_cast<int>(d.key().size()));
      for (const auto& m : measures) text += fmt::format(" {:>16}", m);
      text += "\n";
      for (auto v = d.value().begin(); v != d.value().end(); ++v) {
        text += fmt::format("    {:<20} {:>10}", v.key(), v.value()["count"].get<uint64_t>());
        for (const auto& m : measures) text += fmt::format(" {:>16}", v.value()[m].dump());
        text += "\n";
      }
    }
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

int DiffCommand(const DiffCommandOptions& options) {
  DiffRunsJobOptions job_options = options.job;
  job_options.output = options.output;
  DiffRunsJobResult job = DiffRunsJob(job_options);
  if (!job.note.empty()) std::fprintf(stderr, "acctseg: note: %s\n", job.note.c_str());
  Emit(options.output, Render(job.report, options.format));
  if (!options.quiet && options.output != "-")
    std::fprintf(stderr, "acctseg: %llu of %llu accounts moved -> %s\n",
                 static_cast<unsigned long long>(job.report.changed),
                 static_cast<unsigned long long>(job.report.rows_after), options.output.c_str());
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

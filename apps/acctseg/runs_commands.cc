// `acctseg runs ...`: listing and showing recorded runs, writing a run's
// results out again, and deleting runs (docs/run-store.md).
#include "runs_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>

#include "command_line.h"
#include "common/counted.h"
#include "history/capture.h"
#include "job/compare_jobs.h"
#include "job/run_housekeeping.h"
#include "store/run_store.h"

namespace acctseg::cli {
namespace {

struct RunsOptions {
  std::string store;
  std::string run;              // show, export
  size_t limit = 50;            // list
  std::string format = "text";  // show: text or json
  ExportRunOptions export_run;
  DeleteRunsOptions remove;
  std::string older_than;   // prune --older-than, as given
  size_t keep = 0;          // prune --keep (whether given: the command's count)
  bool per_policy = false;  // prune --per-policy
};

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

int List(const RunsOptions& options) {
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

int Show(const RunsOptions& options) {
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
  const nlohmann::ordered_json& summary = r.summary;
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
        // A decimal's sum is its exact text (history/summary.h); an
        // integer's, or a run recorded before, a JSON number.
        for (const auto& m : measures)
          text += fmt::format(" {:>16}", v.value()[m].is_string() ? v.value()[m].get<std::string>()
                                                                  : v.value()[m].dump());
        text += "\n";
      }
    }
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

int Export(const RunsOptions& options) {
  ExportRunOptions job = options.export_run;
  job.store = options.store;
  job.run = options.run;
  ExportRunResult result = ExportRun(job);
  if (job.output != "-")
    std::fprintf(stderr, "acctseg: run %s: %s, %s -> %s\n", result.record.id.c_str(),
                 Counted(result.rows, "account").c_str(), Counted(result.columns, "column").c_str(),
                 job.output.c_str());
  return 0;
}

// "640.0 kB", "12.3 MB".
std::string Size(uint64_t bytes) {
  return bytes < 1'000'000 ? fmt::format("{:.1f} kB", bytes / 1e3)
                           : fmt::format("{:.1f} MB", bytes / 1e6);
}

// What a delete or prune chose and did, one run a line, then a line of totals.
// `rule`: prune's; without one, the runs named.
int Delete(const RunsOptions& options, std::optional<PruneRule> rule) {
  DeleteRunsOptions job = options.remove;
  job.store = options.store;
  job.rule = std::move(rule);
  DeleteRunsResult result = DeleteRuns(job);
  for (const RunRecord& r : result.runs)
    std::printf("%s %-24s %s  %s\n", job.dry_run ? "would delete" : "deleted", r.id.c_str(),
                Time(r.started_at_ms).c_str(), Counted(r.row_count, "account").c_str());
  if (job.dry_run) {
    std::printf("%s would go, %s would stay in %s (nothing deleted: --dry-run)\n",
                Counted(result.runs.size(), "run").c_str(), Counted(result.kept, "run").c_str(),
                result.location.c_str());
    return 0;
  }
  const RunRemoval& removal = result.removal;
  const bool sqlite = result.location.find("://") == std::string::npos;
  std::string line =
      removal.runs.empty()
          ? fmt::format("no run to delete; {} in {}", Counted(result.kept, "run"), result.location)
          : fmt::format("{} deleted, {} kept in {}", Counted(removal.runs.size(), "run"),
                        result.kept, result.location);
  if (removal.blobs > 0)
    line += fmt::format("; {} no kept run shares freed ({})",
                        Counted(removal.blobs, "stored column"), Size(removal.bytes));
  else if (!removal.runs.empty())
    line += "; every stored column is shared with a kept run: none freed";
  if (job.vacuum)
    line += sqlite ? "; the file compacted" : "; the tables vacuumed";
  else if (removal.bytes > 0 && sqlite)
    line += "; the file keeps its size and reuses the space (--vacuum gives it back)";
  std::printf("%s\n", line.c_str());
  return 0;
}

}  // namespace

std::vector<LearnSubcommand> AddRunsCommands(CLI::App& app, const std::string& store_help) {
  auto options = std::make_shared<RunsOptions>();
  RunsOptions& o = *options;
  CLI::App* runs = app.add_subcommand(
      "runs", "Run history: list the recorded runs, show or export one, delete or prune them");
  runs->require_subcommand(1);
  const char* run_help = "Run id, a unique prefix of one, latest or latest~N";

  CLI::App* list = runs->add_subcommand("list", "Recorded runs, newest first");
  list->add_option("--store", o.store, store_help);
  list->add_option("--limit,-n", o.limit, "At most this many runs (0 = all)")
      ->default_val(50)
      ->check(ZeroOrMore());

  CLI::App* show = runs->add_subcommand("show", "One run: provenance, options and summary");
  show->add_option("run", o.run, run_help)->required();
  show->add_option("--store", o.store, store_help);
  show->add_option("--format,-f", o.format, "text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case));

  CLI::App* export_run = runs->add_subcommand(
      "export", "Write a recorded run's results again, as run -o wrote them, from the store");
  ExportRunOptions& e = o.export_run;
  export_run->add_option("run", o.run, run_help)->required();
  export_run->add_option("--store", o.store, store_help);
  AddTableOutputFlags(*export_run, e.output, e.format, e.escape_formulas, e.delimiter,
                      e.decimal_mark);
  export_run
      ->add_option("--columns", e.columns,
                   "Only these columns, in this order (comma-separated; default: the run's output)")
      ->delimiter(',');
  export_run
      ->add_flag("--all-columns", e.all_columns,
                 "Every stored column: the output's, then the summary's, then any trace")
      ->excludes("--columns");
  export_run->add_option("--threads,-t", e.threads, "Worker threads (default: all cores)")
      ->check(ZeroOrMore());

  DeleteRunsOptions& d = o.remove;
  const char* dry_help = "List the runs that would go and delete nothing";
  const char* vacuum_help =
      "Then give the space back to the file system (SQLite rewrites the file: it needs its size "
      "again in free disk for a while)";
  CLI::App* remove = runs->add_subcommand(
      "delete", "Delete recorded runs, and the stored columns no other run shares");
  remove->add_option("runs", d.references, "Run ids, unique prefixes, latest or latest~N")
      ->required();
  remove->add_option("--store", o.store, store_help);
  remove->add_flag("--dry-run", d.dry_run, dry_help);
  remove->add_flag("--vacuum", d.vacuum, vacuum_help);

  CLI::App* prune = runs->add_subcommand(
      "prune", "Delete the runs past a retention rule: older than an age, beyond the newest N");
  prune->add_option("--keep", o.keep, "Keep the newest N runs whatever their age");
  prune->add_option("--older-than", o.older_than,
                    "Delete runs started before this: an age (36h, 90d, 12w) or a date "
                    "(2026-09-01, midnight UTC)");
  prune->add_flag("--per-policy", o.per_policy,
                  "Count --keep's newest among the runs of each policy file");
  prune->add_option("--store", o.store, store_help);
  prune->add_flag("--dry-run", d.dry_run, dry_help);
  prune->add_flag("--vacuum", d.vacuum, vacuum_help);

  return {{list, [options] { return List(*options); }},
          {show, [options] { return Show(*options); }},
          {export_run, [options] { return Export(*options); }},
          {remove, [options] { return Delete(*options, std::nullopt); }},
          {prune, [options, prune] {
             PruneRule rule;
             if (prune->count("--keep") > 0) rule.keep_last = options->keep;
             rule.per_policy = options->per_policy;
             if (!options->older_than.empty())
               rule.before_ms = OlderThanCutoff(options->older_than, NowMs());
             return Delete(*options, rule);
           }}};
}

}  // namespace acctseg::cli

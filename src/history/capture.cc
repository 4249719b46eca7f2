#include "history/capture.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <random>

#include "common/error.h"
#include "common/parallel.h"
#include "common/signal_points.h"
#include "explain/explain.h"
#include "history/summary.h"
#include "io/postgres_source.h"
#include "io/standard_input.h"
#include "io/table_file.h"
#include "store/content_hash.h"
#include "table/date_time.h"

namespace acctseg {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string NewRunId(int64_t started_at_ms) {
  const std::time_t started = static_cast<std::time_t>(started_at_ms / 1000);
  std::tm utc;
  gmtime_r(&started, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", random() & 0xffffff);
  return std::string(stamp) + "-" + suffix;
}

std::string UserName() {
  if (const char* user = std::getenv("USER")) return user;
  if (const struct passwd* entry = getpwuid(getuid())) return entry->pw_name;
  return "unknown";
}

std::string HostName() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return host;
}

std::string Absolute(const std::string& path) {
  std::error_code error;
  auto absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

namespace {

// A trace vector as an integer column.
template <typename T>
std::shared_ptr<const Column> TraceColumn(const std::vector<T>& values) {
  auto column = std::make_shared<Column>(Column::Make(DataType::Int64(), values.size(), false));
  for (size_t i = 0; i < values.size(); ++i) column->ints.Set(i, values[i]);
  return column;
}

}  // namespace

InputFingerprint FingerprintInput(const std::string& name, const std::string& path,
                                  const std::string& content_hash) {
  InputFingerprint input;
  input.name = name;
  // A database URL is recorded as where it points, never with its password.
  input.path = IsPostgresSource(path) ? SourceDisplayName(path) : Absolute(path);
  // Standard input is never read again (`diff` would read its own), so it
  // has no hash to check against, even where it was redirected from a file.
  if (NamesStandardInput(path)) return input;
  input.content_hash = content_hash;
  std::error_code error;
  if (content_hash.empty() && std::filesystem::is_regular_file(path, error))
    input.content_hash = HashFile(path);
  return input;
}

RunRecord CaptureRecord(const Execution& execution, const CaptureOptions& options) {
  const Plan& plan = execution.plan();
  RunRecord record;
  record.id = NewRunId(options.started_at_ms);
  record.started_at_ms = options.started_at_ms;
  record.finished_at_ms = NowMs();
  record.user = UserName();
  record.host = HostName();
  record.policy_path = Absolute(options.policy_path);
  record.policy_text = plan.policy().source->text;
  record.policy_hash = HashString(record.policy_text);
  for (size_t i = 0; i < options.inputs.size(); ++i) {
    InputFingerprint input = options.inputs[i];
    const CsvReadResult* read = i == 0 ? execution.input.get()
                                : i - 1 < execution.related_inputs.size()
                                    ? execution.related_inputs[i - 1].get()
                                    : nullptr;
    if (read) {
      input.bytes = read->file_bytes;
      input.rows = read->table.row_count();
    }
    record.inputs.push_back(input);
  }
  record.options = options.options;
  // The stored results begin with the output's columns (CaptureResults):
  // `runs export` writes those unless asked for more.
  record.options["output_columns"] = execution.result.outputs.column_count();
  // The tables' contents too: diff re-runs a run's policy to explain its
  // moves, and a table edited since would explain them with its new rows.
  nlohmann::json tables = nlohmann::json::object();
  for (const TableDecl& table : plan.policy().tables) {
    const std::string path = TablePath(plan.policy(), table);
    std::error_code error;
    if (IsPostgresSource(path) || !std::filesystem::is_regular_file(path, error)) continue;
    tables[table.name.name] = {{"path", Absolute(path)}, {"content_hash", HashFile(path)}};
  }
  if (!tables.empty()) record.options["tables"] = std::move(tables);
  // AS_OF changes results without changing the policy text: the run keeps
  // the date it used, and diff re-runs the policy with it.
  if (plan.as_of()) record.options["as_of"] = FormatDate(*plan.as_of());
  record.summary = SummarizeRun(execution);
  record.row_count = execution.result.outputs.row_count();
  return record;
}

Table CaptureResults(const Execution& execution, bool trace) {
  const Plan& plan = execution.plan();
  Table table = execution.result.outputs;  // shares the columns
  auto add = [&](const std::string& name, std::shared_ptr<const Column> column) {
    if (column && !table.Find(name)) table.Add(name, std::move(column));
  };
  if (!plan.key_column().empty()) add(plan.key_column(), execution.ColumnNamed(plan.key_column()));
  for (const auto& d : plan.summary_dimensions()) add(d, execution.ColumnNamed(d));
  for (const auto& m : plan.summary_measures()) add(m, execution.ColumnNamed(m));
  if (trace) {
    for (size_t s = 0; s < plan.steps().size(); ++s) {
      // A step on a related input traces that input's rows, not accounts.
      if (plan.steps()[s]->table != 0) continue;
      const StepTrace& t = execution.state.traces[s];
      std::string prefix = "trace." + std::to_string(s + 1) + ".";
      if (!t.rule.empty()) add(prefix + "rule", TraceColumn(t.rule));
      if (!t.key.empty()) add(prefix + "key", TraceColumn(t.key));
      if (!t.table_row.empty()) add(prefix + "table_row", TraceColumn(t.table_row));
      if (!t.rank.empty()) add(prefix + "rank", TraceColumn(t.rank));
      if (!t.group_size.empty()) add(prefix + "group_size", TraceColumn(t.group_size));
      for (size_t k = 0; k < t.term_points.size(); ++k)
        add(prefix + "term" + std::to_string(k + 1), TraceColumn(t.term_points[k]));
    }
    if (execution.state.data.hierarchy) {
      add("trace.parent_row", TraceColumn(execution.state.data.hierarchy->parent_row));
      add("trace.global_row", TraceColumn(execution.state.data.hierarchy->global_row));
    }
  }
  return table;
}

DiffOptions DiffOptionsFor(const Plan& plan) {
  DiffOptions options;
  options.key = plan.key_column();
  options.dimensions = plan.summary_dimensions();
  options.measures = plan.summary_measures();
  return options;
}

DiffOptions DiffOptionsFor(const RunRecord& record) {
  DiffOptions options;
  const nlohmann::ordered_json& summary = record.summary;
  if (summary.contains("key")) options.key = summary["key"].get<std::string>();
  if (summary.contains("dimensions"))
    for (auto it = summary["dimensions"].begin(); it != summary["dimensions"].end(); ++it)
      options.dimensions.push_back(it.key());
  if (summary.contains("measures"))
    for (const auto& m : summary["measures"]) options.measures.push_back(m.get<std::string>());
  return options;
}

CommonSummary CommonDiffOptions(const DiffOptions& before, const DiffOptions& after) {
  CommonSummary common;
  common.options = after;
  common.options.dimensions.clear();
  common.options.measures.clear();
  // `kept`: the names of `mine` the other side has; the rest are `alone`.
  auto split = [](const std::vector<std::string>& mine, const std::vector<std::string>& theirs,
                  std::vector<std::string>* kept, std::vector<std::string>& alone) {
    for (const std::string& name : mine)
      if (std::find(theirs.begin(), theirs.end(), name) == theirs.end())
        alone.push_back(name);
      else if (kept)
        kept->push_back(name);
  };
  split(after.dimensions, before.dimensions, &common.options.dimensions, common.only_after);
  split(after.measures, before.measures, &common.options.measures, common.only_after);
  split(before.dimensions, after.dimensions, nullptr, common.only_before);
  split(before.measures, after.measures, nullptr, common.only_before);
  // In one order whatever the source: a stored run's summary holds its
  // dimensions by name, a policy in its own order.
  std::sort(common.only_before.begin(), common.only_before.end());
  std::sort(common.only_after.begin(), common.only_after.end());
  return common;
}

void CommonSummary::NoteIn(DiffReport& report) const {
  report.not_compared_before = only_before;
  report.not_compared_after = only_after;
}

void ExplainMoves(const Execution& before, const Execution& after, DiffReport& report,
                  const std::atomic<bool>* cancelled) {
  // Each listed account is explained on its own, on the runs' threads.
  ParallelFor(report.moved.size(), after.state.data.threads, [&](size_t i) {
    SignalPoint("explain-move");
    ThrowIfCancelled(cancelled);
    MovedAccount& moved = report.moved[i];
    auto row_before = before.FindAccount(moved.key);
    auto row_after = after.FindAccount(moved.key);
    if (!row_before || !row_after) return;
    nlohmann::json a = ExplainAccount(before, *row_before);
    nlohmann::json b = ExplainAccount(after, *row_after);
    // The first step (in the new policy's order) whose outputs differ.
    const auto& steps_a = a["steps"];
    const auto& steps_b = b["steps"];
    for (size_t s = 0; s < steps_b.size(); ++s) {
      bool same = s < steps_a.size() && steps_a[s]["outputs"] == steps_b[s]["outputs"];
      if (!same) {
        moved.changed_step = steps_b[s]["label"].get<std::string>();
        break;
      }
    }
    moved.explanation_before = std::move(a);
    moved.explanation_after = std::move(b);
  });
}

}  // namespace acctseg

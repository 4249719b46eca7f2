#include "job/run_housekeeping.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/parallel.h"
#include "io/table_writer.h"
#include "job/inputs.h"
#include "table/date_time.h"

namespace acctseg {
namespace {

std::string StoreOrDefault(const std::string& store) {
  return store.empty() ? RunStore::DefaultLocation() : store;
}

bool IsTraceColumn(const std::string& name) { return name.starts_with("trace."); }

// The columns `options` asks for out of `stored`, in their order.
std::vector<std::string> ColumnsToExport(const ExportRunOptions& options, const RunRecord& record,
                                         const Table& stored) {
  const std::vector<std::string>& names = stored.names();
  if (!options.columns.empty()) {
    for (const std::string& name : options.columns)
      if (!stored.Find(name))
        throw Error(ErrorKind::kUsage, "--columns: run " + record.id + " has no column \"" + name +
                                           "\"" + DidYouMean(name, names) +
                                           " (acctseg runs export " + record.id +
                                           " --all-columns writes every one)");
    return options.columns;
  }
  if (options.all_columns) return names;
  // Runs recorded since the count was kept say where the output ends;
  // before, every column but the trace ones (the summary's measures that
  // the policy does not output come along).
  const nlohmann::json& count = record.options.contains("output_columns")
                                    ? record.options["output_columns"]
                                    : nlohmann::json();
  if (count.is_number_unsigned() && count.get<size_t>() <= names.size())
    return {names.begin(), names.begin() + count.get<size_t>()};
  std::vector<std::string> chosen;
  std::copy_if(names.begin(), names.end(), std::back_inserter(chosen),
               [](const std::string& name) { return !IsTraceColumn(name); });
  return chosen;
}

// A whole number followed by one of the units, or nullopt.
std::optional<int64_t> AgeMs(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  int64_t unit_ms = 0;
  switch (text.back()) {
    case 'h':
      unit_ms = int64_t{3'600'000};
      break;
    case 'd':
      unit_ms = int64_t{86'400'000};
      break;
    case 'w':
      unit_ms = int64_t{7 * 86'400'000LL};
      break;
    default:
      return std::nullopt;
  }
  int64_t count = 0;
  const std::string_view digits = text.substr(0, text.size() - 1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  // Past 100 years is no age a store has: a slip, not a rule.
  if (error != std::errc() || end != digits.data() + digits.size() || count < 0 ||
      count > 36'600 * 86'400'000LL / unit_ms)
    return std::nullopt;
  return count * unit_ms;
}

}  // namespace

ExportRunResult ExportRun(const ExportRunOptions& options) {
  const std::string location = StoreOrDefault(options.store);
  const OutputFormat format = OutputFormatFor(options.format, options.output);
  RefuseOutputs({options.output}, StoreFiles(location));
  auto store = RunStore::OpenExisting(location);
  ExportRunResult result;
  result.record = store->Get(options.run);
  const Table stored = store->LoadResults(result.record.id);
  const Table table = stored.Select(ColumnsToExport(options, result.record, stored));
  // A run written for a spreadsheet is exported for one too, with its
  // delimiter and decimal mark unless others are asked for (and only into
  // CSV: a JSON Lines export of it writes JSON's numbers).
  WriteOptions write;
  write.escape_formulas =
      options.escape_formulas || result.record.options.value("escape_formulas", false);
  const auto asked_or_recorded = [&](const std::string& asked, const char* key) {
    return !asked.empty() || format != OutputFormat::kCsv
               ? asked
               : result.record.options.value(key, std::string());
  };
  const CsvDialect dialect =
      CsvDialectFor(asked_or_recorded(options.delimiter, "delimiter"),
                    asked_or_recorded(options.decimal_mark, "decimal_mark"), format);
  write.delimiter = dialect.delimiter;
  write.decimal_mark = dialect.decimal_mark;
  WriteTable(options.output, format, table,
             options.threads > 0 ? options.threads : HardwareThreads(), write);
  result.rows = table.row_count();
  result.columns = table.column_count();
  return result;
}

int64_t OlderThanCutoff(const std::string& text, int64_t now_ms) {
  if (const std::optional<int64_t> age = AgeMs(text)) return now_ms - *age;
  if (const std::optional<int64_t> days = ParseDate(text)) return *days * 86'400'000;
  if (const std::optional<int64_t> micros = ParseTimestamp(text, std::nullopt))
    return *micros / 1000;
  throw Error(ErrorKind::kUsage,
              "--older-than " + text +
                  ": expected an age (36h, 90d, 12w) or a moment (2026-09-01, which is "
                  "midnight UTC, or 2026-09-01T12:00:00Z)");
}

std::vector<RunRecord> RunsToPrune(const std::vector<RunRecord>& newest_first,
                                   const PruneRule& rule) {
  if (!rule.keep_last && !rule.before_ms)
    throw Error(ErrorKind::kUsage,
                "runs prune needs a rule: --keep N (the newest N stay), --older-than AGE, or "
                "both (a run goes when it is past both)");
  if (rule.per_policy && !rule.keep_last)
    throw Error(ErrorKind::kUsage,
                "--per-policy counts the newest --keep N of each policy: give --keep");
  std::vector<RunRecord> chosen;
  std::map<std::string, size_t> newer;  // runs seen so far, by policy (or all under "")
  for (size_t i = 0; i < newest_first.size(); ++i) {
    const size_t rank = newer[rule.per_policy ? newest_first[i].policy_path : ""]++;
    const bool beyond_newest = !rule.keep_last || rank >= *rule.keep_last;
    const bool old = !rule.before_ms || newest_first[i].started_at_ms < *rule.before_ms;
    if (beyond_newest && old) chosen.push_back(newest_first[i]);
  }
  return chosen;
}

DeleteRunsResult DeleteRuns(const DeleteRunsOptions& options) {
  auto store = RunStore::OpenExisting(StoreOrDefault(options.store), !options.dry_run);
  DeleteRunsResult result;
  result.location = store->location();
  const std::vector<RunRecord> all = store->List(0);
  if (options.rule) {
    result.runs = RunsToPrune(all, *options.rule);
  } else {
    // Every reference resolved before anything is deleted; one run named
    // twice (latest and its id) is deleted once.
    for (const std::string& reference : options.references) {
      RunRecord record = store->Get(reference);
      if (std::none_of(result.runs.begin(), result.runs.end(),
                       [&](const RunRecord& r) { return r.id == record.id; }))
        result.runs.push_back(std::move(record));
    }
    std::sort(result.runs.begin(), result.runs.end(), [](const RunRecord& a, const RunRecord& b) {
      return a.started_at_ms != b.started_at_ms ? a.started_at_ms > b.started_at_ms : a.id > b.id;
    });
  }
  result.kept = all.size() - result.runs.size();
  if (options.dry_run) return result;
  std::vector<std::string> ids;
  for (const RunRecord& run : result.runs) ids.push_back(run.id);
  if (!ids.empty()) result.removal = store->DeleteRuns(ids);
  if (options.vacuum) store->Compact();
  return result;
}

}  // namespace acctseg

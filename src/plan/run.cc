// Plan::Run: read the input, check its key, run the steps in order, and
// gather the output columns (with the issue codes turned into text).
#include <algorithm>
#include <chrono>
#include <mutex>

#include "common/error.h"
#include "common/parallel.h"
#include "common/stopwatch.h"
#include "io/table_file.h"
#include "plan/plan.h"

namespace acctseg {
namespace {

// A row of the input for messages: `for account_id "A1" (accounts.csv line
// 4)`, or `at accounts.csv line 4` without a key column.
std::string InputRowText(const CsvReadResult& input, const std::string& key_column,
                         const std::string& path, size_t row) {
  std::string line = path + " line " + std::to_string(input.row_lines[row]);
  if (key_column.empty()) return "at " + line;
  return "for " + key_column + " \"" + KeyText(*input.table.Find(key_column), row) + "\" (" + line +
         ")";
}

// The issues column: each distinct mask becomes one dictionary entry, in
// order of first appearance. Masks are few, so each range of rows lists its
// own in order, the lists are merged in range order, and rows then find
// their mask's code in a short list; both passes run on all threads.
std::shared_ptr<Column> IssuesColumn(const std::vector<uint64_t>& issues,
                                     const std::vector<std::string>& codes,
                                     const std::string& separator, int threads) {
  constexpr size_t kRange = kParallelGrain;
  const size_t ranges = (issues.size() + kRange - 1) / kRange;
  auto append_if_new = [](std::vector<uint64_t>& seen, uint64_t mask) {
    if (std::find(seen.begin(), seen.end(), mask) == seen.end()) seen.push_back(mask);
  };
  std::vector<std::vector<uint64_t>> seen_in_range(ranges);
  ParallelFor(ranges, threads, [&](size_t r) {
    for (size_t row = r * kRange; row < std::min(issues.size(), (r + 1) * kRange); ++row)
      append_if_new(seen_in_range[r], issues[row]);
  });
  std::vector<uint64_t> masks;  // in order of first appearance
  for (const std::vector<uint64_t>& seen : seen_in_range)
    for (uint64_t mask : seen) append_if_new(masks, mask);
  auto dictionary = std::make_shared<Dictionary>();
  std::vector<uint32_t> code_of_mask;
  for (uint64_t mask : masks) {
    std::string text;
    for (size_t bit = 0; bit < codes.size(); ++bit) {
      if (!(mask & (1ull << bit))) continue;
      if (!text.empty()) text += separator;
      text += codes[bit];
    }
    code_of_mask.push_back(dictionary->Intern(text));
  }
  if (dictionary->size() == 0) dictionary->Intern("");
  auto column = std::make_shared<Column>(Column::Make(DataType::String(), issues.size(), false));
  ParallelRanges(issues.size(), threads, kRange, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row)
      column->codes[row] =
          code_of_mask[std::find(masks.begin(), masks.end(), issues[row]) - masks.begin()];
  });
  column->dictionary = dictionary;
  return column;
}

}  // namespace

std::shared_ptr<const CsvReadResult> ReadInputFor(const std::vector<const Plan*>& plans,
                                                  const std::string& path,
                                                  const RunOptions& options) {
  CsvReadOptions read_options;
  read_options.path = path;
  read_options.keep_other_columns = options.keep_columns;
  read_options.threads = options.threads;
  for (const Plan* plan : plans) {
    if (plan != plans.front() && plan->input_encoding() != read_options.encoding)
      throw Error(ErrorKind::kUsage,
                  "the policies declare different input encodings; they "
                  "cannot share one read");
    read_options.encoding = plan->input_encoding();
    for (const CsvColumnRequest& request : plan->input_columns()) {
      auto same = std::find_if(read_options.columns.begin(), read_options.columns.end(),
                               [&](const CsvColumnRequest& r) { return r.name == request.name; });
      if (same == read_options.columns.end()) {
        read_options.columns.push_back(request);
      } else if (same->type != request.type || same->trim != request.trim ||
                 same->empty_is_null != request.empty_is_null) {
        throw Error(ErrorKind::kUsage, "the policies read input column \"" + request.name +
                                           "\" differently (" + same->type.ToString() + " vs " +
                                           request.type.ToString() +
                                           "); they cannot share one read");
      } else {
        same->required |= request.required;
        same->not_null |= request.not_null;
      }
    }
  }
  return std::make_shared<const CsvReadResult>(ReadTableFile(read_options));
}

std::unique_ptr<Execution> Plan::Execute(const std::string& input_path,
                                         const RunOptions& options) const {
  Stopwatch clock;
  auto input = ReadInputFor({this}, input_path, options);
  double read_seconds = clock.Lap();
  size_t read_rss = CurrentRssBytes();
  auto execution = ExecuteOn(input, input_path, options);
  execution->result.timings.insert(execution->result.timings.begin(),
                                   {"read", read_seconds, read_rss});
  return execution;
}

std::unique_ptr<Execution> Plan::ExecuteOn(std::shared_ptr<const CsvReadResult> shared_input,
                                           const std::string& input_source,
                                           const RunOptions& options) const {
  const std::string input_path = SourceDisplayName(input_source);  // no password in messages
  auto execution = std::unique_ptr<Execution>(new Execution());
  execution->plan_ = this;
  execution->input = std::move(shared_input);
  RunResult& result = execution->result;
  Stopwatch clock;
  const CsvReadResult& input = *execution->input;
  result.input_bytes = input.file_bytes;

  RunState& state = execution->state;
  state.input_path = input_path;
  state.row_lines = &input.row_lines;
  state.full_trace = options.full_trace;
  state.data.row_count = input.table.row_count();
  state.data.threads = options.threads;
  state.data.node_count = node_count_;
  state.data.slots.resize(slot_count_);
  state.data.prepared.resize(node_count_);
  state.data.prepared_source.resize(node_count_);
  state.traces.resize(steps_.size());
  for (size_t i = 0; i < input_columns_.size(); ++i)
    state.data.slots[i] = input.table.Get(input_columns_[i].name);
  state.issues =
      input.row_issues.empty() ? std::vector<uint64_t>(state.data.row_count, 0) : input.row_issues;
  if (!key_column_.empty())
    CheckUniqueKey(*input.table.Find(key_column_), key_column_, input_path, input.row_lines);
  result.timings.push_back({"check key", clock.Lap(), CurrentRssBytes()});

  for (size_t s = 0; s < steps_.size(); ++s) {
    ThrowIfCancelled(options.cancelled);
    try {
      steps_[s]->Run(state, state.traces[s]);
    } catch (const RowError& e) {
      // The kernel knew the row; the step's place, the account and the
      // input line are known here.
      throw Error(e.kind(), (e.where().empty() ? steps_[s]->where : e.where()) + ": " + e.what() +
                                " " + InputRowText(input, key_column_, input_path, e.row()));
    }
    result.timings.push_back({steps_[s]->label, clock.Lap(), CurrentRssBytes()});
    if (options.progress) options.progress(s + 1, steps_.size());
  }

  execution->issues_column_ =
      IssuesColumn(state.issues, issues_.codes(), issues_separator_, options.threads);
  result.outputs = Table(state.data.row_count);
  for (size_t i = 0; i < output_names_.size(); ++i)
    result.outputs.Add(output_names_[i], output_slots_[i] < 0 ? execution->issues_column_
                                                              : state.data.slots[output_slots_[i]]);
  // An unread input column named like a policy output is shadowed by it:
  // one name, one column (the run store always kept only the policy's).
  for (const std::string& kept : input.kept_columns)
    if (!result.outputs.Find(kept)) result.outputs.Add(kept, input.table.Get(kept));
  result.timings.push_back({"collect output", clock.Lap(), CurrentRssBytes()});
  return execution;
}

RunResult Plan::Run(const std::string& input_path, const RunOptions& options) const {
  return std::move(Execute(input_path, options)->result);
}

std::shared_ptr<const Column> Execution::ColumnNamed(const std::string& name) const {
  if (name == "issues" && !plan_->scope_slots_.count("issues")) return issues_column_;
  auto it = plan_->scope_slots_.find(name);
  if (it != plan_->scope_slots_.end()) return state.data.slots[it->second];
  return input->table.Get(name);
}

std::optional<size_t> Execution::FindAccount(const std::string& key) const {
  if (plan_->key_column_.empty()) return std::nullopt;
  const Column& ids = *ColumnNamed(plan_->key_column_);
  if (ids.type.id != TypeId::kString) return std::nullopt;
  auto code = ids.dictionary->Find(key);
  if (!code) return std::nullopt;
  // Keys are unique (checked when the run started): one index from code to
  // row serves every lookup, so explaining many accounts stays linear.
  std::call_once(row_of_key_code_once_, [&] {
    row_of_key_code_.assign(ids.dictionary->size(), -1);
    for (size_t row = 0; row < ids.size(); ++row)
      row_of_key_code_[ids.codes[row]] = static_cast<int64_t>(row);
  });
  int64_t row = row_of_key_code_[*code];
  if (row < 0) return std::nullopt;
  return static_cast<size_t>(row);
}

}  // namespace acctseg

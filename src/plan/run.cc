// Plan::Run: read the input, check its key, run the steps in order, and
// gather the output columns (with the issue codes turned into text).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>

#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "common/resident_memory.h"
#include "common/stopwatch.h"
#include "io/table_file.h"
#include "plan/export_leftovers.h"
#include "plan/plan.h"

namespace acctseg {

StageTiming StageTiming::Ended(std::string stage, double seconds, bool measure_peak) {
  return {std::move(stage), seconds, CurrentRssBytes(), measure_peak ? TakePeakRssBytes() : 0};
}

namespace {

// The issues column: each distinct mask becomes one dictionary entry, in
// order of first appearance. Masks are few, so each range of rows lists its
// own in order, the lists are merged in range order, and rows then find
// their mask's code in a short list; both passes run on all threads.
std::shared_ptr<Column> IssuesColumn(const RowIssues& issues, const std::vector<std::string>& codes,
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
  // Written in the width its few codes need: 4 bytes a row would be 400 MB
  // at 100M accounts, at the output's peak.
  auto column = std::make_shared<Column>();
  column->type = DataType::String();
  column->codes = PackedCodes::Zeros(
      PackedCodes::WidthFor(0, static_cast<uint32_t>(dictionary->size() - 1)), issues.size());
  auto write = [&]<class T>(T* out) {
    ParallelRanges(issues.size(), threads, kRange, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row)
        out[row] = static_cast<T>(
            code_of_mask[std::find(masks.begin(), masks.end(), issues[row]) - masks.begin()]);
    });
  };
  void* out = column->codes.MutableBytes();
  switch (column->codes.width()) {
    case 1:
      write(static_cast<uint8_t*>(out));
      break;
    case 2:
      write(static_cast<uint16_t*>(out));
      break;
    default:
      write(static_cast<uint32_t*>(out));
  }
  column->dictionary = dictionary;
  return column;
}

}  // namespace

ReadInputs ReadInputsFor(const std::vector<const Plan*>& plans, const InputPaths& paths,
                         const RunOptions& options) {
  // Each input's read: the union of what the plans ask of it, in order of
  // first appearance (the accounts first, as every plan lists them).
  std::vector<std::string> names;
  std::vector<CsvReadOptions> reads;
  for (const Plan* plan : plans) {
    for (size_t i = 0; i < plan->inputs().size(); ++i) {
      const PlanInput& input = plan->inputs()[i];
      auto read =
          reads.begin() + (std::find(names.begin(), names.end(), input.name) - names.begin());
      if (read == reads.end()) {
        auto path = paths.find(input.name);
        if (path == paths.end())
          throw Error(ErrorKind::kUsage, input.location.ToString() + ": the policy reads input \"" +
                                             input.name + "\"; give it with --input " + input.name +
                                             "=PATH");
        names.push_back(input.name);
        reads.emplace_back();
        read = reads.end() - 1;
        read->path = path->second;
        read->keep_other_columns = i == 0 && options.keep_columns;
        read->threads = options.threads;
        read->format = options.written_by_acctseg.count(input.name) ? CsvFormat{} : input.format;
      } else if (!options.written_by_acctseg.count(input.name) && !(read->format == input.format)) {
        throw Error(ErrorKind::kUsage,
                    "the policies declare input \"" + input.name +
                        "\" differently (encoding:, delimiter: or decimal_mark:); they cannot "
                        "share one read");
      }
      for (const CsvColumnRequest& request : input.columns) {
        auto same = std::find_if(read->columns.begin(), read->columns.end(),
                                 [&](const CsvColumnRequest& r) { return r.name == request.name; });
        if (same == read->columns.end()) {
          read->columns.push_back(request);
        } else if (same->type != request.type || same->trim != request.trim ||
                   same->empty_is_null != request.empty_is_null ||
                   same->utc_offset_minutes != request.utc_offset_minutes) {
          throw Error(ErrorKind::kUsage,
                      "the policies read column \"" + request.name + "\" of input \"" + input.name +
                          "\" differently (" + same->type.ToString() + " vs " +
                          request.type.ToString() + "); they cannot share one read");
        } else {
          same->required |= request.required;
          same->not_null |= request.not_null;
        }
      }
    }
  }
  ReadInputs inputs;
  for (size_t i = 0; i < reads.size(); ++i)
    // Not a const object: a run that owns its read may let go of its
    // columns (LetGoOfInputColumns) through this shared_ptr<const>.
    inputs[names[i]] = std::make_shared<CsvReadResult>(
        options.read_input ? options.read_input(reads[i]) : ReadTableFile(reads[i]));
  return inputs;
}

std::unique_ptr<Execution> Plan::Execute(const InputPaths& paths, const RunOptions& options) const {
  Stopwatch clock;
  ReadInputs inputs = ReadInputsFor({this}, paths, options);
  StageTiming read = StageTiming::Ended("read", clock.Lap(), options.stage_peaks);
  auto execution = ExecuteOwning(inputs, paths, options, /*owns_reads=*/true);
  execution->result.timings.insert(execution->result.timings.begin(), std::move(read));
  return execution;
}

namespace {

// The rows a warning counts, and the lines of the first few, so that the
// rows can be found: " (line 4)", " (lines 4, 9, 12, ...)".
class CountedRows {
 public:
  void Add(const RowLines* lines, size_t row) {
    if (++count_ <= kShown && lines)
      lines_ += (lines_.empty() ? "" : ", ") + std::to_string((*lines)[row]);
  }
  uint64_t count() const { return count_; }
  std::string LinesText() const {
    if (lines_.empty()) return "";
    return (count_ == 1 ? " (line " : " (lines ") + lines_ + (count_ > kShown ? ", ...)" : ")");
  }

 private:
  static constexpr uint64_t kShown = 3;
  uint64_t count_ = 0;
  std::string lines_;
};

// Rows of the accounts with nothing in any column the run reads (a
// spreadsheet's ",,,,,," where data was deleted) are no accounts at all:
// kept, they were ranked with the real ones and moved them across tier
// cuts, so the run stops naming them, whether the input has a key or not.
// (A related input's blank rows belong to no account, and are counted as
// rows without a key.)
void RefuseBlankRows(const Table& table, const RowLines& lines, const std::string& path) {
  // Where one column is never empty, no row is: the common case costs a
  // look at each column's NULLs and dictionary.
  std::vector<std::optional<uint32_t>> empty_code(table.column_count());
  for (size_t c = 0; c < table.column_count(); ++c) {
    const Column& column = table.column(c);
    if (column.type.id == TypeId::kString && column.dictionary)
      empty_code[c] = column.dictionary->Find("");
    if (!column.HasNulls() && !empty_code[c]) return;
  }
  const auto empty = [&](size_t c, size_t row) {
    const Column& column = table.column(c);
    return column.IsNull(row) || (empty_code[c] && column.codes[row] == *empty_code[c]);
  };
  CountedRows blank;
  for (size_t row = 0; row < table.row_count(); ++row) {
    if (!empty(0, row)) continue;
    bool all = true;
    for (size_t c = 1; c < table.column_count() && all; ++c) all = empty(c, row);
    if (all) blank.Add(&lines, row);
  }
  if (blank.count() > 0)
    throw Error(
        ErrorKind::kInput,
        fmt::format("{}: {} nothing in any column the policy reads{}: a spreadsheet's "
                    "blank rows, which would be ranked as accounts; delete them from the "
                    "export",
                    path,
                    blank.count() == 1 ? "1 row has" : Counted(blank.count(), "row") + " have",
                    blank.LinesText()));
}

// Rows whose key is missing (NULL, or empty text) are kept, but no
// related row, `explain -a` or diff can name them: the run says so.
void NoteMissingKeys(const Column& key, const std::string& name, const std::string& path,
                     const RowLines& lines, std::vector<std::string>& notes) {
  if (!key.HasNulls()) return;
  CountedRows missing;
  for (size_t row = 0; row < key.size(); ++row)
    if (key.IsNull(row)) missing.Add(&lines, row);
  const bool one = missing.count() == 1;
  notes.push_back(fmt::format("{} row{} of {} {} no {}{}: kept, but nothing can name {}",
                              missing.count(), one ? "" : "s", path, one ? "has" : "have", name,
                              missing.LinesText(), one ? "it" : "them"));
}

// Fills a state with an input's columns and row facts; checks its key.
// `steps_on_it`: whether any step runs on this input (and so may set issue
// bits on its rows); a related input no step runs on, only folded by an
// aggregate, keeps the issue bits its reader set or none at all (an empty
// `issues` reads as all zero) instead of a zero mask a row. `issue_codes`:
// how many the plan has, which sets the masks' width.
// `accounts`: the input is the accounts (a blank row or a total line
// there would be ranked as an account).
// `take_issues`: the run owns the read and lets go of it
// (LetGoOfInputColumns), so the state takes the reader's issue bits instead
// of a copy of 8 bytes a row; the read was made mutable for that
// (ReadInputsFor).
void LoadState(RunState& state, const PlanInput& input, const CsvReadResult& read,
               const std::string& path, int slot_count, int node_count, size_t issue_codes,
               const RunOptions& options, bool steps_on_it, bool take_issues, bool accounts) {
  state.input_name = input.name;
  state.input_path = SourceDisplayName(path);  // a database URL without its password
  state.row_lines = &read.row_lines;
  state.full_trace = options.full_trace;
  state.data.row_count = read.table.row_count();
  state.data.threads = options.threads;
  state.data.node_count = node_count;
  state.data.slots.resize(slot_count);
  state.data.prepared.resize(node_count);
  state.data.prepared_source.resize(node_count);
  for (size_t i = 0; i < input.columns.size(); ++i) {
    state.data.slots[i] = read.table.Get(input.columns[i].name);
    if (input.columns[i].name == input.key_column) state.key_slot = static_cast<int>(i);
  }
  state.key_column = input.key_column;
  if (!read.row_issues.empty() && take_issues)
    state.issues = RowIssues(std::move(const_cast<CsvReadResult&>(read).row_issues), issue_codes);
  else if (!read.row_issues.empty())
    state.issues = RowIssues(read.row_issues, issue_codes);
  else if (steps_on_it)
    state.issues = RowIssues(state.data.row_count, issue_codes);
  // What names a row in messages about leftovers: the key, else the
  // first text column the policy declares.
  const std::string* naming = input.key_column.empty() ? nullptr : &input.key_column;
  for (size_t i = 0; i < input.columns.size() && naming == nullptr; ++i)
    if (input.columns[i].type.id == TypeId::kString) naming = &input.columns[i].name;
  if (naming != nullptr)
    CheckExportLeftovers(read, *read.table.Find(*naming), *naming, state.input_path,
                         accounts ? &state.notes : nullptr);
  if (accounts && read.table.column_count() > 0)
    RefuseBlankRows(read.table, read.row_lines, state.input_path);
  if (!input.key_column.empty()) {
    const Column& key = *read.table.Find(input.key_column);
    CheckUniqueKey(key, input.key_column, state.input_path, read.row_lines);
    NoteMissingKeys(key, input.key_column, state.input_path, read.row_lines, state.notes);
  }
}

// A state another plan's run left after the steps both plans share
// (RunOptions::continue_from), fitted to this plan: its slots and its
// expression nodes (the same text bound in the same order took the same
// slots and node ids in both, so the shared steps' columns and family
// aggregates, which explain reads again, stay where they are) and this
// run's options.
void FitState(RunState& state, int slot_count, int node_count, const RunOptions& options) {
  state.data.slots.resize(slot_count);
  state.data.threads = options.threads;
  state.data.node_count = node_count;
  state.data.prepared.resize(node_count);
  state.data.prepared_source.resize(node_count);
  state.full_trace = options.full_trace;
}

// "contacts: 3 rows have issue title_unknown": issue codes on related rows,
// which no output row carries.
void NoteRelatedIssues(const RunState& state, const std::vector<std::string>& codes,
                       std::vector<std::string>& notes) {
  std::vector<CountedRows> rows_with(codes.size());
  for (size_t row = 0; row < state.issues.size(); ++row)
    for (uint64_t mask = state.issues[row], bit = 0; mask != 0 && bit < codes.size();
         ++bit, mask >>= 1)
      if (mask & 1) rows_with[bit].Add(state.row_lines, row);
  for (size_t bit = 0; bit < codes.size(); ++bit)
    if (const CountedRows& rows = rows_with[bit]; rows.count() > 0)
      notes.push_back(state.input_name + " (" + state.input_path +
                      "): " + Counted(rows.count(), "row") + " with issue " + codes[bit] +
                      rows.LinesText());
}

// A step's label without its place: "classify region".
std::string StepName(const CompiledStep& step) {
  return step.label.substr(0, step.label.rfind(" ("));
}

// The columns `slots` of a run, no longer read (RunOptions::release_columns).
void Release(const std::vector<int>& slots, RunData& data) {
  for (int slot : slots) data.slots[slot].reset();
}

// The input's table keeps only the columns a run passes through untouched
// (--keep-columns), so that the run's state holds the only reference to
// each other column and releasing its slot frees it; the state took its
// issue bits (LoadState). The read belongs to this run alone (Execute) and
// was made mutable (ReadInputsFor).
void LetGoOfInputColumns(const CsvReadResult& input) {
  auto& read = const_cast<CsvReadResult&>(input);
  Table kept(read.table.row_count());
  for (const std::string& name : read.kept_columns) kept.Add(name, read.table.Get(name));
  read.table = std::move(kept);
}

}  // namespace

std::unique_ptr<Execution> Plan::ExecuteOn(const ReadInputs& inputs, const InputPaths& paths,
                                           const RunOptions& options) const {
  return ExecuteOwning(inputs, paths, options, /*owns_reads=*/false);
}

std::unique_ptr<Execution> Plan::ExecuteOwning(const ReadInputs& inputs, const InputPaths& paths,
                                               const RunOptions& options, bool owns_reads) const {
  auto execution = std::unique_ptr<Execution>(new Execution());
  execution->plan_ = this;
  RunResult& result = execution->result;
  Stopwatch clock;
  auto read_of = [&](const PlanInput& input) {
    auto it = inputs.find(input.name);
    if (it == inputs.end())
      throw Error(ErrorKind::kUsage, "input \"" + input.name + "\" was not read");
    result.input_bytes += it->second->file_bytes;
    return it->second;
  };
  execution->input = read_of(inputs_[0]);
  const CsvReadResult& input = *execution->input;
  for (size_t i = 1; i < inputs_.size(); ++i)
    execution->related_inputs.push_back(read_of(inputs_[i]));

  RunState& state = execution->state;
  size_t first_step = 0;
  if (options.continue_from) {
    first_step = options.continue_from->steps;
    state = std::move(options.continue_from->state);
    FitState(state, slot_count_, node_count_, options);
    for (size_t i = 0; i < state.related.size(); ++i)
      FitState(state.related[i], related_slot_counts_[i], node_count_, options);
  } else {
    LoadState(state, inputs_[0], input, paths.at(inputs_[0].name), slot_count_, node_count_,
              issues_.codes().size(), options, /*steps_on_it=*/true,
              /*take_issues=*/options.release_columns && owns_reads, /*accounts=*/true);
    state.related.resize(inputs_.size() - 1);
    for (size_t i = 1; i < inputs_.size(); ++i) {
      const bool steps_on_it = std::any_of(steps_.begin(), steps_.end(), [&](const auto& step) {
        return step->table == static_cast<int>(i);
      });
      LoadState(state.related[i - 1], inputs_[i], *execution->related_inputs[i - 1],
                paths.at(inputs_[i].name), related_slot_counts_[i - 1], node_count_,
                issues_.codes().size(), options, steps_on_it, /*take_issues=*/false,
                /*accounts=*/false);
    }
  }
  state.traces.resize(steps_.size());
  if (options.release_columns) {
    state.keep_traces = false;
    state.write_only_slots = write_only_slots_;
    if (owns_reads) LetGoOfInputColumns(*execution->input);
    Release(releases_.before_steps, state.data);
  }
  result.timings.push_back(StageTiming::Ended("check key", clock.Lap(), options.stage_peaks));

  // Steps that start ahead (CompiledStep::StartAhead): once every slot a
  // step reads is filled, and before the step just ahead of it runs, it
  // starts on a thread of its own, which works while the steps before it
  // leave a core idle; its Run takes over in its turn. Only where the run
  // has two threads or more (one leaves no core idle to it), and only
  // where it owns its read (Execute): that thread may outlive the step,
  // still reading the columns, and a caller that shares the read (the
  // live universe, which changes its columns in place after loading) could
  // change them under it.
  std::vector<std::unique_ptr<StepAhead>> started(steps_.size());
  std::vector<bool> tried(steps_.size(), false);
  auto start_ready_steps = [&](size_t next) {
    if (!options.run_ahead || !owns_reads || options.threads < 2 || HardwareThreads() < 2) return;
    for (size_t t = next + 1; t < steps_.size(); ++t) {
      const CompiledStep& step = *steps_[t];
      // A step of a fused group runs in its group's batches, never alone.
      if (tried[t] || step.table != 0 || step.can_fuse()) continue;
      const std::vector<int> reads = step.ahead_reads();
      if (reads.empty() || !std::all_of(reads.begin(), reads.end(), [&](int slot) {
            return state.data.slots[slot] != nullptr;
          }))
        continue;
      tried[t] = true;
      started[t] = step.StartAhead(state);
    }
  };
  auto run_step = [&](size_t s) {
    const CompiledStep& step = *steps_[s];
    RunState& on = step.table == 0 ? state : state.related[step.table - 1];
    try {
      if (started[s])
        step.RunFrom(*started[s], on, state.traces[s]);
      else
        step.Run(on, state.traces[s]);
    } catch (const RowError& e) {
      // The kernel knew the row; the step's place, the row's key and its
      // input line are known here.
      throw Error(e.kind(), (e.where().empty() ? step.where : e.where()) + ": " + e.what() + " " +
                                RowText(on, e.row()));
    }
  };
  auto step_done = [&](size_t s) {
    const CompiledStep& step = *steps_[s];
    RunState& on = step.table == 0 ? state : state.related[step.table - 1];
    if (options.keep_steps_done && options.keep_steps_done->steps == s + 1)
      options.keep_steps_done->state = state;
    if (options.release_columns) {
      state.traces[s] = StepTrace();
      // Family aggregates' results serve only the step that prepared them.
      std::fill(on.data.prepared.begin(), on.data.prepared.end(), nullptr);
      std::fill(on.data.prepared_source.begin(), on.data.prepared_source.end(), nullptr);
      if (step.table == 0) Release(releases_.after_step[s], state.data);
    }
    if (options.progress) options.progress(s + 1, steps_.size());
  };
  for (size_t s = first_step; s < steps_.size();) {
    ThrowIfCancelled(options.cancelled);
    start_ready_steps(s);
    const StepGroup group = FusedGroupAt(s, options);
    std::string stage = steps_[s]->label + (started[s] ? ", started ahead" : "");
    if (group.end == 0) {
      run_step(s);
    } else {
      std::vector<bool> keep(slot_count_, true);
      for (size_t t = group.begin; options.release_columns && t < group.end; ++t)
        for (int slot : releases_.after_step[t]) keep[slot] = false;
      try {
        RunFusedGroup(steps_, group, state, keep);
      } catch (const RowError&) {
        // Which step and row failed first may differ from an unfused run:
        // its steps one by one report the error that run reports.
        for (size_t t = group.begin; t < group.end; ++t) run_step(t);
        throw Error(ErrorKind::kInternal, "a fused group failed where its steps did not");
      }
      stage = "fused: " + StepName(*steps_[group.begin]);
      for (size_t t = group.begin + 1; t < group.end; ++t) stage += " + " + StepName(*steps_[t]);
    }
    if (started[s]) {
      if (const std::string report = started[s]->Report(); !report.empty()) stage += ": " + report;
      started[s].reset();  // its RunFrom took the work; its report is read
    }
    for (const size_t end = std::max(group.end, s + 1); s < end; ++s) step_done(s);
    result.timings.push_back(StageTiming::Ended(stage, clock.Lap(), options.stage_peaks));
  }
  result.notes = state.notes;
  for (const RunState& related : state.related)
    NoteRelatedIssues(related, issues_.codes(), result.notes);

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
  result.timings.push_back(StageTiming::Ended("collect output", clock.Lap(), options.stage_peaks));
  return execution;
}

StepGroup Plan::FusedGroupAt(size_t step, const RunOptions& options) const {
  if (!options.fuse) return {};
  for (const StepGroup& group : fused_groups_) {
    if (step < group.begin || step >= group.end) continue;
    StepGroup from_here{step, group.end};
    // A state kept after some step (whatif) is the state after that step.
    if (options.keep_steps_done && options.keep_steps_done->steps > step)
      from_here.end = std::min(from_here.end, options.keep_steps_done->steps);
    return from_here;
  }
  return {};
}

RunResult Plan::Run(const InputPaths& paths, const RunOptions& options) const {
  return std::move(Execute(paths, options)->result);
}

std::shared_ptr<const Column> Execution::ColumnNamed(const std::string& name) const {
  if (name == "issues" && !plan_->scope_slots_.count("issues")) return issues_column_;
  auto it = plan_->scope_slots_.find(name);
  if (it != plan_->scope_slots_.end()) return state.data.slots[it->second];
  return input->table.Get(name);
}

std::optional<size_t> Execution::FindAccount(const std::string& key) const {
  if (plan_->key_column().empty()) return std::nullopt;
  const Column& ids = *ColumnNamed(plan_->key_column());
  if (ids.type.id != TypeId::kString) return std::nullopt;
  auto code = ids.dictionary->Find(key);
  if (!code) return std::nullopt;
  // Keys are unique (checked when the run started): one index from code to
  // row serves every lookup, so explaining many accounts stays linear.
  std::call_once(row_of_key_code_once_, [&] {
    row_of_key_code_.assign(ids.dictionary->size(), -1);
    // A row without a key (NULL, read from an empty field) is no account
    // anything can name: `explain -a ""` explained it.
    for (size_t row = 0; row < ids.size(); ++row)
      if (!ids.IsNull(row)) row_of_key_code_[ids.codes[row]] = static_cast<int64_t>(row);
  });
  int64_t row = row_of_key_code_[*code];
  if (row < 0) return std::nullopt;
  return static_cast<size_t>(row);
}

}  // namespace acctseg

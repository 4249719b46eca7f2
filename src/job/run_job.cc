#include "job/run_job.h"

#include <chrono>
#include <cstdio>
#include <functional>

#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "common/signal_points.h"
#include "common/stopwatch.h"
#include "history/capture.h"
#include "io/atomic_file.h"
#include "io/output_format.h"
#include "job/inputs.h"
#include "job/model_jobs.h"
#include "job/output_writer.h"
#include "store/run_store.h"

namespace acctseg {
namespace {

std::string Seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

// Captures the run (record and result columns) and saves it in one
// transaction, which calls `before_commit` (RunStore::Save); sets `run_id`
// once it is committed.
void RecordRun(const Execution& execution, const RunJobOptions& options,
               std::vector<InputFingerprint> fingerprints, int64_t started_at_ms,
               OutputFormat format, const CsvDialect& dialect, int threads,
               const std::function<void()>& before_commit, RunStore& store, std::string& run_id) {
  CaptureOptions capture;
  capture.policy_path = options.policy_path;
  capture.inputs = std::move(fingerprints);
  capture.started_at_ms = started_at_ms;
  capture.trace = options.trace;
  capture.options = {
      {"threads", threads},
      {"keep_columns", options.keep_columns},
      {"trace", options.trace},
      // Where the file went, whatever directory cron ran in.
      {"output", options.output_path == "-" ? options.output_path : Absolute(options.output_path)},
      // Which acctseg: after an upgrade, diff can tell a new
      // binary's moves from the data's.
      {"code_version", ACCTSEG_CODE_VERSION},
      {"format", OutputFormatName(format)}};
  // Only when set, so that records of runs without them stay as they were.
  if (options.escape_formulas) capture.options["escape_formulas"] = true;
  if (dialect.delimiter != ',') capture.options["delimiter"] = std::string(1, dialect.delimiter);
  if (dialect.decimal_mark != '.')
    capture.options["decimal_mark"] = std::string(1, dialect.decimal_mark);
  RunRecord record = CaptureRecord(execution, capture);
  store.Save(record, CaptureResults(execution, options.trace), options.cancelled, before_commit);
  run_id = record.id;
}

}  // namespace

RunJobResult RunJob(const RunJobOptions& options) {
  auto start = std::chrono::steady_clock::now();
  int64_t started_at_ms = NowMs();
  RunJobResult job;
  Stopwatch clock;
  auto stage_done = [&](const std::string& stage) {
    job.timings.push_back(StageTiming::Ended(stage, clock.Lap(), options.profile));
  };
  job.plan = Plan::CompileFile(options.policy_path, options.as_of, StoredModels(options.store));
  const Plan& plan = *job.plan;
  stage_done("compile policy");
  SignalPoint("compiled");

  InputPaths inputs = ResolveInputPaths(options.inputs, plan.inputs());
  std::vector<std::string> reads = PathsOf(inputs);
  for (const std::string& file : PolicyFiles(plan)) reads.push_back(file);
  if (options.record)
    for (const std::string& file : StoreFiles(options.store)) reads.push_back(file);
  RefuseOutputOverReads(options.output_path, reads);
  OutputFormat format = OutputFormatFor(options.format, options.output_path);
  const CsvDialect dialect = CsvDialectFor(options.delimiter, options.decimal_mark, format);
  job.threads = options.threads > 0 ? options.threads : HardwareThreads();
  // Open the store first: a store that is down or too new fails the run
  // before any work, not after.
  std::unique_ptr<RunStore> store;
  if (options.record) {
    const std::string location =
        options.store.empty() ? RunStore::DefaultLocation() : options.store;
    std::function<void()> on_long_wait;
    if (options.on_store_wait)
      on_long_wait = [&options, location] {
        options.on_store_wait("waiting for the run store " + location +
                              ": another process is saving a run there (up to 10 minutes; "
                              "Ctrl-C stops this run)");
      };
    store = RunStore::Open(location, std::move(on_long_wait));
  }
  // The fingerprint describes the bytes the run reads: the file must be the
  // same file, unchanged, after the read. Its content hash is the one the
  // input cache takes (for its key, before it parses), rather than reading
  // the file twice; without the cache it is taken here, before the read.
  std::vector<FileStamp> stamps;
  for (const PlanInput& input : plan.inputs()) stamps.push_back(StampOf(inputs.at(input.name)));
  ContentHashesTaken hashes_taken;
  std::vector<InputFingerprint> fingerprints;
  if (store && !options.cache.enabled)
    for (const PlanInput& input : plan.inputs())
      fingerprints.push_back(FingerprintInput(input.name, inputs.at(input.name)));
  ThrowIfCancelled(options.cancelled);

  const size_t stages = plan.step_count() + (store ? 2 : 1);
  RunOptions run_options;
  run_options.threads = job.threads;
  run_options.keep_columns = options.keep_columns;
  run_options.full_trace = options.trace;
  run_options.cancelled = options.cancelled;
  run_options.stage_peaks = options.profile;
  run_options.fuse = options.fuse;
  run_options.run_ahead = options.run_ahead;
  // Nothing after the write explains accounts: only the outputs, the key
  // and the summary are read, and the traces only with --trace.
  run_options.release_columns = !options.trace;
  run_options.written_by_acctseg = options.written_by_acctseg;
  run_options.read_input = InputReaderFor(options.cache, &hashes_taken);
  run_options.progress = [&](size_t done, size_t total) {
    SignalPoint("step");
    if (options.progress) options.progress(done, stages, 0, plan.steps()[done - 1]->label);
  };
  job.execution = plan.Execute(inputs, run_options);
  const RunResult& result = job.execution->result;
  if (result.outputs.row_count() == 0 && !options.allow_empty)
    throw Error(ErrorKind::kInput,
                inputs.at(plan.inputs()[0].name) +
                    ": a header and no rows: no account to segment, and the output would hold "
                    "none (an export that came back empty?); --allow-empty runs it anyway");
  if (options.strict && !result.notes.empty()) {
    std::string text = "--strict: " + Counted(result.notes.size(), "warning") +
                       (result.notes.size() == 1 ? " stops" : " stop") +
                       " the run before it writes or records anything:";
    for (const std::string& note : result.notes) text += "\n  " + note;
    throw Error(ErrorKind::kInput, text);
  }
  job.timings.insert(job.timings.end(), result.timings.begin(), result.timings.end());
  for (size_t i = 0; i < plan.inputs().size(); ++i) {
    const std::string& path = inputs.at(plan.inputs()[i].name);
    CheckUnchanged(path, stamps[i],
                   options.cache.enabled ? hashes_taken.Find(path)
                   : store               ? fingerprints[i].content_hash
                                         : std::string());
  }
  if (store && options.cache.enabled)
    for (const PlanInput& input : plan.inputs()) {
      const std::string& path = inputs.at(input.name);
      fingerprints.push_back(FingerprintInput(input.name, path, hashes_taken.Find(path)));
    }
  ThrowIfCancelled(options.cancelled);

  if (options.progress)
    options.progress(plan.step_count() + 1, stages, result.outputs.row_count(),
                     "writing " + options.output_path);
  clock.Restart();
  AtomicFile output(options.output_path, AtomicFile::Caching::kBypass);
  WriteOptions write_options;
  write_options.escape_formulas = options.escape_formulas;
  write_options.delimiter = dialect.delimiter;
  write_options.decimal_mark = dialect.decimal_mark;
  if (!store) {
    WriteTableTo(output, format, result.outputs, job.threads, options.cancelled, write_options);
    stage_done("write");
    SignalPoint("written");
    ThrowIfCancelled(options.cancelled);
  } else {
    // The output is written beside the recording (job/output_writer.h). The
    // commit point: the store's transaction waits for the write, and is
    // abandoned if the write fails or the job is cancelled before the
    // commit; once committed, the output is published whatever happens, so
    // record and output agree.
    OutputWriter writer(output, format, result.outputs, job.threads, options.cancelled,
                        write_options);
    if (options.progress)
      options.progress(stages, stages, result.outputs.row_count(), "recording the run");
    auto wait_for_output = [&] {
      stage_done("record run (beside the write)");
      writer.Finish();
      stage_done("wait for the write (" + Seconds(writer.seconds()) + " s on its thread)");
    };
    RecordRun(*job.execution, options, std::move(fingerprints), started_at_ms, format, dialect,
              job.threads, wait_for_output, *store, job.run_id);
    SignalPoint("recorded");
    job.store_location = store->location();
    stage_done("commit the record");
  }
  output.Commit();
  SignalPoint("published");
  stage_done("publish (flush to disk, rename)");
  job.late_interrupt = options.cancelled != nullptr && options.cancelled->load();
  job.seconds = SecondsSince(start);
  return job;
}

}  // namespace acctseg

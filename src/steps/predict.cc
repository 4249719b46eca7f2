// The predict step: a trained model from the run store scores every
// account — a probability column and, if asked for, a reasons column with
// the top contributions in words. The model is resolved when the plan is
// compiled, so a missing model, or one whose features the policy no longer
// has, is a located policy error before any data is read.
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include "common/error.h"
#include "common/idle_thread.h"
#include "common/parallel.h"
#include "steps/explain_util.h"
#include "steps/step.h"
#include "table/decimal.h"
#include "table/row_texts.h"

namespace acctseg {
namespace {

// Probabilities are kept to six decimals: enough to rank ten million
// accounts without wholesale ties, still readable.
constexpr int kProbabilityScale = 6;
// Rows scored per call: large enough for the model's own batched
// prediction, small enough to spread over the cores.
constexpr size_t kMorsel = 16384;

// A probability column of six decimals, 4 bytes a row written in place by
// morsels on any thread (Keep), not made 8 bytes a row and narrowed into a
// second array after (80 + 40 MB at 10M accounts).
class Probabilities {
 public:
  Probabilities(std::string model, size_t rows) : model_(std::move(model)) {
    column_->type = DataType::Decimal(kProbabilityScale);
    // No rows: wide, as an empty column is everywhere else.
    if (rows == 0) return;
    column_->ints = PackedInts::Zeros(sizeof(int32_t), rows);
    scaled_ = static_cast<int32_t*>(column_->ints.MutableBytes());
  }
  // Rows [begin, begin + probabilities.size()).
  void Keep(size_t begin, const std::vector<double>& probabilities) const {
    const double scale = static_cast<double>(Pow10(kProbabilityScale));
    for (size_t i = 0; i < probabilities.size(); ++i) {
      const double p = probabilities[i];
      // Written so that a NaN is refused too: a model bug, not a value
      // to wrap into the column.
      if (!(p >= 0 && p <= 1))
        throw Error(ErrorKind::kInternal,
                    fmt::format("model {} gave a probability outside 0 to 1: {}", model_, p));
      scaled_[begin + i] = static_cast<int32_t>(std::llround(p * scale));
    }
  }
  // The column, narrowed; once, after every Keep.
  std::shared_ptr<Column> Done(int threads) {
    column_->Narrow(threads);
    return std::move(column_);
  }

 private:
  std::string model_;
  std::shared_ptr<Column> column_ = std::make_shared<Column>();
  int32_t* scaled_ = nullptr;
};

// The scoring of every row, a morsel at a time, by whichever threads take
// part: the run's in the step's turn and, where the step started ahead, a
// thread of idle priority before it. The probabilities, and the reasons as
// codes (table/reason_codes.h) where asked for; a morsel's results are the
// same whoever scores it.
class Scoring final : public StepAhead {
 public:
  Scoring(const ScoringModel& model, std::unique_ptr<const ScoringModel::ColumnScorer> scorer,
          std::vector<std::shared_ptr<const Column>> columns, size_t rows,
          std::shared_ptr<ReasonCodes> codes)
      : scorer_(std::move(scorer)),
        columns_(std::move(columns)),
        probabilities_(model.reference(), rows),
        codes_(std::move(codes)),
        morsels_((rows + kMorsel - 1) / kMorsel),
        rows_(rows) {}
  // A run abandoned before the step's turn: the idle thread stops after
  // the morsel it is in.
  ~Scoring() override { Stop(); }

  void StartIdleThread() {
    idle_thread_ = std::make_unique<IdleThread>([this] { Drain(); });
  }
  // Scores morsels until none is left, or one failed.
  void Drain() {
    for (;;) {
      const size_t morsel = next_.fetch_add(1, std::memory_order_relaxed);
      if (morsel >= morsels_) return;
      try {
        Score(morsel * kMorsel, std::min(rows_, (morsel + 1) * kMorsel));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
        next_.store(morsels_);
        return;
      }
    }
  }
  // Once every thread of the run drained: waits for the idle thread's last
  // morsel and throws the first error a morsel threw.
  void Finish() {
    Stop();
    if (error_) std::rethrow_exception(error_);
  }
  // After Finish: false where a contribution had no code (the reasons are
  // then made as text).
  bool coded() const { return coded_.load(); }
  std::shared_ptr<Column> TakeProbabilities(int threads) { return probabilities_.Done(threads); }
  std::shared_ptr<const ReasonCodes> codes() const { return codes_; }

 private:
  // No morsel is handed out after this; returns when the idle thread has.
  void Stop() {
    next_.store(morsels_);
    if (idle_thread_) idle_thread_->Join();
  }

  void Score(size_t begin, size_t end) {
    std::vector<double> probabilities(end - begin);
    if (!codes_) {
      scorer_->ScoreInto(begin, end, probabilities.data(), nullptr);
    } else {
      if (!coded_.load(std::memory_order_relaxed)) return;
      if (!scorer_->ScoreCodesInto(begin, end, probabilities.data(), *codes_))
        coded_.store(false, std::memory_order_relaxed);
    }
    probabilities_.Keep(begin, probabilities);
  }

  std::unique_ptr<const ScoringModel::ColumnScorer> scorer_;
  std::vector<std::shared_ptr<const Column>> columns_;  // what the scorer reads, held
  Probabilities probabilities_;
  std::shared_ptr<ReasonCodes> codes_;  // null: no reasons
  const size_t morsels_, rows_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> coded_{true};
  std::mutex error_mutex_;
  std::exception_ptr error_;
  // Last, so that it is joined before the members its thread reads go.
  std::unique_ptr<IdleThread> idle_thread_;
};

class Predict final : public CompiledStep {
 public:
  Predict(std::shared_ptr<const ScoringModel> model, std::vector<int> feature_slots,
          std::string output, int output_slot, std::string reasons, int reasons_slot, size_t top,
          bool exact_reasons)
      : model_(std::move(model)),
        feature_slots_(std::move(feature_slots)),
        output_(std::move(output)),
        output_slot_(output_slot),
        reasons_(std::move(reasons)),
        reasons_slot_(reasons_slot),
        top_(top),
        exact_reasons_(exact_reasons) {}

  const char* kind() const override { return "predict"; }

  std::vector<std::string> outputs() const override {
    if (reasons_slot_ < 0) return {output_};
    return {output_, reasons_};
  }

  void Run(RunState& state, StepTrace& trace) const override { RunFrom(nullptr, state, trace); }

  // The model reads only its features' columns: the step can start as soon
  // as they are made (the benchmark's: input columns, from the start),
  // scoring in the idle stretches of the steps before it.
  std::vector<int> ahead_reads() const override { return feature_slots_; }
  std::unique_ptr<StepAhead> StartAhead(const RunState& state) const override {
    std::unique_ptr<Scoring> scoring = MakeScoring(state);
    if (scoring) scoring->StartIdleThread();
    return scoring;
  }

  void RunFrom(std::unique_ptr<StepAhead> started, RunState& state, StepTrace&) const override {
    RunData& run = state.data;
    std::unique_ptr<Scoring> scoring(static_cast<Scoring*>(started.release()));
    if (!scoring) scoring = MakeScoring(state);
    if (scoring) {
      ParallelFor(static_cast<size_t>(run.threads), run.threads, [&](size_t) { scoring->Drain(); });
      scoring->Finish();
      if (reasons_slot_ < 0 || scoring->coded()) {
        if (reasons_slot_ >= 0)
          run.slots[reasons_slot_] = std::make_shared<Column>(Column::OfReasons(scoring->codes()));
        run.slots[output_slot_] = scoring->TakeProbabilities(run.threads);
        return;
      }
    }
    // The reasons in words: where a later step or explain reads them, or
    // where a contribution had no code.
    const std::unique_ptr<const ScoringModel::ColumnScorer> scorer =
        model_->Bind(Columns(state), top_, exact_reasons_);
    Probabilities probabilities(model_->reference(), run.row_count);
    run.slots[reasons_slot_] = std::make_shared<Column>(TextColumnInRowOrder(
        run.row_count, kMorsel, run.threads, [&](size_t begin, size_t end, RowTexts& texts) {
          std::vector<double> scored(end - begin);
          scorer->ScoreInto(begin, end, scored.data(), &texts);
          probabilities.Keep(begin, scored);
        }));
    run.slots[output_slot_] = probabilities.Done(run.threads);
  }

  // The probability and every reason with its exact (TreeSHAP)
  // contribution, recomputed for the row.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace&,
                                 size_t row) const override {
    const Column& probability = *state.data.slots[output_slot_];
    const std::vector<const Column*> columns = Columns(state);
    ScoringModel::Score score =
        model_->Predict(columns, row, row + 1, model_->features().size())[0];
    nlohmann::ordered_json reads = nlohmann::ordered_json::object();
    for (size_t i = 0; i < columns.size(); ++i)
      reads[model_->features()[i].name] = ValueJson(*columns[i], row);
    nlohmann::ordered_json result = {{"kind", "predict"},
                                     {"label", label},
                                     {"outputs", {{output_, ValueJson(probability, row)}}},
                                     {"model", model_->reference()},
                                     {"reads", reads},
                                     {"reasons", score.reasons}};
    if (reasons_slot_ >= 0)
      result["outputs"][reasons_] = ValueJson(*state.data.slots[reasons_slot_], row);
    std::string top;
    for (size_t i = 0; i < score.reasons.size() && i < top_; ++i)
      top += (i ? "; " : "") + score.reasons[i];
    result["summary"] = output_ + " = " + ValueText(probability, row) + " from model " +
                        model_->reference() + (top.empty() ? "" : " (" + top + ")");
    return result;
  }

 private:
  // The scoring of every row, not begun: with the reasons kept as codes
  // (table/reason_codes.h) where only the run's writers read the reasons
  // column (RunState::write_only_slots); null where they must be words.
  std::unique_ptr<Scoring> MakeScoring(const RunState& state) const {
    const RunData& run = state.data;
    const std::vector<ScoringModel::Feature>& model_features = model_->features();
    std::vector<std::shared_ptr<const Column>> columns;
    for (int slot : feature_slots_) columns.push_back(run.slots[slot]);
    std::shared_ptr<ReasonCodes> codes;
    if (reasons_slot_ >= 0) {
      if (static_cast<size_t>(reasons_slot_) >= state.write_only_slots.size() ||
          !state.write_only_slots[reasons_slot_] ||
          model_features.size() > ReasonCodes::kMaxFeatures)
        return nullptr;
      std::vector<ReasonCodes::Feature> features;
      for (size_t i = 0; i < model_features.size(); ++i)
        features.push_back({model_features[i].name, columns[i], model_features[i].categorical});
      codes = std::make_shared<ReasonCodes>(std::move(features),
                                            std::min(top_, model_features.size()), run.row_count);
    }
    return std::make_unique<Scoring>(*model_,
                                     model_->Bind(Columns(state), codes ? top_ : 0, exact_reasons_),
                                     std::move(columns), run.row_count, std::move(codes));
  }

  std::vector<const Column*> Columns(const RunState& state) const {
    std::vector<const Column*> columns;
    for (int slot : feature_slots_) columns.push_back(state.data.slots[slot].get());
    return columns;
  }

  std::shared_ptr<const ScoringModel> model_;
  std::vector<int> feature_slots_;
  std::string output_;
  int output_slot_;
  std::string reasons_;
  int reasons_slot_;
  size_t top_;
  bool exact_reasons_;
};

}  // namespace

std::unique_ptr<CompiledStep> BindPredict(const PredictStep& step, BindContext& ctx) {
  const int output_slot = ctx.AddColumn(step.output, DataType::Decimal(kProbabilityScale));
  const int reasons_slot = step.reasons ? ctx.AddColumn(*step.reasons, DataType::String()) : -1;
  if (ctx.models == nullptr || !*ctx.models) {
    ctx.diagnostics.Add(step.model.location,
                        "predict needs the run store's models, which this command does not "
                        "open");
    return nullptr;
  }
  std::shared_ptr<const ScoringModel> model;
  try {
    model = (*ctx.models)(step.model.name);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kNotFound && e.kind() != ErrorKind::kUsage) throw;
    ctx.diagnostics.Add(step.model.location, e.what());
    return nullptr;
  }
  std::vector<int> slots;
  bool ok = true;
  for (const ScoringModel::Feature& f : model->features()) {
    auto it = ctx.scope.columns.find(f.name);
    if (it == ctx.scope.columns.end()) {
      ctx.diagnostics.Add(step.model.location,
                          "model " + model->reference() + " reads the column \"" + f.name +
                              "\", which the policy no longer has; retrain the model on this "
                              "policy or bring the column back");
      ok = false;
      continue;
    }
    const DataType type = it->second.type;
    const bool is_text = type.id == TypeId::kString;
    if (is_text != f.categorical || (!is_text && !type.IsStoredAsInt())) {
      ctx.diagnostics.Add(step.model.location,
                          "model " + model->reference() + " was trained on \"" + f.name + "\" as " +
                              (f.categorical ? "text" : "a number") +
                              ", but the policy's column is " + type.ToString());
      ok = false;
      continue;
    }
    slots.push_back(it->second.slot);
  }
  if (!ok) return nullptr;
  return std::make_unique<Predict>(std::move(model), std::move(slots), step.output.name,
                                   output_slot, step.reasons ? step.reasons->name : "",
                                   reasons_slot, static_cast<size_t>(step.top), step.exact_reasons);
}

}  // namespace acctseg

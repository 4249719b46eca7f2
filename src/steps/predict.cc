// The predict step: a trained model from the run store scores every
// account — a probability column and, if asked for, a reasons column with
// the top contributions in words. The model is resolved when the plan is
// compiled, so a missing model, or one whose features the policy no longer
// has, is a located policy error before any data is read.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "common/error.h"
#include "steps/explain_util.h"
#include "steps/predict_scoring.h"
#include "steps/step.h"
#include "table/row_texts.h"

namespace acctseg {
namespace {

// Rows made into words per task, where the reasons are words.
constexpr size_t kMorsel = 16384;
// The fewest rows for which the step starts ahead of its turn: eight of
// the smallest pieces.
constexpr size_t kFewestRowsAhead = 8 * PredictScoring::kFewestPieceRows;

// What StartAhead began: the scoring, shared with the thread ahead. A run
// abandoned before the step's turn stops the thread (it finishes the piece
// it is in, on its own).
class ScoringAhead final : public StepAhead {
 public:
  explicit ScoringAhead(std::shared_ptr<PredictScoring> scoring) : scoring(std::move(scoring)) {}
  ~ScoringAhead() override {
    if (scoring) scoring->StopAhead();
  }
  std::string Report() const override { return report; }
  std::shared_ptr<PredictScoring> scoring;  // until the step's turn takes it
  std::string report;                       // set by the turn
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

  void Run(RunState& state, StepTrace&) const override { Score(MakeScoring(state), state); }

  // The model reads only its features' columns: the step can start as soon
  // as they are made (the benchmark's: input columns, from the start),
  // scoring in the idle stretches of the steps before it.
  std::vector<int> ahead_reads() const override { return feature_slots_; }
  std::unique_ptr<StepAhead> StartAhead(const RunState& state) const override {
    // A few pieces' worth of rows or fewer: the set-up (the Shapley
    // tables, 0.15-0.3 s for the benchmark's model) and a thread would
    // cost more than they save.
    if (state.data.row_count < kFewestRowsAhead) return nullptr;
    std::shared_ptr<PredictScoring> scoring = MakeScoring(state);
    if (!scoring || !PredictScoring::StartAhead(scoring)) return nullptr;
    return std::make_unique<ScoringAhead>(std::move(scoring));
  }
  void RunFrom(StepAhead& started, RunState& state, StepTrace&) const override {
    // Only this step's StartAhead made it, and the engine calls this once
    // (plan/run.cc).
    auto& ahead = static_cast<ScoringAhead&>(started);
    const size_t pieces = ahead.scoring->pieces();
    const size_t scored_ahead = Score(std::move(ahead.scoring), state);
    ahead.report = fmt::format("{} of {} pieces scored ahead", scored_ahead, pieces);
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
    // What the contributions add up to, so a reader can check them: the
    // margin less the base, in log-odds, before calibration.
    if (!std::isnan(score.base)) {
      // Unrounded, feature by feature: the words round each to 2 decimals.
      nlohmann::ordered_json contributions = nlohmann::ordered_json::object();
      for (const ScoringModel::Score::Contribution& c : score.contributions)
        contributions[model_->features()[c.feature].name] = c.value;
      result["contributions"] = contributions;
      result["base"] = score.base;
      result["margin"] = score.margin;
      result["raw_probability"] = 1 / (1 + std::exp(-score.margin));
    }
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
  std::shared_ptr<PredictScoring> MakeScoring(const RunState& state) const {
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
    return std::make_shared<PredictScoring>(
        model_, model_->Bind(Columns(state), codes ? top_ : 0, exact_reasons_), std::move(columns),
        run.row_count, run.threads, std::move(codes));
  }

  // Scores every row (what `scoring` left, where it started ahead) into
  // the step's columns; the reasons in words where `scoring` is null or a
  // contribution had no code. Returns the pieces scored ahead.
  size_t Score(std::shared_ptr<PredictScoring> scoring, RunState& state) const {
    RunData& run = state.data;
    std::string outside = model_->OutsideTraining(Columns(state), run.row_count);
    if (!outside.empty()) state.notes.push_back("predict " + output_ + ": " + outside);
    size_t scored_ahead = 0;  // where the words are made below, scored and dropped
    if (scoring) {
      scoring->Finish(run.threads);
      scored_ahead = scoring->pieces_scored_ahead();
      if (reasons_slot_ < 0 || scoring->coded()) {
        if (reasons_slot_ >= 0)
          run.slots[reasons_slot_] = std::make_shared<Column>(Column::OfReasons(scoring->codes()));
        run.slots[output_slot_] = scoring->TakeProbabilities(run.threads);
        return scored_ahead;
      }
      scoring.reset();  // its codes, before the words are made
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
          probabilities.Keep(begin, scored.data(), scored.size());
        }));
    run.slots[output_slot_] = probabilities.Done(run.threads);
    return scored_ahead;
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

std::string MissingModelColumnMessage(const std::string& model, const std::string& column,
                                      bool later) {
  return "model " + model + " reads the column \"" + column + "\", which " +
         (later ? "a later step computes: move the predict step after that step"
                : "the policy no longer has; retrain the model on this policy or bring the "
                  "column back");
}

std::unique_ptr<CompiledStep> BindPredict(const PredictStep& step, BindContext& ctx) {
  const int output_slot = ctx.AddColumn(step.output, DataType::Decimal(Probabilities::kScale));
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
      if (ctx.missing_model_columns)
        ctx.missing_model_columns->push_back({f.name, model->reference(), step.model.location});
      else
        ctx.diagnostics.Add(step.model.location,
                            MissingModelColumnMessage(model->reference(), f.name, false));
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

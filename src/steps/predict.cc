// The predict step: a trained model from the run store scores every
// account — a probability column and, if asked for, a reasons column with
// the top contributions in words. The model is resolved when the plan is
// compiled, so a missing model, or one whose features the policy no longer
// has, is a located policy error before any data is read.
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <string>

#include "common/error.h"
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

  void Run(RunState& state, StepTrace&) const override {
    RunData& run = state.data;
    const size_t top = reasons_slot_ >= 0 ? top_ : 0;
    const std::unique_ptr<const ScoringModel::ColumnScorer> scorer =
        model_->Bind(Columns(state), top, exact_reasons_);
    // Six decimals of a probability (0 to 10^6) fit 32 bits: the column is
    // made 4 bytes a row and written in place, not made 8 bytes a row and
    // narrowed into a second array after (80 + 40 MB at 10M accounts). No
    // rows: wide, as an empty column is everywhere else.
    auto probability = std::make_shared<Column>();
    probability->type = DataType::Decimal(kProbabilityScale);
    if (run.row_count > 0) probability->ints = PackedInts::Zeros(sizeof(int32_t), run.row_count);
    int32_t* const scaled =
        run.row_count > 0 ? static_cast<int32_t*>(probability->ints.MutableBytes()) : nullptr;
    const double scale = static_cast<double>(Pow10(kProbabilityScale));
    auto keep = [&](size_t begin, const std::vector<double>& probabilities) {
      for (size_t i = 0; i < probabilities.size(); ++i) {
        const double p = probabilities[i];
        // Written so that a NaN is refused too: a model bug, not a value
        // to wrap into the column.
        if (!(p >= 0 && p <= 1))
          throw Error(ErrorKind::kInternal,
                      fmt::format("model {} gave a probability outside 0 to 1: {}",
                                  model_->reference(), p));
        scaled[begin + i] = static_cast<int32_t>(std::llround(p * scale));
      }
    };
    auto done = [&] {
      probability->Narrow(run.threads);
      run.slots[output_slot_] = std::move(probability);
    };
    if (top == 0) {
      ParallelRanges(run.row_count, run.threads, kMorsel, [&](size_t begin, size_t end) {
        std::vector<double> probabilities(end - begin);
        scorer->ScoreInto(begin, end, probabilities.data(), nullptr);
        keep(begin, probabilities);
      });
      return done();
    }
    if (std::shared_ptr<const ReasonCodes> codes = ReasonsAsCodes(state, *scorer, keep)) {
      run.slots[reasons_slot_] = std::make_shared<Column>(Column::OfReasons(std::move(codes)));
      return done();
    }
    run.slots[reasons_slot_] = std::make_shared<Column>(TextColumnInRowOrder(
        run.row_count, kMorsel, run.threads, [&](size_t begin, size_t end, RowTexts& texts) {
          std::vector<double> probabilities(end - begin);
          scorer->ScoreInto(begin, end, probabilities.data(), &texts);
          keep(begin, probabilities);
        }));
    done();
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
  // The reasons kept as codes (table/reason_codes.h), with the
  // probabilities handed to `keep`: where only the run's writers read the
  // reasons column (RunState::write_only_slots). Null where it may not be
  // kept so, or where a contribution has no code; the text is made then.
  template <typename Keep>
  std::shared_ptr<const ReasonCodes> ReasonsAsCodes(const RunState& state,
                                                    const ScoringModel::ColumnScorer& scorer,
                                                    const Keep& keep) const {
    const RunData& run = state.data;
    const std::vector<ScoringModel::Feature>& model_features = model_->features();
    if (static_cast<size_t>(reasons_slot_) >= state.write_only_slots.size() ||
        !state.write_only_slots[reasons_slot_] || model_features.size() > ReasonCodes::kMaxFeatures)
      return nullptr;
    std::vector<ReasonCodes::Feature> features;
    for (size_t i = 0; i < model_features.size(); ++i)
      features.push_back(
          {model_features[i].name, run.slots[feature_slots_[i]], model_features[i].categorical});
    auto codes = std::make_shared<ReasonCodes>(
        std::move(features), std::min(top_, model_features.size()), run.row_count);
    std::atomic<bool> coded = true;
    ParallelRanges(run.row_count, run.threads, kMorsel, [&](size_t begin, size_t end) {
      std::vector<double> probabilities(end - begin);
      if (!coded.load(std::memory_order_relaxed)) return;
      if (!scorer.ScoreCodesInto(begin, end, probabilities.data(), *codes))
        coded.store(false, std::memory_order_relaxed);
      keep(begin, probabilities);
    });
    return coded.load() ? codes : nullptr;
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

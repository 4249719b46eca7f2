#include "job/propensity_scorer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "learn/learning_frame.h"
#include "learn/reason_text.h"

namespace acctseg {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
// Room a row's three reasons usually take ("state = KS: -0.61; ..."):
// reserved per morsel, so the text is not copied as it grows.
constexpr size_t kReasonBytesPerRow = 96;
// From this many rows a call, probabilities without reasons take their
// margins from the exact Shapley cells; fewer (the live server's few rows
// an event) walk the trees, as the cells' tables are filled by the first
// large call.
constexpr size_t kRowsForCellMargins = 4096;

// A thread's rows, margins and contributions, kept from morsel to morsel:
// fresh memory for each morsel (a megabyte) cost more than the work in it,
// the kernel zeroing every page.
struct Scratch {
  std::vector<float> x, margins, contributions;
  std::vector<double> numbers;  // one feature's, as they are read
};
Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

class PropensityColumnScorer final : public ScoringModel::ColumnScorer {
 public:
  PropensityColumnScorer(const learn::PropensityModel& model, const CategoryCodes& codes,
                         const std::vector<const Column*>& columns, size_t top, bool exact)
      : model_(model),
        columns_(columns),
        top_(std::min(top, columns.size())),
        exact_(exact),
        model_code_(columns.size()) {
    for (size_t f = 0; f < columns.size(); ++f) {
      if (model.features()[f].kind != learn::FeatureKind::kCategorical) continue;
      const Dictionary* dictionary = columns[f]->dictionary.get();
      const size_t entries = dictionary ? dictionary->size() : 0;
      // An entry the model never saw is missing, as in a learning frame.
      model_code_[f].assign(entries, -1);
      for (size_t c = 0; c < entries; ++c) {
        auto found = codes[f].find(std::string(dictionary->Get(static_cast<uint32_t>(c))));
        if (found != codes[f].end()) model_code_[f][c] = found->second;
      }
    }
  }

  void ScoreInto(size_t begin, size_t end, double* probability, RowTexts* reasons) const override {
    const size_t rows = end - begin, width = columns_.size() + 1;
    const Scratch& s = Compute(begin, end, reasons != nullptr && top_ > 0);
    model_.Probabilities(s.margins.data(), rows, probability);
    if (reasons == nullptr) return;
    std::vector<uint32_t> order(top_);
    std::string value, text;
    reasons->ends.reserve(reasons->ends.size() + rows);
    reasons->Reserve(rows * top_ * kReasonBytesPerRow / 3);
    for (size_t r = 0; r < rows; ++r) {
      const float* row = s.contributions.data() + r * width;
      if (top_ > 0) learn::TopContributions(row, columns_.size(), top_, order.data());
      text.clear();
      for (size_t k = 0; k < top_; ++k) {
        if (k > 0) text += "; ";
        AppendReason(text, begin + r, order[k], row[order[k]], value);
      }
      reasons->Append(text);
    }
  }

  bool ScoreCodesInto(size_t begin, size_t end, double* probability, ReasonCodes& reasons,
                      size_t reasons_row) const override {
    const size_t rows = end - begin, width = columns_.size() + 1;
    const Scratch& s = Compute(begin, end, true);
    model_.Probabilities(s.margins.data(), rows, probability);
    std::vector<uint32_t> order(top_);
    for (size_t r = 0; r < rows; ++r) {
      const float* row = s.contributions.data() + r * width;
      learn::TopContributions(row, columns_.size(), top_, order.data());
      for (size_t k = 0; k < top_; ++k) {
        uint32_t contribution;
        if (!EncodeContribution(row[order[k]], contribution)) return false;
        reasons.Set(reasons_row + r, k, order[k], ValueMissing(begin + r, order[k]), contribution);
      }
    }
    return true;
  }

  // The exact Shapley values' tables, which both exact reasons and the
  // margins of large calls come from (Compute).
  void Prepare() const override {
    if (exact_ || top_ == 0) model_.PrepareExactShap();
  }

  std::vector<ScoringModel::Score> Scores(size_t begin, size_t end) const override {
    const size_t rows = end - begin, width = columns_.size() + 1;
    const Scratch& s = Compute(begin, end, top_ > 0);
    std::vector<ScoringModel::Score> scores(rows);
    std::vector<uint32_t> order(top_);
    std::string value;
    for (size_t r = 0; r < rows; ++r) {
      scores[r].probability = model_.Probability(s.margins[r]);
      scores[r].margin = s.margins[r];
      if (top_ == 0) continue;
      const float* row = s.contributions.data() + r * width;
      scores[r].base = row[columns_.size()];  // TreeSHAP's bias term
      learn::TopContributions(row, columns_.size(), top_, order.data());
      for (size_t k = 0; k < top_; ++k) {
        AppendReason(scores[r].reasons.emplace_back(), begin + r, order[k], row[order[k]], value);
        scores[r].contributions.push_back({order[k], row[order[k]]});
      }
    }
    return scores;
  }

 private:
  // The model's margins of rows [begin, end) and, if `with_reasons`, their
  // contributions (features + 1 a row), in the thread's scratch.
  const Scratch& Compute(size_t begin, size_t end, bool with_reasons) const {
    const size_t rows = end - begin, features = columns_.size();
    Scratch& s = ThreadScratch();
    s.x.resize(rows * features);
    s.margins.resize(rows);
    if (with_reasons) s.contributions.resize(rows * (features + 1));
    for (size_t f = 0; f < features; ++f) {
      const Column& column = *columns_[f];
      float* out = s.x.data() + f;
      if (model_.features()[f].kind == learn::FeatureKind::kNumeric) {
        s.numbers.resize(rows);
        NumbersAt(column, begin, rows, s.numbers.data());
        for (size_t r = 0; r < rows; ++r) out[r * features] = static_cast<float>(s.numbers[r]);
        continue;
      }
      for (size_t r = 0; r < rows; ++r) {
        const size_t row = begin + r;
        const int32_t code = column.IsNull(row) ? -1 : model_code_[f][column.codes[row]];
        out[r * features] = code < 0 ? kMissing : static_cast<float>(code);
      }
    }
    if (!with_reasons && rows >= kRowsForCellMargins) {
      // The exact Shapley cells' margins are the trees' walk's to the byte
      // (learn/exact_shap.h) and, over a morsel, cheaper even with the
      // contributions made and dropped: ~0.7 us a row against ~2 us for
      // the benchmark's 60 trees walked branch by branch
      // (bench/learn/README.md, "Probabilities without reasons").
      s.contributions.resize(rows * (features + 1));
      model_.Score(s.x.data(), rows, true, s.margins.data(), s.contributions.data());
      return s;
    }
    model_.Score(s.x.data(), rows, exact_, s.margins.data(),
                 with_reasons ? s.contributions.data() : nullptr);
    return s;
  }

  // Whether a reason says kMissingValueText for row `row`'s value of
  // feature `f`: only when it is NULL (NumberAt's only NaN). A category
  // the model never saw is missing to the model too, but the reason names
  // it ("industry = Quantum: -0.12"), as learn's own reasons do: the row
  // has a value, and that value is what moved its score.
  bool ValueMissing(size_t row, uint32_t f) const { return columns_[f]->IsNull(row); }

  // "feature = value: +0.12" of row `row`'s feature `f`; `value` is scratch.
  void AppendReason(std::string& out, size_t row, uint32_t f, float contribution,
                    std::string& value) const {
    const learn::ModelFeature& feature = model_.features()[f];
    const Column& column = *columns_[f];
    std::string_view text = kMissingValueText;
    if (!ValueMissing(row, f) && feature.kind == learn::FeatureKind::kCategorical) {
      text = ReasonValueText(column.StringAt(row));
    } else if (!ValueMissing(row, f)) {
      char written[kValueTextBytes];
      value.assign(written, WriteColumnValueText(written, column, row));
      text = value;
    }
    learn::AppendReasonText(out, feature.name, text, contribution);
  }

  const learn::PropensityModel& model_;
  std::vector<const Column*> columns_;
  size_t top_;
  bool exact_;
  std::vector<std::vector<int32_t>> model_code_;  // per categorical feature: entry -> code, -1
};

}  // namespace

CategoryCodes CategoryCodesOf(const learn::PropensityModel& model) {
  CategoryCodes codes;
  for (const learn::ModelFeature& f : model.features()) {
    std::unordered_map<std::string, int32_t>& of_text = codes.emplace_back();
    for (size_t i = 0; i < f.categories.size(); ++i)
      of_text.emplace(f.categories[i], static_cast<int32_t>(i));
  }
  return codes;
}

std::unique_ptr<const ScoringModel::ColumnScorer> BindPropensityModel(
    const learn::PropensityModel& model, const CategoryCodes& codes,
    const std::vector<const Column*>& columns, size_t top_reasons, bool exact_reasons) {
  return std::make_unique<PropensityColumnScorer>(model, codes, columns, top_reasons,
                                                  exact_reasons);
}

}  // namespace acctseg

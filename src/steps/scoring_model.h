// A trained model a policy's `predict` step calls. The steps know only this
// interface; the models themselves (src/learn/) and where they are kept (the
// run store) are supplied by whoever compiles the plan (the jobs), through
// a ModelResolver — so nothing in steps depends on the learning library.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "table/column.h"
#include "table/reason_codes.h"
#include "table/row_texts.h"

namespace acctseg {

class ScoringModel {
 public:
  struct Feature {
    std::string name;
    bool categorical = false;  // text; else a number, boolean or date
  };
  // One account's result: a calibrated probability (0..1) and the reasons
  // behind it, strongest first, in words ("Region = Pacific: +0.42").
  struct Score {
    double probability = 0;
    std::vector<std::string> reasons;
    // Each reason's feature (its place in features()) and contribution,
    // unrounded, in the reasons' order: the words round it to 2 decimals.
    struct Contribution {
      size_t feature = 0;
      double value = 0;
    };
    std::vector<Contribution> contributions;
    // The log-odds the reasons explain, where the model has them (NaN
    // otherwise): every feature's contribution adds up to margin - base;
    // the probability is the margin calibrated.
    double margin = std::numeric_limits<double>::quiet_NaN();  // the raw score
    double base = std::numeric_limits<double>::quiet_NaN();    // the expected margin
  };

  // A model bound to one run's columns (one per feature, in features()
  // order): what can be prepared once per run is (a text column's
  // categories matched to the model's once per dictionary), then rows are
  // scored morsel by morsel. Thread-safe; the columns must outlive it.
  class ColumnScorer {
   public:
    virtual ~ColumnScorer() = default;
    // Rows [begin, end): their probabilities into probability[0, end -
    // begin) and, when `reasons` is not null, the texts of Score's reasons
    // joined by "; " appended to it.
    virtual void ScoreInto(size_t begin, size_t end, double* probability,
                           RowTexts* reasons) const = 0;
    // ScoreInto with the reasons kept as codes, row `begin` at row
    // `reasons_row` of `reasons` and the others after it (its top the bound
    // top, its features the bound columns): their words are the texts
    // ScoreInto appends. False when a contribution has no code
    // (EncodeContribution), for the caller to make the text instead.
    virtual bool ScoreCodesInto(size_t begin, size_t end, double* probability, ReasonCodes& reasons,
                                size_t reasons_row) const = 0;
    // Does now the one-time work that the first large call would do (the
    // exact Shapley values' tables), for a caller that wants it done at
    // its own priority rather than by whichever thread scores first.
    virtual void Prepare() const {}
    // Rows [begin, end) scored one by one, each reason a text of its own.
    virtual std::vector<Score> Scores(size_t begin, size_t end) const = 0;
  };

  virtual ~ScoringModel() = default;
  // "ptb@2": the name and version it was stored under.
  virtual const std::string& reference() const = 0;
  // The columns it reads, by name, as it was trained on them.
  virtual const std::vector<Feature>& features() const = 0;
  // Binds the model to `columns` to score their rows with up to
  // `top_reasons` reasons each (0 = none): exact Shapley values, or a
  // cheaper attribution with the same sum when `exact_reasons` is false.
  virtual std::unique_ptr<const ColumnScorer> Bind(const std::vector<const Column*>& columns,
                                                   size_t top_reasons,
                                                   bool exact_reasons = true) const = 0;
  // Rows of `columns` ([0, rows)) that hold what training never had: a
  // NULL in a feature no training row lacked, a category no training row
  // had. The trees send such a value down default branches no data chose,
  // so its score is a guess. A sentence for a run's notes, "" when none.
  virtual std::string OutsideTraining(const std::vector<const Column*>& columns,
                                      size_t rows) const {
    return "";
  }
  // Rows [begin, end) of `columns` scored with their reasons (Bind, then
  // Scores): for a few rows, as `explain` asks.
  std::vector<Score> Predict(const std::vector<const Column*>& columns, size_t begin, size_t end,
                             size_t top_reasons, bool exact_reasons = true) const {
    return Bind(columns, top_reasons, exact_reasons)->Scores(begin, end);
  }
};

// "ptb@1" or "ptb" (latest) -> the model. Throws acctseg::Error (kNotFound
// for an unknown model, kStore for an unreadable store).
using ModelResolver = std::function<std::shared_ptr<const ScoringModel>(const std::string&)>;

}  // namespace acctseg

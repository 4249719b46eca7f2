// A trained model a policy's `predict` step calls. The steps know only this
// interface; the models themselves (src/learn/) and where they are kept (the
// run store) are supplied by whoever compiles the plan (the jobs), through
// a ModelResolver — so nothing in steps depends on the learning library.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "table/column.h"

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
  };

  virtual ~ScoringModel() = default;
  // "ptb@2": the name and version it was stored under.
  virtual const std::string& reference() const = 0;
  // The columns it reads, by name, as it was trained on them.
  virtual const std::vector<Feature>& features() const = 0;
  // Scores rows [begin, end) of `columns` (one per feature, in features()
  // order), with up to `top_reasons` reasons each (0 = none): exact
  // Shapley values, or a cheaper attribution with the same sum when
  // `exact_reasons` is false. Thread-safe.
  virtual std::vector<Score> Predict(const std::vector<const Column*>& columns, size_t begin,
                                     size_t end, size_t top_reasons,
                                     bool exact_reasons = true) const = 0;
};

// "ptb@1" or "ptb" (latest) -> the model. Throws acctseg::Error (kNotFound
// for an unknown model, kStore for an unreadable store).
using ModelResolver = std::function<std::shared_ptr<const ScoringModel>(const std::string&)>;

}  // namespace acctseg

// A trained model a policy's `predict` step calls. The steps know only this
// interface; the models themselves (src/learn/) and where they are kept (the
// run store) are supplied by whoever compiles the plan (the jobs), through
// a ModelResolver — so nothing in steps depends on the learning library.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "table/column.h"
#include "table/dictionary_entry.h"

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

  // Reasons of consecutive rows, as dictionary entries end to end (each
  // row's reasons, joined by "; ", behind their length:
  // table/dictionary_entry.h): row i's entry ends at ends[i] and begins
  // where row i - 1's ends (at 0 for the first). The reasons column's
  // dictionary adopts the buffer (Dictionary::AdoptInRowOrder) instead of
  // copying ten million texts.
  struct ReasonTexts {
    std::unique_ptr<char[]> bytes;
    size_t size = 0, capacity = 0;
    std::vector<uint32_t> ends;

    // Makes room for `more` bytes beyond size (never zero-filled).
    void Reserve(size_t more) {
      if (size + more <= capacity) return;
      capacity = std::max(size + more, capacity * 2);
      auto grown = std::make_unique_for_overwrite<char[]>(capacity);
      if (size > 0) std::memcpy(grown.get(), bytes.get(), size);
      bytes = std::move(grown);
    }
    // Appends the next row's text.
    void Append(std::string_view text) {
      Reserve(dictionary_entry::LengthBytes(text.size()) + text.size());
      size = static_cast<size_t>(dictionary_entry::Put(text, bytes.get() + size) - bytes.get());
      ends.push_back(static_cast<uint32_t>(size));
    }
    std::string_view Text(size_t row) const {
      return dictionary_entry::Text(bytes.get() + (row == 0 ? 0 : ends[row - 1]));
    }
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
                           ReasonTexts* reasons) const = 0;
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

// A reasons column kept as codes: for each row, its top reasons as (feature,
// whether its value is NULL, the contribution as its text
// rounds it), and the features' values (their columns, or as the run
// store keeps them only the values the reasons read), so that the words
// ("industry = Software: +0.12; employees = 25000: -0.31") are made only
// where the column is written. At ten million accounts the words are ~85
// bytes each, nearly all distinct: as an ordinary text column they cost a
// dictionary of 10M entries, its blob in the run store and the memory of
// both, more than the Shapley values they report (bench/learn/README.md).
//
// A run keeps its reasons this way only where nothing but the output and
// the run store read them (RunState::write_only_slots). Everything else
// sees an ordinary text column: the run store's decoder, for one, turns a
// stored one back into text (Materialize), so explain, diff and the server
// never meet this form. Rendering is the same function the text column is
// made with (table/reason_text.h), so the bytes are the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "table/column.h"

namespace acctseg {

class ReasonCodes {
 public:
  struct Feature {
    std::string name;
    // Its values: row for row, or where the values are gathered
    // (GatherValues), those its reasons read, at their ValueRow.
    std::shared_ptr<const Column> column;
    bool categorical = false;  // text; else a number (NumberAt)
  };
  // The most features a code can name (a 16-bit code, one bit for missing).
  static constexpr size_t kMaxFeatures = 32767;
  // The most reasons a row keeps (a predict step's `top`: 1 to 9).
  static constexpr size_t kMaxTop = 9;

  // Room for `rows` rows of `top` reasons each (0 < top <= kMaxTop, top <=
  // features), not yet set. Throws Error(kInternal) beyond those bounds or
  // kMaxFeatures.
  ReasonCodes(std::vector<Feature> features, size_t top, size_t rows);

  // Room for `rows` rows shaped as `shape`: its features, top and widths
  // (without walking the text features' dictionaries again, as a new one
  // does), for rows scored apart and then set into it (SetRows).
  ReasonCodes(const ReasonCodes& shape, size_t rows);

  size_t rows() const { return rows_; }
  size_t top() const { return top_; }
  const std::vector<Feature>& features() const { return features_; }

  // Row `row`'s k-th reason (strongest first): feature `feature`, whose
  // value is NULL when `missing`, and the contribution's
  // EncodeContribution. Rows may be set from many threads, each its own.
  void Set(size_t row, size_t k, uint32_t feature, bool missing, uint32_t contribution_code) {
    features_codes_[row * top_ + k] = static_cast<uint16_t>(feature * 2 + (missing ? 1 : 0));
    contribution_codes_[row * top_ + k] = contribution_code;
  }
  // Every row of `rows` (codes of the same top, set by Set, their values
  // read row for row) as rows [first, first + rows.rows()) of these.
  void SetRows(size_t first, const ReasonCodes& rows);
  // Reasons read their features' values where SetValueRow says instead of
  // at their row: the run store keeps only the values the reasons name (a
  // third of the features' columns for 3 reasons of 9 features). Before
  // any SetValueRow; rows and ks not set read at row 0.
  void GatherValues() { value_rows_ = std::make_unique<uint32_t[]>(rows_ * top_); }
  void SetValueRow(size_t row, size_t k, uint32_t value_row) {
    value_rows_[row * top_ + k] = value_row;
  }
  // Where row `row`'s k-th reason reads its feature's value.
  size_t ValueRow(size_t row, size_t k) const {
    return value_rows_ ? value_rows_[row * top_ + k] : row;
  }

  // The codes as Set took them: feature * 2 + missing, and the contribution.
  uint16_t FeatureCode(size_t row, size_t k) const { return features_codes_[row * top_ + k]; }
  uint32_t ContributionCode(size_t row, size_t k) const {
    return contribution_codes_[row * top_ + k];
  }
  // Every row's codes, row after row (top a row).
  std::span<const uint16_t> FeatureCodes() const { return {features_codes_.get(), rows_ * top_}; }
  std::span<const uint32_t> ContributionCodes() const {
    return {contribution_codes_.get(), rows_ * top_};
  }
  // Appends row `row`'s reasons in words, joined by "; ".
  void AppendText(size_t row, std::string& out) const;
  // The same words at `out`, which has room for MaxTextBytes(); returns
  // their end.
  char* WriteText(size_t row, char* out) const;
  // The most bytes AppendText appends for any row.
  size_t MaxTextBytes() const { return max_text_bytes_; }
  // Whether `plain` holds for every piece a row's words can be made of:
  // each feature's name (`leads`: it may begin the words), each text of a
  // text feature's dictionary and the missing value's text. Numbers and
  // contributions are digits, signs and points, and the separators "; ",
  // " = " and ": ", so a writer that needs no escaping for any piece needs
  // none for any row's words (but a piece that only needs it at the start
  // must say so for `leads`).
  bool EveryPieceIs(const std::function<bool(std::string_view piece, bool leads)>& plain) const;

  // The ordinary text column of the same rows: every row's words, interned
  // in row order on up to `threads` threads.
  Column Materialize(int threads) const;

 private:
  // The most bytes a row's words take: its `top` widest features' names
  // and values (every entry of a text feature's dictionary counted).
  size_t WidestText() const;

  std::vector<Feature> features_;
  std::vector<std::string> leads_;  // per feature: its name and " = "
  size_t top_, rows_;
  size_t max_text_bytes_ = 0;
  std::unique_ptr<uint16_t[]> features_codes_;      // rows * top
  std::unique_ptr<uint32_t[]> contribution_codes_;  // rows * top
  std::unique_ptr<uint32_t[]> value_rows_;          // rows * top, or null: row for row
};

}  // namespace acctseg

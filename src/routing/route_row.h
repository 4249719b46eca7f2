// The one row a routing decision reads: the account's columns, whether
// there is an account, and the touchpoint's fields, typed as the router
// declared them and filled from JSON for each decision. The router's rules
// are evaluated over it like a step's over a run, so classify's evaluation
// and explain helpers serve routing unchanged. Owned by one Router; not
// thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "steps/step.h"

namespace acctseg {

// A field of the row, at the slot of its index.
struct RouteField {
  enum class Source {
    kAccount,     // an output column of the account; `key` is its name in the account JSON
    kPresence,    // "account": the account's key as text, NULL for an unknown lead
    kTouchpoint,  // a declared touchpoint field; `key` is its name in the touchpoint JSON
  };
  std::string name;  // as expressions write it: "segment", "account", "touchpoint.type"
  std::string key;
  DataType type;
  Source source = Source::kAccount;
  bool read = false;  // some expression reads it (account columns nobody reads stay NULL)
};

class RouteRow {
 public:
  // `key_column`: the account's key in the account JSON (for kPresence);
  // `node_count`: the expression nodes bound over the fields.
  RouteRow(std::vector<RouteField> fields, std::string key_column, int node_count);

  // Fills the row. `account`: an object with every read account column, or
  // null (an unknown lead: every account field NULL). `touchpoint`: null or
  // an object of declared fields (absent ones NULL). Error(kInput) naming
  // the field and what was expected; the row is then unspecified.
  void Fill(const nlohmann::ordered_json& account, const nlohmann::ordered_json& touchpoint);
  // Checks `touchpoint` as Fill does, filling nothing: const, so any number
  // of threads may check at once.
  void CheckTouchpoint(const nlohmann::ordered_json& touchpoint) const;

  // The row as a run of one row (data, with no hierarchy), for evaluation
  // and explain.
  const RunState& state() const { return state_; }
  EvalScratch& scratch() { return scratch_; }
  const std::vector<RouteField>& fields() const { return fields_; }
  // The account's key as text, "" for an unknown lead (after Fill).
  const std::string& account_key() const { return account_key_; }

 private:
  void FillAccount(const nlohmann::ordered_json& account, Dictionary& dictionary);
  void FillTouchpoint(const nlohmann::ordered_json& touchpoint, Dictionary& dictionary);
  // The field of touchpoint key `key`; Error(kInput) for an undeclared one.
  size_t TouchpointField(const std::string& key) const;
  // Checks `touchpoint` and stores each value in column_of(its field).
  void StoreTouchpoint(const nlohmann::ordered_json& touchpoint, Dictionary& dictionary,
                       const std::function<Column&(size_t field)>& column_of) const;

  std::vector<RouteField> fields_;
  std::string key_column_;
  std::vector<std::shared_ptr<Column>> columns_;  // the row's values; state_.data.slots views them
  std::unordered_map<std::string, size_t> touchpoint_fields_;  // JSON key -> field index
  std::vector<std::string> touchpoint_names_;                  // for did-you-mean
  RunState state_;
  EvalScratch scratch_;
  std::string account_key_;
};

// What a JSON value of `type` must look like, for messages: "an integer",
// "text", "a date (YYYY-MM-DD)", ...
std::string ExpectedJson(DataType type);

}  // namespace acctseg

// The live universe: every account of a policy's input, segmented, kept up
// to date one event at a time (`acctseg serve`, docs/serve.md). Load runs
// the plan once (a batch run); Apply changes one account (update, create,
// remove) and re-segments exactly what depends on it, so that after any
// sequence of events Outputs() is byte for byte what a batch run over
// WriteAccountsCsv's file gives (docs/architecture.md, "How live updates
// stay exact").
//
// Threads: Apply is not thread-safe; it excludes every other call except
// Validate told whether the account exists, which reads only what Load
// fixed. The readers (Validate, Contains, Account, Explain, Summary,
// FindByDomain, size, Outputs, WriteAccountsCsv) may run concurrently with
// each other. The server holds a std::shared_mutex: shared for reads,
// exclusive for Apply.
// Errors: acctseg::Error (kInput for events, kUsage for what Load refuses).
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"

namespace acctseg {

// The longest key a create takes: GET /v1/accounts/{id} must be able to
// name the account within httplib's 8,192-byte request line, an id's bytes
// percent-encoded as three each at worst.
inline constexpr size_t kMaxCreatedIdBytes = 2048;

// One account change (docs/serve.md).
struct LiveEvent {
  std::string account_id;
  enum class Op { kUpdate, kCreate, kRemove } op = Op::kUpdate;   // "op": update|create|remove
  nlohmann::ordered_json set = nlohmann::ordered_json::object();  // input column -> value or null
  nlohmann::ordered_json touchpoint;  // null or an object; not used by live (routing reads it)
  int64_t received_at_ms = 0;  // set by the server when logged (replay uses the logged value)
  // The text, as written, of each member of `set` that is a number with a
  // fraction or an exponent: `set` holds it as a double, which would change
  // a decimal's digits. (The log holds the text: LiveEventJson.)
  std::map<std::string, std::string> number_texts;
  // The text of `set[member]` when it is such a number, else nullptr.
  const std::string* NumberText(const std::string& member) const {
    auto it = number_texts.find(member);
    return it == number_texts.end() ? nullptr : &it->second;
  }
};

// Parses one event object; Error(kInput) naming the field (`where` is its
// place, e.g. "events[3]": "events[3].op: expected update, create or
// remove") for a malformed shape. Type checks against the policy are in
// LiveUniverse::Validate.
// `text`, the JSON `j` was parsed from, gives the exact text of the numbers
// in `set` (number_texts); without it, they stay doubles. A client's
// event has no received_at_ms: the server stamps it.
LiveEvent ParseLiveEvent(const nlohmann::json& j, const std::string& where,
                         std::string_view text = {});
// An event as the log holds it (LiveEventJson's), received_at_ms included.
LiveEvent ParseLoggedEvent(const nlohmann::json& record);
// The event as JSON, which ParseLiveEvent reads back to the same event (the WAL payload).
nlohmann::ordered_json LiveEventJson(const LiveEvent& event);

struct ApplyResult {
  std::string account_id;
  bool created = false, removed = false;
  std::vector<std::string> changed;  // this account's output columns whose value changed
  size_t accounts_changed = 0;  // accounts whose outputs changed (family, tier neighbours, itself)
  std::vector<std::string> changed_ids;  // their ids, at most 100
  bool incremental = false;    // re-segmented incrementally (else by a full re-run of the plan)
  size_t rows_recomputed = 0;  // rows whose steps re-ran (incremental), or every row
  bool batched = false;        // re-run together with other updates of its batch (ApplyBatch)
};

class LiveState;

class LiveUniverse {
 public:
  ~LiveUniverse();

  // Runs the plan once over the inputs (a batch run) and keeps everything
  // incremental evaluation needs. `domain_columns`: account columns holding
  // a website, e-mail or domain, for FindByDomain (empty: none). Error
  // kUsage for a policy without an accounts key, or a domain column that is
  // not a string input column; the input errors of a batch run.
  static std::unique_ptr<LiveUniverse> Load(std::shared_ptr<const Plan> plan,
                                            const InputPaths& inputs, const RunOptions& options,
                                            std::vector<std::string> domain_columns = {});

  // Checks an event against the current state and the declared column
  // types without applying it: Error(kInput) naming the field (`where`.set.
  // COLUMN), for an unknown account (update, remove), an existing one
  // (create), an unknown column, a wrong type, a computed column, the key.
  void Validate(const LiveEvent& event, const std::string& where) const;
  // The same checks, told whether the account exists (a caller that looks
  // up many events' accounts together, or knows what earlier events of a
  // batch do to them). Reads only what Load fixed, the columns, their
  // types and the computed names, so it may run while Apply does.
  void Validate(const LiveEvent& event, const std::string& where, bool exists) const;
  // Whether an account with this id is in the state.
  bool Contains(std::string_view id) const;
  // The same for each of `ids`, looked up together (their cache misses overlap).
  std::vector<bool> Contains(const std::vector<std::string_view>& ids) const;
  // Applies one valid event exactly (Validate first: an invalid one throws
  // the same error and changes nothing).
  ApplyResult Apply(const LiveEvent& event);
  // Applies events in order with exactly the results, and the state, that
  // Apply one by one gives; an event's error (what Apply would throw) is in
  // its outcome and the others go on. Runs of updates of accounts in
  // distinct families re-run their rows together (universe_batch.cc).
  struct Outcome {
    ApplyResult result;
    std::exception_ptr error;  // null when applied
  };
  std::vector<Outcome> ApplyBatch(const std::vector<const LiveEvent*>& events);

  // The output row of one account ({"account_id": .., every output column}), or nullopt.
  std::optional<nlohmann::ordered_json> Account(std::string_view id) const;
  // The explanation, the same JSON `acctseg explain --format json` gives for it.
  std::optional<nlohmann::ordered_json> Explain(std::string_view id) const;
  // Counts and summary measures per combination of the policy's summary
  // dimensions: {"dimensions", "measures", "rows": [{dim.., "accounts", measure..}], "accounts"}.
  nlohmann::ordered_json Summary() const;
  // The account whose domain column holds this registrable domain (the
  // first in row order), or nullopt.
  std::optional<std::string> FindByDomain(std::string_view domain) const;
  size_t size() const;
  // The outputs, byte-identical to a batch run (Plan::Run) over the
  // accounts as they are now. A copy: later events do not change it.
  Table Outputs() const;
  // The accounts input with every change applied, the declared columns in
  // order. A copy: later events do not change it, so another thread may
  // write it while events go on (an automatic snapshot). It reuses the
  // previous copy's memory once nothing holds that (LiveAccounts::Frozen):
  // call it from the thread that applies.
  Table Accounts() const;
  // The accounts as Accounts() has them, as CSV with the declared columns
  // as header: what a batch run reads. Atomic (temp + rename).
  void WriteAccountsCsv(const std::string& path) const;
  const Plan& plan() const;

 private:
  explicit LiveUniverse(std::unique_ptr<LiveState> state);
  std::unique_ptr<LiveState> state_;
};

}  // namespace acctseg

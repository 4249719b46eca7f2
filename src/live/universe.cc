// LiveUniverse: loading, validation and the reads. Apply is in
// universe_apply.cc, the summary in universe_summary.cc.
#include "live/universe.h"

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/quoted_value.h"
#include "explain/explain.h"
#include "io/table_writer.h"
#include "live/universe_state.h"
#include "steps/explain_util.h"

namespace acctseg {

void LiveState::RunAll() {
  inputs[plan->input_name()] = accounts->AsReadResult();
  execution = plan->ExecuteOn(inputs, paths, options);
  // The server's tier ranks move with its events; its explanations find
  // ties in the columns instead (StepTrace::tied_first).
  for (StepTrace& trace : execution->state.traces) {
    trace.tied_first.clear();
    trace.tied_last.clear();
  }
  Adopt();
  summary.Rebuild(*plan, *execution, accounts->row_count());
  // Room for an eighth more accounts (at least kCreateRoom) before an array
  // is copied to grow (without incremental updates every event runs it all
  // again anyway).
  constexpr size_t kCreateRoom = 1024;
  if (incremental)
    ReserveRows(accounts->row_count() + std::max(accounts->row_count() / 8, kCreateRoom));
}

LiveUniverse::LiveUniverse(std::unique_ptr<LiveState> state) : state_(std::move(state)) {}
LiveUniverse::~LiveUniverse() = default;

std::unique_ptr<LiveUniverse> LiveUniverse::Load(std::shared_ptr<const Plan> plan,
                                                 const InputPaths& inputs,
                                                 const RunOptions& options,
                                                 std::vector<std::string> domain_columns) {
  auto state = std::make_unique<LiveState>();
  state->plan = plan;
  state->paths = inputs;
  state->options = options;
  // The live accounts are the declared columns; others are not kept.
  state->options.keep_columns = false;
  state->options.progress = nullptr;
  state->inputs = ReadInputsFor({plan.get()}, inputs, state->options);
  state->accounts =
      std::make_unique<LiveAccounts>(plan->inputs()[0], *state->inputs.at(plan->input_name()));
  state->domains = std::make_unique<DomainIndex>(*state->accounts, std::move(domain_columns));
  for (const auto& step : plan->steps())
    for (const std::string& name : step->outputs()) state->computed.push_back(name);
  for (const Step& step : plan->policy().steps)
    if (step.kind == Step::Kind::kFamily) {
      auto parent = state->accounts->ColumnIndex(step.family.parent.name);
      state->family_parent = parent ? static_cast<int>(*parent) : -1;
      state->family_by_key = step.family.id.name == plan->key_column();
    }
  state->RunAll();
  return std::unique_ptr<LiveUniverse>(new LiveUniverse(std::move(state)));
}

void LiveUniverse::Validate(const LiveEvent& event, const std::string& where) const {
  Validate(event, where, Contains(event.account_id));
}

bool LiveUniverse::Contains(std::string_view id) const {
  return state_->accounts->RowOf(id).has_value();
}

std::vector<bool> LiveUniverse::Contains(const std::vector<std::string_view>& ids) const {
  std::vector<bool> found;
  found.reserve(ids.size());
  for (int64_t row : state_->accounts->RowsOf(ids)) found.push_back(row >= 0);
  return found;
}

void LiveUniverse::Validate(const LiveEvent& event, const std::string& where, bool exists) const {
  const LiveAccounts& accounts = *state_->accounts;
  const std::string at = where.empty() ? "" : where + ".";
  if (event.op == LiveEvent::Op::kCreate && exists)
    throw Error(ErrorKind::kInput,
                at + "account_id: account " + QuotedValue(event.account_id) + " already exists");
  if (event.op != LiveEvent::Op::kCreate && !exists)
    throw Error(ErrorKind::kInput, at + "account_id: no account " + QuotedValue(event.account_id));
  const std::vector<CsvColumnRequest>& columns = accounts.input().columns;
  // A new key must read back from the accounts file as itself: the reader
  // trims spaces and tabs, so " N1" would be "N1" in a batch run.
  const CsvColumnRequest& key = columns[accounts.key_index()];
  if (event.op == LiveEvent::Op::kCreate && key.type.id == TypeId::kString) {
    LiveCell read = CellFromJson(key, event.account_id, at + "account_id");
    if (read.null || read.text != event.account_id)
      throw Error(ErrorKind::kInput,
                  at + "account_id: " + QuotedValue(event.account_id) +
                      " would not read back as itself (values are trimmed of spaces and tabs)");
  }
  for (auto it = event.set.begin(); it != event.set.end(); ++it) {
    const std::string field = at + "set." + it.key();
    auto index = accounts.ColumnIndex(it.key());
    if (!index) {
      // "issues" is an output too, though no step's column: it is the
      // row's issue codes as text.
      bool computed = it.key() == "issues" ||
                      std::find(state_->computed.begin(), state_->computed.end(), it.key()) !=
                          state_->computed.end();
      if (computed)
        throw Error(ErrorKind::kInput, field + ": a computed column; events set input columns");
      std::vector<std::string> names;
      for (const CsvColumnRequest& c : columns) names.push_back(c.name);
      throw Error(ErrorKind::kInput, field + ": unknown column of input \"" +
                                         accounts.input().name + "\"" +
                                         DidYouMean(it.key(), names));
    }
    if (*index == accounts.key_index()) {
      // The key names the account: it is the event's account_id.
      if (!(it.value().is_string() && it.value().get<std::string>() == event.account_id))
        throw Error(ErrorKind::kInput, field + ": the key cannot change");
      continue;
    }
    CellFromJson(columns[*index], it.value(), field, event.NumberText(it.key()));
  }
  if (event.op == LiveEvent::Op::kCreate)
    for (size_t i = 0; i < columns.size(); ++i)
      if (i != accounts.key_index() && !event.set.contains(columns[i].name))
        MissingCell(columns[i], at + "set." + columns[i].name);
}

std::optional<nlohmann::ordered_json> LiveUniverse::Account(std::string_view id) const {
  auto row = state_->accounts->RowOf(id);
  if (!row) return std::nullopt;
  const LiveAccounts& accounts = *state_->accounts;
  const std::string& key = accounts.input().key_column;
  nlohmann::ordered_json account = {{key, std::string(id)}};
  const Table& outputs = state_->execution->result.outputs;
  for (size_t c = 0; c < outputs.column_count(); ++c)
    account[outputs.name(c)] = ValueJson(outputs.column(c), *row);
  return account;
}

std::optional<nlohmann::ordered_json> LiveUniverse::Explain(std::string_view id) const {
  auto row = state_->accounts->RowOf(id);
  if (!row) return std::nullopt;
  // The ranks of a tier group shift with every event: the tier indexes
  // know them, the traces are brought up to date for this row alone.
  std::lock_guard<std::mutex> lock(state_->explain_mutex);
  if (state_->incremental) state_->RefreshTierTrace(static_cast<int32_t>(*row));
  nlohmann::ordered_json explanation = ExplainAccount(*state_->execution, *row);
  // The file's line holds what the row held when read, if anything.
  const LiveAccounts& accounts = *state_->accounts;
  if (accounts.row_lines()[*row] == LiveAccounts::kCreatedLine)
    explanation["input"] = {{"path", nullptr}, {"line", nullptr}, {"created_by_event", true}};
  else if (accounts.ChangedByEvents(*row))
    explanation["input"]["changed_by_events"] = true;
  return explanation;
}

std::optional<std::string> LiveUniverse::FindByDomain(std::string_view domain) const {
  return state_->domains->Find(*state_->accounts, domain);
}

size_t LiveUniverse::size() const { return state_->accounts->row_count(); }

Table LiveUniverse::Outputs() const {
  const Table& outputs = state_->execution->result.outputs;
  Table copy(outputs.row_count());
  for (size_t c = 0; c < outputs.column_count(); ++c)
    copy.Add(outputs.name(c), MutableCopy(outputs.column(c), nullptr));
  return copy;
}

Table LiveUniverse::Accounts() const { return state_->accounts->Frozen(); }

void LiveUniverse::WriteAccountsCsv(const std::string& path) const {
  // Written here and now: the columns as they are, no copy (Accounts).
  WriteTable(path, OutputFormat::kCsv, state_->accounts->AsReadResult()->table,
             state_->options.threads);
}

const Plan& LiveUniverse::plan() const { return *state_->plan; }

}  // namespace acctseg

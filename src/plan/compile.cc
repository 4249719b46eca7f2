// Plan::Compile: input schema, tables, then each step in order, growing the
// scope of columns as steps declare outputs, then the output list.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "io/postgres_source.h"
#include "io/table_file.h"
#include "plan/plan.h"
#include "policy/step_outputs.h"
#include "table/date_time.h"

namespace acctseg {

std::optional<DataType> ParseTypeName(const std::string& name) {
  if (name == "string" || name == "text") return DataType::String();
  if (name == "integer" || name == "int") return DataType::Int64();
  if (name == "boolean" || name == "bool") return DataType::Bool();
  if (name == "date") return DataType::Date();
  if (name == "timestamp") return DataType::Timestamp();
  if (name.rfind("decimal(", 0) == 0 && name.back() == ')') {
    std::string digits = name.substr(8, name.size() - 9);
    if (digits.size() == 1 && digits[0] >= '0' && digits[0] <= '9' &&
        digits[0] - '0' <= kMaxDecimalScale)
      return DataType::Decimal(digits[0] - '0');
  }
  return std::nullopt;
}

namespace {

std::optional<CsvColumnRequest> ColumnRequest(const ColumnDecl& decl, Diagnostics& diagnostics,
                                              IssueRegistry* issues) {
  auto type = ParseTypeName(decl.type);
  if (!type) {
    diagnostics.Add(decl.type_location,
                    "unknown type \"" + decl.type +
                        "\" (expected string, integer, decimal(N), boolean, date or timestamp)");
    return std::nullopt;
  }
  CsvColumnRequest request;
  request.name = decl.name.name;
  request.type = *type;
  request.required = decl.required;
  request.trim = decl.trim;
  request.empty_is_null = decl.empty_is_null;
  request.not_null = decl.not_null;
  if (decl.timezone) {
    request.utc_offset_minutes = ParseUtcOffset(decl.timezone->name);
    if (type->id != TypeId::kTimestamp)
      diagnostics.Add(decl.timezone->location, "timezone is only for timestamp columns");
    else if (!request.utc_offset_minutes)
      diagnostics.Add(decl.timezone->location,
                      "timezone \"" + decl.timezone->name +
                          "\" is not UTC or a fixed offset like +02:00 (named zones, whose "
                          "offset changes with daylight saving, are not supported)");
  }
  if (!decl.invalid_issue.empty()) {
    if (!issues) {
      diagnostics.Add(decl.name.location, "invalid_issue is only for input columns");
    } else {
      request.invalid_issue_bit = issues->Bit(decl.invalid_issue);
      if (request.invalid_issue_bit < 0)
        diagnostics.Add(decl.name.location, "too many issue codes");
    }
  }
  return request;
}

// The declared `encoding:` of an input or table; UTF-8 when absent or
// unknown (after a diagnostic at the name).
TextEncoding EncodingOf(const std::optional<Named>& declared, Diagnostics& diagnostics) {
  if (!declared) return TextEncoding::kUtf8;
  if (auto encoding = ParseTextEncoding(declared->name)) return *encoding;
  diagnostics.Add(declared->location, "unknown encoding \"" + declared->name +
                                          "\" (expected one of " + TextEncodingNames() + ")");
  return TextEncoding::kUtf8;
}

// The declared `delimiter:` of an input or table; 0 when absent (the
// file's name decides) or not one the reader splits on.
char DelimiterOf(const std::optional<Named>& declared, Diagnostics& diagnostics) {
  if (!declared) return 0;
  if (std::optional<char> delimiter = CsvDelimiterNamed(declared->name)) return *delimiter;
  // A bare | starts a YAML block, which is empty here.
  diagnostics.Add(
      declared->location,
      declared->name.empty()
          ? std::string("no delimiter (a bare | starts a YAML block: write it in quotes, "
                        "delimiter: \"|\")")
          : "unknown delimiter \"" + declared->name + "\" (expected \",\", \";\", \"|\" or tab)");
  return 0;
}

// The declared `decimal_mark:`; '.' when absent or unknown.
char DecimalMarkOf(const std::optional<Named>& declared, Diagnostics& diagnostics) {
  if (!declared) return '.';
  if (declared->name == "." || declared->name == ",") return declared->name[0];
  diagnostics.Add(declared->location,
                  "unknown decimal_mark \"" + declared->name + "\" (expected \".\" or \",\")");
  return '.';
}

// An input's or table's declared file format.
CsvFormat FormatOf(const FileFormatDecl& declared, Diagnostics& diagnostics) {
  CsvFormat format;
  format.encoding = EncodingOf(declared.encoding, diagnostics);
  if (const char delimiter = DelimiterOf(declared.delimiter, diagnostics)) {
    format.delimiter = delimiter;
    format.delimiter_declared = true;
  }
  format.decimal_mark = DecimalMarkOf(declared.decimal_mark, diagnostics);
  return format;
}

}  // namespace

std::optional<DataType> Plan::ColumnType(const std::string& name) const {
  auto it = scope_types_.find(name);
  if (it == scope_types_.end()) return std::nullopt;
  return it->second;
}

std::unique_ptr<Plan> Plan::CompileFile(const std::string& policy_path, const std::string& as_of,
                                        const ModelResolver& models) {
  PolicyAst policy = ParsePolicyFile(policy_path);
  policy.as_of_override = as_of;
  return Compile(policy, models);
}

std::string TablePath(const PolicyAst& policy, const TableDecl& table) {
  if (IsPostgresSource(table.path) || !policy.source) return table.path;
  return (std::filesystem::path(policy.source->path).parent_path() / table.path).string();
}

int64_t EffectiveAsOf(const PolicyAst& policy, Diagnostics& diagnostics) {
  if (!policy.as_of_override.empty()) {
    auto days = ParseDate(policy.as_of_override);
    if (!days)
      throw Error(ErrorKind::kUsage,
                  "--as-of \"" + policy.as_of_override + "\" is not a date (expected YYYY-MM-DD)");
    return *days;
  }
  if (policy.as_of) {
    auto days = ParseDate(policy.as_of->name);
    if (days) return *days;
    diagnostics.Add(policy.as_of->location,
                    "as_of \"" + policy.as_of->name + "\" is not a date (expected YYYY-MM-DD)");
  }
  return TodayUtc();
}

namespace {

// Labels a compiled step for timings, explain and messages, and adds it:
// "classify own_segment (policy.yaml:42:5)", with the step's own name
// (`what`) if it has one, else its outputs.
void AddStep(std::unique_ptr<CompiledStep> compiled, std::string what, const std::string& on,
             const SourceLocation& location, std::vector<std::unique_ptr<CompiledStep>>& steps) {
  if (what.empty())
    for (const auto& o : compiled->outputs()) what += (what.empty() ? "" : ", ") + o;
  std::string named = std::string(compiled->kind()) + (what.empty() ? "" : " " + what);
  if (!on.empty()) named += " on " + on;
  compiled->label = named + " (" + location.ToString() + ")";
  compiled->where = location.ToString() + ": " + named;
  steps.push_back(std::move(compiled));
}

// The columns of a step whose `on:` names no related input, declared as
// failed (Scope::Entry::failed) so that a mistake is reported once. The
// scope it meant is unknown: every related input's that lacks the name
// (the steps reading them are aggregates and steps on that input), or the
// accounts' for `on:` naming the accounts input.
void DeclareUnboundOutputs(const Step& step, BindContext& accounts,
                           std::vector<RelatedScope>& related) {
  for (const Named* output : StepOutputs(step)) {
    if (step.on->name == accounts.accounts_input) {
      if (!accounts.scope.columns.count(output->name)) accounts.AddFailedColumn(*output);
      continue;
    }
    for (RelatedScope& input : related)
      if (!input.scope.columns.count(output->name))
        input.scope.columns[output->name] =
            Scope::Entry{DataType::String(), input.next_slot++, /*failed=*/true};
  }
}

}  // namespace

std::unique_ptr<Plan> Plan::Compile(const PolicyAst& policy, const ModelResolver& models) {
  std::unique_ptr<Plan> plan(new Plan());
  plan->policy_ = policy;
  Diagnostics diagnostics;
  Scope scope;  // the accounts'
  // Where each account column a step makes is first made, for "made later".
  std::map<std::string, std::string> made_by_steps;
  for (const Step& step : policy.steps)
    if (!step.on)
      for (const Named* output : StepOutputs(step))
        made_by_steps.emplace(output->name, output->location.ToString());
  scope.made_by_steps = &made_by_steps;
  std::vector<RelatedScope> related;
  // The columns that join rows: each input's key and each aggregate's `by`.
  // Their empty text is no key (NULL), whatever empty_is_null says: a blank
  // account_id made an account keyed "", onto which every related row with
  // a blank key was folded without a word.
  std::set<std::pair<std::string, std::string>> joining;  // (input, column)
  for (const InputDecl& decl : policy.inputs)
    if (decl.key) joining.insert({decl.name.name, decl.key->name});
  for (const Step& step : policy.steps)
    if (step.kind == Step::Kind::kAggregate)
      joining.insert({step.aggregate.from.name, step.aggregate.by.name});
  // Each input's columns take the first slots of its state, in declaration order.
  for (size_t i = 0; i < policy.inputs.size(); ++i) {
    const InputDecl& decl = policy.inputs[i];
    PlanInput input{decl.name.name, "", {}, decl.name.location};
    input.format = FormatOf(decl.format, diagnostics);
    if (i > 0) related.push_back(RelatedScope{decl.name.name, "", Scope{}, 0});
    Scope& columns = i == 0 ? scope : related.back().scope;
    for (const ColumnDecl& column : decl.columns) {
      auto request = ColumnRequest(column, diagnostics, &plan->issues_);
      if (!request) continue;
      if (joining.count({decl.name.name, request->name})) request->empty_is_null = true;
      if (columns.columns.count(request->name)) {
        diagnostics.Add(column.name.location, "column \"" + request->name + "\" is declared twice");
        continue;
      }
      columns.columns[request->name] =
          Scope::Entry{request->type, static_cast<int>(input.columns.size())};
      input.columns.push_back(*request);
    }
    if (decl.key) {
      input.key_column = decl.key->name;
      if (!columns.columns.count(input.key_column))
        diagnostics.Add(decl.key->location,
                        "key \"" + input.key_column + "\" is not a declared column");
    }
    if (i > 0) {
      related.back().key_column = input.key_column;
      related.back().next_slot = static_cast<int>(input.columns.size());
    }
    plan->inputs_.push_back(std::move(input));
  }
  if (plan->inputs_.empty())
    diagnostics.Add(SourceLocation{policy.source, 1, 0}, "the policy declares no input");
  diagnostics.ThrowIfAny();

  // Tables, with paths relative to the policy file.
  for (const TableDecl& decl : policy.tables) {
    CsvReadOptions options;
    const bool from_database = IsPostgresSource(decl.path);
    options.path = TablePath(policy, decl);
    options.threads = 1;
    options.format = FormatOf(decl.format, diagnostics);
    for (const ColumnDecl& c : decl.columns)
      if (auto request = ColumnRequest(c, diagnostics, nullptr))
        options.columns.push_back(*request);
    if (decl.columns.empty()) {  // every column, as trimmed strings
      options.keep_other_columns = true;
      options.trim_other_columns = true;
      // It would read nothing: text keeps its "1,25".
      if (decl.format.decimal_mark && options.format.decimal_mark != '.')
        diagnostics.Add(decl.format.decimal_mark->location,
                        "decimal_mark: reads decimal columns, and this table's short form "
                        "reads every column as text: declare its columns with their types "
                        "(columns: {code: string, rate: decimal(2)})");
    }
    std::error_code status_error;  // a name too long to exist is an error, not an exception
    if (!from_database && !std::filesystem::exists(options.path, status_error)) {
      diagnostics.Add(decl.path_location, "table file \"" + options.path + "\" does not exist");
      continue;
    }
    try {
      CsvReadResult read = ReadTableFile(options);
      plan->tables_.push_back(PolicyTable{decl.name.name, options.path, std::move(read.table),
                                          std::move(read.row_lines)});
    } catch (const Error& e) {
      diagnostics.Add(decl.path_location,
                      std::string("cannot load table \"") + decl.name.name + "\": " + e.what());
    }
  }
  // Without a table its lookups cannot be bound, and every column they
  // would define reads as unknown further down: report the table alone.
  if (plan->tables_.size() < policy.tables.size()) diagnostics.ThrowIfAny();

  ExprBinder binder(&diagnostics);
  const int64_t as_of = EffectiveAsOf(policy, diagnostics);
  binder.SetAsOf(as_of);
  BindContext accounts{binder,
                       diagnostics,
                       scope,
                       plan->issues_,
                       plan->tables_,
                       static_cast<int>(plan->inputs_[0].columns.size()),
                       plan->key_column()};
  accounts.related = &related;
  accounts.accounts_input = plan->inputs_[0].name;
  accounts.models = &models;
  std::vector<BindContext::MissingModelColumn> missing_model_columns;
  accounts.missing_model_columns = &missing_model_columns;
  for (const Step& step : policy.steps) {
    std::unique_ptr<CompiledStep> compiled;
    // A step `on:` a related input binds against that input's columns.
    int table = 0;
    if (step.on) {
      const int index = FindRelatedInput(related, *step.on, RelatedInputRole::kOn,
                                         accounts.accounts_input, diagnostics);
      if (index < 0) {
        DeclareUnboundOutputs(step, accounts, related);
        continue;
      }
      table = index + 1;
    }
    RelatedScope* on = table ? &related[table - 1] : nullptr;
    BindContext rows_ctx{binder,
                         diagnostics,
                         on ? on->scope : scope,
                         plan->issues_,
                         plan->tables_,
                         on ? on->next_slot : 0,
                         on ? on->key_column : ""};
    BindContext& ctx = on ? rows_ctx : accounts;
    binder.TakeReads();
    ctx.issue_bits_used = 0;
    const int first_output = ctx.next_slot;
    switch (step.kind) {
      case Step::Kind::kFamily:
        compiled = BindFamily(step.family, step.location, ctx);
        break;
      case Step::Kind::kClassify:
        compiled = BindClassify(step.classify, ctx);
        break;
      case Step::Kind::kLookup:
        compiled = BindLookup(step.lookup, ctx);
        break;
      case Step::Kind::kScore:
        compiled = BindScore(step.score, ctx);
        break;
      case Step::Kind::kTier:
        compiled = BindTier(step.tier, ctx);
        break;
      case Step::Kind::kCompute:
        compiled = BindCompute(step.compute, ctx);
        break;
      case Step::Kind::kAggregate:
        compiled = BindAggregate(step.aggregate, ctx);
        break;
      case Step::Kind::kNormalize:
        compiled = BindNormalize(step.normalize, ctx);
        break;
      case Step::Kind::kDedupe:
        compiled = BindDedupe(step.dedupe, ctx);
        break;
      case Step::Kind::kPredict:
        compiled = BindPredict(step.predict, ctx);
        break;
    }
    if (on) on->next_slot = rows_ctx.next_slot;
    if (compiled) {
      compiled->table = table;
      compiled->dependencies = {binder.TakeReads(), first_output, ctx.next_slot,
                                ctx.issue_bits_used};
      std::string what = step.name;
      if (what.empty() && step.kind == Step::Kind::kAggregate)
        what = "from " + step.aggregate.from.name;
      AddStep(std::move(compiled), what, on ? on->name : "", step.location, plan->steps_);
    }
  }
  // Coverage runs after every step: its rules may read any column.
  if (policy.coverage) {
    binder.TakeReads();
    accounts.issue_bits_used = 0;
    const int first_output = accounts.next_slot;
    if (auto compiled = BindCoverage(*policy.coverage, accounts)) {
      compiled->dependencies = {binder.TakeReads(), first_output, accounts.next_slot,
                                accounts.issue_bits_used};
      AddStep(std::move(compiled), "", "", policy.coverage->location, plan->steps_);
    }
  }

  for (const BindContext::MissingModelColumn& missing : missing_model_columns)
    diagnostics.Add(missing.where,
                    MissingModelColumnMessage(missing.model, missing.column,
                                              scope.columns.count(missing.column) > 0));

  std::unordered_map<std::string, const Named*> listed;
  for (const Named& column : policy.output.columns) {
    // A table holds one column per name (as CSV readers expect).
    if (auto [first, fresh] = listed.emplace(column.name, &column); !fresh) {
      diagnostics.Add(column.location, fmt::format("output lists \"{}\" twice (first at line {})",
                                                   column.name, first->second->location.line));
      continue;
    }
    if (column.name == "issues" && !scope.columns.count("issues")) {
      plan->output_names_.push_back("issues");
      plan->output_slots_.push_back(-1);
      continue;
    }
    if (column.name == "issues" && !plan->issues_.codes().empty())
      for (const ColumnDecl& declared : policy.inputs.front().columns)
        if (declared.name.name == "issues")
          diagnostics.Add(
              declared.name.location,
              "the input's column \"issues\" has the name of the issue codes' column: the "
              "output would write the file's values and lose the codes (" +
                  plan->issues_.codes().front() +
                  (plan->issues_.codes().size() > 1 ? ", ..." : "") +
                  "); leave it out of the input's columns (it is not read then), or rename it "
                  "in the file");
    auto it = scope.columns.find(column.name);
    if (it == scope.columns.end()) {
      diagnostics.Add(column.location, "unknown output column \"" + column.name + "\"" +
                                           DidYouMean(column.name, scope.Names()));
      continue;
    }
    plan->output_names_.push_back(column.name);
    plan->output_slots_.push_back(it->second.slot);
  }
  if (policy.output.columns.empty())
    diagnostics.Add(SourceLocation{policy.source, 1, 0}, "output lists no columns");
  plan->issues_separator_ = policy.output.issues_separator;
  for (const auto& [name, entry] : scope.columns) {
    plan->scope_slots_[name] = entry.slot;
    plan->scope_types_[name] = entry.type;
  }
  // Summary: declared, or every string output column (not the key) by default.
  auto check_summary = [&](const Named& column, bool measure) {
    auto it = scope.columns.find(column.name);
    if (it == scope.columns.end() && column.name != "issues") {
      diagnostics.Add(column.location, "unknown summary column \"" + column.name + "\"" +
                                           DidYouMean(column.name, scope.Names()));
      return;
    }
    if (measure && (it == scope.columns.end() || !it->second.type.IsNumeric()))
      diagnostics.Add(column.location, "summary measure \"" + column.name + "\" must be a number");
    else if (!measure && it != scope.columns.end() && it->second.type.id != TypeId::kString)
      diagnostics.Add(column.location, "summary dimension \"" + column.name + "\" must be text");
    (measure ? plan->summary_measures_ : plan->summary_dimensions_).push_back(column.name);
  };
  for (const Named& d : policy.summary.dimensions) check_summary(d, false);
  for (const Named& m : policy.summary.measures) check_summary(m, true);
  diagnostics.ThrowIfAny();
  plan->slot_count_ = accounts.next_slot;
  for (const RelatedScope& r : related) plan->related_slot_counts_.push_back(r.next_slot);
  if (!policy.summary.declared) {
    // A predict step's reasons are a text an account, nearly all distinct:
    // no dimension (counted, they made a summary of every account).
    std::set<std::string> reasons;
    for (const Step& step : policy.steps)
      if (step.kind == Step::Kind::kPredict && step.predict.reasons && !step.on)
        reasons.insert(step.predict.reasons->name);
    for (size_t i = 0; i < plan->output_names_.size(); ++i) {
      const std::string& name = plan->output_names_[i];
      auto it = scope.columns.find(name);
      if (name != plan->key_column() && it != scope.columns.end() &&
          it->second.type.id == TypeId::kString && !reasons.count(name))
        plan->summary_dimensions_.push_back(name);
    }
  }
  std::vector<int> kept;
  for (const std::vector<std::string>* names :
       {&plan->summary_dimensions_, &plan->summary_measures_})
    for (const std::string& name : *names)
      if (auto it = plan->scope_slots_.find(name); it != plan->scope_slots_.end())
        kept.push_back(it->second);
  if (auto key = plan->scope_slots_.find(plan->key_column()); key != plan->scope_slots_.end())
    kept.push_back(key->second);
  plan->write_only_slots_ = WriteOnlySlots(plan->steps_, plan->slot_count_, kept);
  kept.insert(kept.end(), plan->output_slots_.begin(), plan->output_slots_.end());
  plan->releases_ = PlanColumnReleases(plan->steps_, plan->slot_count_, kept);
  plan->fused_groups_ = FusedGroups(plan->steps_);
  plan->node_count_ = binder.node_count();
  if (binder.used_as_of()) plan->as_of_ = as_of;
  return plan;
}

}  // namespace acctseg

// Plan::Compile: input schema, tables, then each step in order, growing the
// scope of columns as steps declare outputs, then the output list.
#include <filesystem>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "io/postgres_source.h"
#include "io/table_file.h"
#include "plan/plan.h"

namespace acctseg {

std::optional<DataType> ParseTypeName(const std::string& name) {
  if (name == "string" || name == "text") return DataType::String();
  if (name == "integer" || name == "int") return DataType::Int64();
  if (name == "boolean" || name == "bool") return DataType::Bool();
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
    diagnostics.Add(decl.type_location, "unknown type \"" + decl.type +
                                            "\" (expected string, integer, decimal(N) or boolean)");
    return std::nullopt;
  }
  CsvColumnRequest request;
  request.name = decl.name.name;
  request.type = *type;
  request.required = decl.required;
  request.trim = decl.trim;
  request.empty_is_null = decl.empty_is_null;
  request.not_null = decl.not_null;
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

}  // namespace

std::unique_ptr<Plan> Plan::CompileFile(const std::string& policy_path) {
  return Compile(ParsePolicyFile(policy_path));
}

std::unique_ptr<Plan> Plan::Compile(const PolicyAst& policy) {
  std::unique_ptr<Plan> plan(new Plan());
  plan->policy_ = policy;
  Diagnostics diagnostics;
  Scope scope;
  plan->input_name_ = policy.input.name.name;
  plan->input_encoding_ = EncodingOf(policy.input.encoding, diagnostics);

  // Input columns take the first slots, in declaration order.
  for (const ColumnDecl& decl : policy.input.columns) {
    auto request = ColumnRequest(decl, diagnostics, &plan->issues_);
    if (!request) continue;
    if (scope.columns.count(request->name)) {
      diagnostics.Add(decl.name.location, "column \"" + request->name + "\" is declared twice");
      continue;
    }
    scope.columns[request->name] =
        Scope::Entry{request->type, static_cast<int>(plan->input_columns_.size())};
    plan->input_columns_.push_back(*request);
  }
  if (policy.input.key) {
    plan->key_column_ = policy.input.key->name;
    if (!scope.columns.count(plan->key_column_))
      diagnostics.Add(policy.input.key->location,
                      "key \"" + plan->key_column_ + "\" is not a declared column");
  }

  // Tables, with paths relative to the policy file.
  std::filesystem::path base = std::filesystem::path(policy.source->path).parent_path();
  for (const TableDecl& decl : policy.tables) {
    CsvReadOptions options;
    const bool from_database = IsPostgresSource(decl.path);
    options.path = from_database ? decl.path : (base / decl.path).string();
    options.threads = 1;
    options.encoding = EncodingOf(decl.encoding, diagnostics);
    for (const ColumnDecl& c : decl.columns)
      if (auto request = ColumnRequest(c, diagnostics, nullptr))
        options.columns.push_back(*request);
    if (decl.columns.empty()) {  // every column, as trimmed strings
      options.keep_other_columns = true;
      options.trim_other_columns = true;
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

  ExprBinder binder(&diagnostics);
  BindContext ctx{binder,        diagnostics,   scope,
                  plan->issues_, plan->tables_, static_cast<int>(plan->input_columns_.size())};
  for (const Step& step : policy.steps) {
    std::unique_ptr<CompiledStep> compiled;
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
    }
    if (compiled) {
      // "classify own_segment (policy.yaml:42:5)", with the step's own name if it has one.
      std::string what = step.name;
      if (what.empty())
        for (const auto& o : compiled->outputs()) what += (what.empty() ? "" : ", ") + o;
      std::string named = std::string(compiled->kind()) + (what.empty() ? "" : " " + what);
      compiled->label = named + " (" + step.location.ToString() + ")";
      compiled->where = step.location.ToString() + ": " + named;
      plan->steps_.push_back(std::move(compiled));
    }
  }

  for (const Named& column : policy.output.columns) {
    if (column.name == "issues" && !scope.columns.count("issues")) {
      plan->output_names_.push_back("issues");
      plan->output_slots_.push_back(-1);
      continue;
    }
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
  for (const auto& [name, entry] : scope.columns) plan->scope_slots_[name] = entry.slot;
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
  plan->slot_count_ = ctx.next_slot;
  if (!policy.summary.declared)
    for (size_t i = 0; i < plan->output_names_.size(); ++i) {
      const std::string& name = plan->output_names_[i];
      auto it = scope.columns.find(name);
      if (name != plan->key_column_ && it != scope.columns.end() &&
          it->second.type.id == TypeId::kString)
        plan->summary_dimensions_.push_back(name);
    }
  plan->node_count_ = binder.node_count();
  return plan;
}

}  // namespace acctseg

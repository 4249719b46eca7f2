// YAML -> PolicyAst. The parser is strict: an unknown key, a missing key or
// a value of the wrong shape is a located diagnostic, so a typo in a policy
// never silently changes what it does.
#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "policy/planning_parser.h"
#include "policy/policy_ast.h"
#include "policy/policy_limits.h"
#include "policy/routing_parser.h"
#include "policy/yaml_reader.h"

namespace acctseg {
namespace {

// "an aggregate step", "a tier step".
bool IsVowel(char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; }

// yaml-cpp's words for a layout mistake ("end of map not found", "illegal
// map value") name the parser's state, not the mistake, and its place is
// often the line after it: most often a tab, or a line indented unlike the
// key before it. The hint says what to look at.
// Where the mark falls inside a value written after "key: " on its line,
// the value is the mistake, not the layout: a ": " inside it starts a
// second key ("illegal map value"), and a value that opens with a quote
// ends where the quote closes ("end of map not found").
std::string QuotingHint(const std::string& line, size_t column) {
  size_t start = line.find_first_not_of(' ');
  if (start != std::string::npos && line.compare(start, 2, "- ") == 0)
    start = line.find_first_not_of(' ', start + 2);
  if (start == std::string::npos) return "";
  const size_t colon = line.find(": ", start);
  if (colon == std::string::npos || line.find_first_of("{[\"'", start) < colon) return "";
  const size_t value = line.find_first_not_of(' ', colon + 1);
  if (value == std::string::npos || column < value) return "";
  const std::string key = line.substr(start, colon - start);
  // A bare ',' (delimiter: ,) is YAML's own syntax there.
  if (column == value && line[value] == ',')
    return " (YAML reads a bare , as its own syntax: write the value in quotes, " + key +
           ": \",\")";
  if (column == value) return "";
  const char first = line[value];
  if (first == '{' || first == '[') return "";
  return " (the value of " + key +
         (first == '\'' || first == '"'
              ? " begins with a quote, so YAML ends it where that quote closes"
              : " holds \": \", which YAML reads as the start of another key") +
         ": write the whole value in double quotes, e.g. " + key +
         ": \"... 'text' ...\" (docs/policy-language.md §4.1))";
}

std::string LayoutHint(const SourceFile& source, const YAML::Mark& mark,
                       const std::string& message) {
  const size_t line = static_cast<size_t>(mark.line) + 1;
  for (size_t at : {line, line - 1}) {
    if (at == 0) continue;
    const std::string text = source.Line(at);
    if (text.substr(0, text.find_first_not_of(" \t")).find('\t') != std::string::npos)
      return " (line " + std::to_string(at) +
             " is indented with a tab: YAML indents with spaces only)";
  }
  if (message == "illegal map value" || message == "end of map not found")
    if (std::string quoting = QuotingHint(source.Line(line), static_cast<size_t>(mark.column));
        !quoting.empty())
      return quoting;
  if (message == "end of map not found" || message == "end of sequence not found" ||
      message == "illegal map value" || message == "illegal block entry")
    return " (check the indentation of this line and the one before it: the keys of one "
           "mapping, and the items of one list, start in the same column)";
  return "";
}

class PolicyParser : public YamlReader {
 public:
  explicit PolicyParser(std::shared_ptr<const SourceFile> source) : YamlReader(std::move(source)) {}

  PolicyAst Parse() {
    YAML::Node root;
    try {
      root = YAML::Load(source()->text);
    } catch (const YAML::DeepRecursion& e) {
      // yaml-cpp's own guard against deep nesting; its message is "bad file".
      diagnostics().Add(At(e.mark), "invalid YAML: nested too deeply");
      diagnostics().ThrowIfAny();
    } catch (const YAML::ParserException& e) {
      diagnostics().Add(At(e.mark),
                        "invalid YAML: " + e.msg + LayoutHint(*source(), e.mark, e.msg));
      diagnostics().ThrowIfAny();
    }
    PolicyAst ast;
    ast.source = source();
    if (ExceedsNodeBudget(source()->text, kMaxPolicyNodes)) {
      diagnostics().Add(At(root.Mark()),
                        fmt::format("the policy is too large: more than {} YAML nodes once "
                                    "aliases are expanded",
                                    kMaxPolicyNodes));
      diagnostics().ThrowIfAny();
    }
    CheckQuotesClosed(root);
    diagnostics().ThrowIfAny();  // what follows an open quote was swallowed: nothing else is sure
    CheckRepeatedKeys(root);
    if (!root.IsMap()) {
      diagnostics().Add(At(root.Mark()),
                        "a policy must be a mapping with keys input, steps, output");
      diagnostics().ThrowIfAny();
    }
    CheckKeys(root, {"policy", "description", "input", "inputs", "tables", "as_of", "steps",
                     "output", "summary", "coverage", "capacity", "routing"});
    if (auto n = root["policy"]) ast.name = Scalar(n, "policy name");
    if (auto n = root["as_of"]) ast.as_of = Name(n, "as_of");
    ParseInputs(root, &ast.inputs);
    if (auto n = root["tables"]) ParseTables(n, &ast.tables);
    if (auto n = Require(root, "steps")) {
      if (!n.IsSequence()) {
        diagnostics().Add(At(n.Mark()), "steps must be a list");
      } else {
        size_t index = 0;
        for (const auto& item : n) {
          if (index++ == kMaxSteps) {
            diagnostics().Add(At(item.Mark()),
                              fmt::format("too many steps (a policy has at most {})", kMaxSteps));
            break;
          }
          ParseStep(item, &ast.steps);
        }
      }
    }
    if (auto n = Require(root, "output")) ast.output = ParseOutput(n);
    if (auto n = root["summary"]) ast.summary = ParseSummary(n);
    if (auto n = root["coverage"]) ast.coverage = ParseCoverage(*this, n, KeyAt(root, "coverage"));
    if (auto n = root["capacity"]) ast.capacity = ParseCapacity(*this, n, KeyAt(root, "capacity"));
    if (ast.coverage && ast.capacity) CheckCoverageRoles(*this, *ast.coverage, *ast.capacity);
    if (auto n = root["routing"]) ast.routing = ParseRouting(*this, n, KeyAt(root, "routing"));
    diagnostics().ThrowIfAny();
    return ast;
  }

 private:
  ColumnDecl ParseColumn(const YAML::Node& key, const YAML::Node& value) {
    ColumnDecl c;
    c.name = Name(key, "column name");
    if (value.IsScalar()) {
      c.type = value.Scalar();
      c.type_location = At(value.Mark());
      return c;
    }
    if (!value.IsMap()) {
      diagnostics().Add(At(value.Mark()),
                        "expected a type (string, integer, decimal(N), boolean) "
                        "or a mapping with key type");
      return c;
    }
    CheckKeys(value, {"type", "required", "trim", "empty_is_null", "not_null", "invalid_issue",
                      "timezone", "post_outcome"});
    if (auto t = Require(value, "type")) {
      c.type = Scalar(t, "type");
      c.type_location = At(t.Mark());
    }
    if (auto n = value["required"]) c.required = Bool(n, "required");
    if (auto n = value["trim"]) c.trim = Bool(n, "trim");
    if (auto n = value["empty_is_null"]) c.empty_is_null = Bool(n, "empty_is_null");
    if (auto n = value["not_null"]) c.not_null = Bool(n, "not_null");
    if (auto n = value["invalid_issue"]) c.invalid_issue = Scalar(n, "invalid_issue");
    if (auto n = value["timezone"]) c.timezone = Name(n, "timezone");
    if (auto n = value["post_outcome"]) c.post_outcome = Bool(n, "post_outcome");
    return c;
  }

  void ParseColumns(const YAML::Node& n, std::vector<ColumnDecl>* columns) {
    if (!n.IsMap()) {
      diagnostics().Add(At(n.Mark()), "columns must be a mapping of column name to type");
      return;
    }
    for (auto it = n.begin(); it != n.end(); ++it)
      columns->push_back(ParseColumn(it->first, it->second));
  }

  // `input:` (one input, named by its `name:`, "accounts" by default) or
  // `inputs:` (a mapping of input name to its declaration; the first is the
  // account universe).
  void ParseInputs(const YAML::Node& root, std::vector<InputDecl>* inputs) {
    const YAML::Node one = root["input"], several = root["inputs"];
    if (one && several) {
      diagnostics().Add(At(several.Mark()),
                        "a policy has input (one) or inputs (several), not both");
      return;
    }
    if (one) {
      inputs->push_back(ParseInput(one, nullptr));
      return;
    }
    if (!several) {
      diagnostics().Add(At(root.Mark()), "missing key \"input\" (or \"inputs\")");
      return;
    }
    if (!several.IsMap() || several.size() == 0) {
      diagnostics().Add(At(several.Mark()),
                        "inputs must be a mapping of input name to {key, columns}, the "
                        "accounts first");
      return;
    }
    std::set<std::string> seen;
    for (auto it = several.begin(); it != several.end(); ++it) {
      if (!IsScalarKey(it->first)) continue;
      Named name = Name(it->first, "input name");
      if (!seen.insert(name.name).second) {
        diagnostics().Add(name.location, "input \"" + name.name + "\" is declared twice");
        continue;
      }
      inputs->push_back(ParseInput(it->second, &name));
    }
  }

  // `name`: the key it was declared under in `inputs:`; nullptr for `input:`.
  InputDecl ParseInput(const YAML::Node& n, const Named* name) {
    InputDecl input;
    if (name) input.name = *name;
    if (!n.IsMap()) {
      diagnostics().Add(At(n.Mark()), name ? "an input must be a mapping with keys key, columns"
                                           : "input must be a mapping with keys name, columns");
      return input;
    }
    if (name) {
      CheckKeys(n, {"key", "columns", "encoding", "delimiter", "decimal_mark"});
    } else {
      CheckKeys(n, {"name", "key", "columns", "encoding", "delimiter", "decimal_mark"});
      input.name = n["name"] ? Name(n["name"], "input name") : Named{"accounts", At(n.Mark())};
    }
    if (auto k = n["key"]) input.key = Name(k, "key");
    ParseFileFormat(n, &input.format);
    if (auto c = Require(n, "columns")) ParseColumns(c, &input.columns);
    return input;
  }

  void ParseFileFormat(const YAML::Node& n, FileFormatDecl* format) {
    if (auto e = n["encoding"]) format->encoding = Name(e, "encoding");
    if (auto d = n["delimiter"]) format->delimiter = Name(d, "delimiter");
    if (auto m = n["decimal_mark"]) format->decimal_mark = Name(m, "decimal_mark");
  }

  void ParseTables(const YAML::Node& n, std::vector<TableDecl>* tables) {
    if (!n.IsMap()) {
      diagnostics().Add(At(n.Mark()), "tables must be a mapping of table name to {path, columns}");
      return;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      TableDecl t;
      t.name = Name(it->first, "table name");
      YAML::Node body = it->second;  // a copy: the iterator's pair is a temporary
      if (body.IsScalar()) {
        t.path = body.Scalar();
        t.path_location = At(body.Mark());
      } else {
        CheckKeys(body, {"path", "columns", "encoding", "delimiter", "decimal_mark"});
        if (auto p = Require(body, "path")) {
          t.path = Scalar(p, "path");
          t.path_location = At(p.Mark());
        }
        if (auto c = body["columns"]) ParseColumns(c, &t.columns);
        ParseFileFormat(body, &t.format);
      }
      tables->push_back(std::move(t));
    }
  }

  void ParseStep(const YAML::Node& item, std::vector<Step>* steps) {
    static const std::vector<std::string> kKinds = {"family", "classify", "lookup",    "score",
                                                    "tier",   "compute",  "aggregate", "normalize",
                                                    "dedupe", "predict"};
    if (!item.IsMap() || item.size() != 1) {
      diagnostics().Add(At(item.Mark()),
                        "a step is a mapping with one key, the step kind (family, "
                        "classify, lookup, score, tier, compute, aggregate, normalize, dedupe or "
                        "predict)");
      return;
    }
    auto entry = item.begin();
    if (!IsScalarKey(entry->first)) return;
    std::string kind = entry->first.Scalar();
    YAML::Node body = entry->second;  // a copy: the iterator's pair is a temporary
    Step step;
    step.location = At(entry->first.Mark());
    auto found = std::find(kKinds.begin(), kKinds.end(), kind);
    if (found == kKinds.end()) {
      diagnostics().Add(step.location, "unknown step \"" + kind + "\"" + DidYouMean(kind, kKinds));
      return;
    }
    step.kind = static_cast<Step::Kind>(found - kKinds.begin());
    if (!body.IsMap()) {
      diagnostics().Add(At(body.Mark()), "the body of a " + kind + " step must be a mapping");
      return;
    }
    if (step.kind != Step::Kind::kCompute && step.kind != Step::Kind::kNormalize)
      if (auto n = body["name"]) step.name = Scalar(n, "step name");
    if (auto n = body["on"]) {
      if (StepRunsOnRelatedTables(step.kind))
        step.on = Name(n, "on");
      else
        diagnostics().Add(At(n.Mark()), std::string(IsVowel(kind[0]) ? "an " : "a ") + kind +
                                            " step runs on the accounts; on: is for classify, "
                                            "compute, lookup and score");
    }
    switch (step.kind) {
      case Step::Kind::kFamily:
        ParseFamily(body, &step.family);
        break;
      case Step::Kind::kClassify:
        ParseClassify(body, &step.classify);
        break;
      case Step::Kind::kLookup:
        ParseLookup(body, &step.lookup);
        break;
      case Step::Kind::kScore:
        ParseScore(body, &step.score);
        break;
      case Step::Kind::kTier:
        ParseTier(body, &step.tier);
        break;
      case Step::Kind::kCompute:
        ParseCompute(body, &step.compute);
        break;
      case Step::Kind::kAggregate:
        ParseAggregate(body, &step.aggregate);
        break;
      case Step::Kind::kNormalize:
        ParseNormalize(body, &step.normalize);
        break;
      case Step::Kind::kDedupe:
        ParseDedupe(body, &step.dedupe);
        break;
      case Step::Kind::kPredict:
        ParsePredict(body, &step.predict);
        break;
    }
    steps->push_back(std::move(step));
  }

  static bool StepRunsOnRelatedTables(Step::Kind kind) {
    return kind == Step::Kind::kClassify || kind == Step::Kind::kCompute ||
           kind == Step::Kind::kLookup || kind == Step::Kind::kScore;
  }

  void ParseAggregate(const YAML::Node& n, AggregateStep* s) {
    CheckKeys(n, {"name", "from", "by", "where", "columns", "unmatched"});
    if (auto v = Require(n, "from")) s->from = Name(v, "from");
    if (auto v = Require(n, "by")) s->by = Name(v, "by");
    if (auto v = n["where"]) s->where = Expr(v, "where");
    if (auto v = n["unmatched"]) {
      s->unmatched = Scalar(v, "unmatched");
      s->unmatched_location = At(v.Mark());
      if (s->unmatched != "warn" && s->unmatched != "error" && s->unmatched != "ignore")
        diagnostics().Add(s->unmatched_location, "unmatched must be warn, error or ignore");
    }
    auto columns = Require(n, "columns");
    if (!columns) return;
    if (!columns.IsMap() || columns.size() == 0) {
      diagnostics().Add(At(columns.Mark()),
                        "columns must be a mapping of output name to an expression of "
                        "aggregates, like COUNT_IF(stage = 'Closed Won')");
      return;
    }
    for (auto it = columns.begin(); it != columns.end(); ++it)
      if (IsScalarKey(it->first))
        s->columns.push_back({Name(it->first, "column name"), Expr(it->second, "aggregate")});
  }

  void ParseFamily(const YAML::Node& n, FamilyStep* s) {
    CheckKeys(n, {"name", "id", "parent", "missing_issue", "cycle_issue"});
    if (auto v = Require(n, "id")) s->id = Name(v, "id");
    if (auto v = Require(n, "parent")) s->parent = Name(v, "parent");
    if (auto v = n["missing_issue"]) s->missing_issue = Scalar(v, "missing_issue");
    if (auto v = n["cycle_issue"]) s->cycle_issue = Scalar(v, "cycle_issue");
  }

  void ParseClassify(const YAML::Node& n, ClassifyStep* s) {
    CheckKeys(n, {"name", "on", "output", "rules"});
    if (auto v = Require(n, "output")) s->output = Name(v, "output");
    auto rules = Require(n, "rules");
    if (!rules) return;
    if (!rules.IsSequence()) {
      diagnostics().Add(At(rules.Mark()), "rules must be a list");
      return;
    }
    for (const auto& r : rules) {
      ClassifyRule rule;
      rule.location = At(r.Mark());
      if (!r.IsMap()) {
        diagnostics().Add(rule.location,
                          "a rule is a mapping with keys when, then (or value), issue");
        continue;
      }
      CheckKeys(r, {"when", "then", "value", "issue", "else"});
      if (auto w = r["when"]) rule.when = Expr(w, "when");
      if (auto t = r["then"]) rule.label = Scalar(t, "then");
      if (auto e = r["else"]) rule.label = Scalar(e, "else");
      if (auto v = r["value"]) rule.value = Expr(v, "value");
      if (auto i = r["issue"]) rule.issue = Scalar(i, "issue");
      if (r["else"] && r["when"]) diagnostics().Add(rule.location, "an else rule has no when");
      if (rule.label.has_value() == rule.value.has_value())
        diagnostics().Add(rule.location,
                          "a rule needs exactly one of then (a label), else (a label) "
                          "or value (an expression)");
      s->rules.push_back(std::move(rule));
    }
  }

  void ParseLookup(const YAML::Node& n, LookupStep* s) {
    CheckKeys(n, {"name", "on", "table", "keys", "columns", "missing_issue"});
    if (auto v = Require(n, "table")) s->table = Name(v, "table");
    if (auto v = n["missing_issue"]) s->missing_issue = Scalar(v, "missing_issue");
    if (auto keys = Require(n, "keys")) {
      if (!keys.IsSequence()) {
        diagnostics().Add(At(keys.Mark()), "keys must be a list of {table column: expression}");
      } else {
        for (const auto& k : keys) {
          LookupKey key;
          key.location = At(k.Mark());
          if (!k.IsMap()) {
            diagnostics().Add(key.location, "a key is a mapping of table column to expression");
            continue;
          }
          for (auto it = k.begin(); it != k.end(); ++it)
            key.parts.emplace_back(Name(it->first, "table column"), Expr(it->second, "key"));
          s->keys.push_back(std::move(key));
        }
      }
    }
    if (auto cols = Require(n, "columns")) {
      if (!cols.IsMap()) {
        diagnostics().Add(At(cols.Mark()),
                          "columns must be a mapping of output name to table column");
      } else {
        for (auto it = cols.begin(); it != cols.end(); ++it)
          s->columns.emplace_back(Name(it->first, "output"), Name(it->second, "table column"));
      }
    }
  }

  void ParseScore(const YAML::Node& n, ScoreStep* s) {
    CheckKeys(n, {"name", "on", "output", "terms", "min", "max", "decimals"});
    if (auto v = Require(n, "output")) s->output = Name(v, "output");
    if (auto v = n["min"]) s->min = Expr(v, "min");
    if (auto v = n["max"]) s->max = Expr(v, "max");
    if (auto v = n["decimals"]) {
      std::string d = Scalar(v, "decimals");
      if (d.empty() || d.size() > 1 || d[0] < '0' || d[0] > '9')
        diagnostics().Add(At(v.Mark()), "decimals must be a whole number from 0 to 9");
      else
        s->decimals = d[0] - '0';
    }
    auto terms = Require(n, "terms");
    if (!terms) return;
    if (!terms.IsSequence()) {
      diagnostics().Add(At(terms.Mark()), "terms must be a list");
      return;
    }
    for (const auto& t : terms) {
      ScoreTerm term;
      term.location = At(t.Mark());
      if (!t.IsMap()) {
        diagnostics().Add(term.location, "a term is a mapping with keys when, points, reason");
        continue;
      }
      CheckKeys(t, {"when", "points", "reason"});
      if (auto w = t["when"]) term.when = Expr(w, "when");
      if (auto p = Require(t, "points")) term.points = Expr(p, "points");
      if (auto r = t["reason"]) term.reason = Scalar(r, "reason");
      s->terms.push_back(std::move(term));
    }
  }

  // A list of order keys (or one), each an expression with an optional
  // trailing ASC or DESC word.
  std::vector<OrderKey> OrderKeys(const YAML::Node& order, const char* what) {
    std::vector<OrderKey> keys;
    std::vector<YAML::Node> items;
    if (order.IsSequence())
      for (const auto& o : order) items.push_back(o);
    else
      items.push_back(order);
    for (const auto& o : items) {
      OrderKey key;
      key.expr = Expr(o, what);
      std::string& text = key.expr.text;
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
      auto ends_with = [&](const std::string& word) {
        if (text.size() <= word.size()) return false;
        std::string tail = text.substr(text.size() - word.size());
        for (auto& c : tail) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        char before = text[text.size() - word.size() - 1];
        return tail == word && (before == ' ' || before == '\t' || before == ')');
      };
      if (ends_with("DESC")) {
        key.descending = true;
        text.resize(text.size() - 4);
      } else if (ends_with("ASC")) {
        text.resize(text.size() - 3);
      }
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
      keys.push_back(std::move(key));
    }
    return keys;
  }

  void ParseTier(const YAML::Node& n, TierStep* s) {
    CheckKeys(n, {"name", "output", "group_by", "order_by", "cuts"});
    if (auto v = Require(n, "output")) s->output = Name(v, "output");
    if (auto v = n["group_by"]) s->group_by = Expr(v, "group_by");
    if (auto order = Require(n, "order_by")) s->order_by = OrderKeys(order, "order_by");
    auto cuts = Require(n, "cuts");
    if (!cuts) return;
    if (!cuts.IsSequence()) {
      diagnostics().Add(At(cuts.Mark()), "cuts must be a list of {tier, top | top_n | min}");
      return;
    }
    for (const auto& c : cuts) {
      TierCut cut;
      cut.location = At(c.Mark());
      if (!c.IsMap()) {
        diagnostics().Add(cut.location, "a cut is a mapping with keys tier and top, top_n or min");
        continue;
      }
      CheckKeys(c, {"tier", "top", "top_n", "min"});
      if (auto t = Require(c, "tier")) cut.label = Scalar(t, "tier");
      if (auto v = c["top"]) cut.top_share = Expr(v, "top");
      if (auto v = c["top_n"]) cut.top_count = Expr(v, "top_n");
      if (auto v = c["min"]) cut.min_value = Expr(v, "min");
      int given = cut.top_share.has_value() + cut.top_count.has_value() + cut.min_value.has_value();
      if (given > 1) diagnostics().Add(cut.location, "a cut takes one of top, top_n or min");
      s->cuts.push_back(std::move(cut));
    }
  }

  void ParseDedupe(const YAML::Node& n, DedupeStep* s) {
    CheckKeys(n, {"name", "id", "domain", "name_key", "country", "similarity", "window", "survivor",
                  "cluster", "duplicate_of", "issue"});
    s->location = At(n.Mark());
    if (auto v = n["id"]) s->id = Name(v, "id");
    if (auto v = n["domain"]) s->domain = Expr(v, "domain");
    if (auto v = n["name_key"]) s->name = Expr(v, "name_key");
    if (auto v = n["country"]) s->country = Expr(v, "country");
    if (auto v = n["similarity"]) s->similarity = Expr(v, "similarity");
    if (auto v = n["window"]) s->window = Expr(v, "window");
    if (auto v = n["survivor"]) s->survivor = OrderKeys(v, "survivor");
    if (auto v = Require(n, "cluster")) s->cluster = Name(v, "cluster");
    if (auto v = n["duplicate_of"]) s->duplicate_of = Name(v, "duplicate_of");
    if (auto v = n["issue"]) s->issue = Scalar(v, "issue");
  }

  void ParseCompute(const YAML::Node& n, ComputeStep* s) {
    // Every key is a column but `on` (the related input it runs on): a
    // compute step has no label key, so a column may be called "name".
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "on") continue;
      s->columns.emplace_back(Name(it->first, "column name"), Expr(it->second, "compute"));
    }
  }

  // Every key is an output column, as in compute; each value names one
  // normalizer with its input expression, and optionally an issue code.
  void ParseNormalize(const YAML::Node& n, NormalizeStep* s) {
    static const std::vector<std::string> kNormalizers = {"country", "domain", "company_name",
                                                          "phone"};
    for (auto it = n.begin(); it != n.end(); ++it) {
      NormalizeOutput out;
      out.output = Name(it->first, "output column");
      const YAML::Node body = it->second;
      if (!body.IsMap()) {
        diagnostics().Add(At(body.Mark()),
                          "a normalize output is a mapping {country | domain | company_name | "
                          "phone: expression, issue: code}");
        continue;
      }
      std::vector<std::string> allowed = kNormalizers;
      allowed.push_back("issue");
      CheckKeys(body, allowed);
      for (const auto& kind : kNormalizers) {
        if (!body[kind]) continue;
        if (!out.normalizer.name.empty())
          diagnostics().Add(At(body.Mark()), "a normalize output takes one normalizer, not " +
                                                 out.normalizer.name + " and " + kind);
        out.normalizer = Named{kind, At(body[kind].Mark())};
        out.input = Expr(body[kind], kind.c_str());
      }
      if (out.normalizer.name.empty())
        diagnostics().Add(At(body.Mark()), "normalize output \"" + out.output.name +
                                               "\" needs a normalizer: country, domain, "
                                               "company_name or phone");
      if (auto i = body["issue"]) out.issue = Scalar(i, "issue");
      s->outputs.push_back(std::move(out));
    }
  }

  void ParsePredict(const YAML::Node& n, PredictStep* s) {
    CheckKeys(n, {"model", "output", "reasons", "top", "reasons_method", "name"});
    s->model = RequireName(n, "model");
    s->output = RequireName(n, "output");
    if (auto r = n["reasons"]) s->reasons = Name(r, "reasons");
    if (auto t = n["top"]) {
      s->top_location = At(t.Mark());
      std::string text = Scalar(t, "top");
      if (text.size() != 1 || text[0] < '1' || text[0] > '9')
        diagnostics().Add(s->top_location, "top must be a number of reasons from 1 to 9");
      else
        s->top = text[0] - '0';
    }
    if (auto m = n["reasons_method"]) {
      std::string method = Scalar(m, "reasons_method");
      if (method == "fast")
        s->exact_reasons = false;
      else if (method != "exact")
        diagnostics().Add(At(m.Mark()),
                          "reasons_method must be exact (TreeSHAP) or fast "
                          "(the trees' path attribution)");
    }
  }

  SummaryDecl ParseSummary(const YAML::Node& n) {
    SummaryDecl summary;
    summary.declared = true;
    if (!n.IsMap()) {
      diagnostics().Add(At(n.Mark()), "summary must be a mapping with keys dimensions, measures");
      return summary;
    }
    CheckKeys(n, {"dimensions", "measures"});
    for (const char* key : {"dimensions", "measures"}) {
      YAML::Node list = n[key];
      if (!list) continue;
      if (!list.IsSequence()) {
        diagnostics().Add(At(list.Mark()), std::string(key) + " must be a list of column names");
        continue;
      }
      for (const auto& c : list)
        (std::string(key) == "dimensions" ? summary.dimensions : summary.measures)
            .push_back(Name(c, key));
    }
    return summary;
  }

  OutputDecl ParseOutput(const YAML::Node& n) {
    OutputDecl out;
    if (n.IsMap()) {
      CheckKeys(n, {"columns", "issues_separator"});
      if (auto s = n["issues_separator"]) out.issues_separator = Scalar(s, "issues_separator");
    }
    // A node of its own, never assigned: Node::operator= would write through
    // to the policy's node, and reset() throws on a missing one.
    const YAML::Node columns = n.IsMap() ? Require(n, "columns") : n;
    if (!columns || !columns.IsSequence()) {
      if (!n.IsMap() || columns) diagnostics().Add(At(n.Mark()), "output must list its columns");
      return out;
    }
    for (const auto& c : columns) out.columns.push_back(Name(c, "output column"));
    return out;
  }
};

}  // namespace

PolicyAst ParsePolicyText(const std::string& path, const std::string& text) {
  if (text.size() > kMaxPolicyBytes)
    throw Error(ErrorKind::kPolicy,
                fmt::format("{}: the policy is larger than {} MiB", path, kMaxPolicyBytes >> 20));
  auto source = std::make_shared<SourceFile>(SourceFile{path, text});
  return PolicyParser(source).Parse();
}

PolicyAst ParsePolicyFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw Error(ErrorKind::kIo, path + ": is a directory, not a policy file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int why = errno;
    std::string message = path + ": cannot open policy file: " + std::strerror(why);
    // A relative path is the current directory's: examples and docs give
    // paths from the repository root.
    if (why == ENOENT && !path.empty() && path[0] != '/')
      message += " (in " + std::filesystem::current_path(error).string() + ")";
    throw Error(ErrorKind::kIo, message);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParsePolicyText(path, buffer.str());
}

}  // namespace acctseg

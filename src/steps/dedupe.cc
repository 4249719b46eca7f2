// The dedupe step: likely duplicate accounts. Rows sharing a domain, or
// with equal or similar names within a country, form clusters
// (steps/dedupe_clusters.h); each cluster's survivor is its first row by
// the survivor order. Outputs the survivor's id on every row of a cluster
// (`cluster`) and on the others (`duplicate_of`), and an issue code on
// every row of a cluster. The links that formed each cluster are kept for
// explain (at most one per row).
#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <unordered_map>

#include "common/error.h"
#include "common/parallel.h"
#include "steps/dedupe_clusters.h"
#include "steps/dedupe_similarity.h"
#include "steps/explain_util.h"
#include "steps/order_keys.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// Links listed when explaining one row; a longer path is cut short.
constexpr size_t kMaxExplainedLinks = 20;

struct DedupeDetail final : StepDetail {
  DuplicateClusters clusters;
};

struct DedupeOptions {
  ExprPtr domain, name, country;
  double similarity = 0.92;
  std::string similarity_text = "0.92";
  size_t window = 8;
  std::vector<CompiledOrder> survivor;
};

// A value for a sentence: text as it is, anything else as explain writes it.
std::string Plain(const RowValue& value) {
  return value.json.is_string() ? value.json.get<std::string>() : value.text;
}

class Dedupe final : public CompiledStep {
 public:
  Dedupe(DedupeOptions options, int id_slot, std::string id_name, int cluster_slot,
         std::string cluster, int duplicate_slot, std::string duplicate_of, uint64_t issue_mask)
      : options_(std::move(options)),
        id_slot_(id_slot),
        id_name_(std::move(id_name)),
        cluster_slot_(cluster_slot),
        cluster_(std::move(cluster)),
        duplicate_slot_(duplicate_slot),
        duplicate_of_(std::move(duplicate_of)),
        issue_mask_(issue_mask) {}

  const char* kind() const override { return "dedupe"; }

  std::vector<std::string> outputs() const override {
    if (duplicate_slot_ < 0) return {cluster_};
    return {cluster_, duplicate_of_};
  }

  void Run(RunState& state, StepTrace& trace) const override {
    RunData& run = state.data;
    const size_t n = run.row_count;
    CheckIds(state);
    auto evaluate = [&](const ExprPtr& expr) {
      return expr ? Materialize(*expr, run) : std::shared_ptr<const Column>();
    };
    auto domain = evaluate(options_.domain), name = evaluate(options_.name),
         country = evaluate(options_.country);
    DuplicateKeys keys{domain.get(), name.get(), country.get(), options_.similarity,
                       options_.window};
    std::vector<std::shared_ptr<const Column>> order_columns;
    RowOrder order;
    // A row without an id (kept, with a warning, when the id is the input's
    // key) cannot name its cluster: it is never the survivor while the
    // cluster has a row with an id. As survivor it left every row of its
    // cluster with no cluster named and the issue set.
    const Column& id = *run.slots[id_slot_];
    const bool ids_missing = id.HasNulls() && id.nulls.Any();
    if (ids_missing) {
      auto has_id = std::make_shared<Column>(Column::Make(DataType::Int64(), n, false));
      for (size_t row = 0; row < n; ++row) has_id->ints.Set(row, id.IsNull(row) ? 0 : 1);
      order_columns.push_back(has_id);
      order.Add(has_id.get(), true);
    }
    for (const CompiledOrder& key : options_.survivor) {
      order_columns.push_back(Materialize(*key.expr, run));
      order.Add(order_columns.back().get(), key.descending);
    }
    auto detail = std::make_shared<DedupeDetail>();
    detail->clusters = FindDuplicates(
        keys, n, options_.survivor.empty() && !ids_missing ? nullptr : &order, run.threads);
    const std::vector<int32_t>& survivor = detail->clusters.survivor;

    // Both outputs carry the survivor's id: its code in the id's dictionary.
    auto cluster = std::make_shared<Column>(Column::Make(DataType::String(), n, true));
    auto duplicate = std::make_shared<Column>(Column::Make(DataType::String(), n, true));
    cluster->dictionary = duplicate->dictionary = id.dictionary;
    uint32_t* cluster_codes = cluster->codes.Wide();
    uint32_t* duplicate_codes = duplicate->codes.Wide();
    ParallelRanges(n, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        const int32_t s = survivor[row];
        const bool in_cluster = s >= 0 && !id.IsNull(s);
        cluster->nulls.Set(row, !in_cluster);
        duplicate->nulls.Set(row, !in_cluster || static_cast<size_t>(s) == row);
        if (in_cluster) cluster_codes[row] = duplicate_codes[row] = id.codes[s];
        // (A cluster of rows none of which has an id is named by none.)
        if (in_cluster) state.issues.Add(row, issue_mask_);
      }
    });
    cluster->Narrow(run.threads);
    duplicate->Narrow(run.threads);
    run.slots[cluster_slot_] = cluster;
    if (duplicate_slot_ >= 0) run.slots[duplicate_slot_] = duplicate;
    trace.detail = detail;
  }

  // A cluster and a duplicate are named by the survivor's id: an id that is
  // empty or repeated would name none, or two accounts (the input's key is
  // checked when read).
  void CheckIds(const RunState& state) const {
    const Column& id = *state.data.slots[id_slot_];
    if (id_slot_ == state.key_slot) return;
    // Empty text too: a cluster named '' reads as none in a CSV.
    for (size_t row = 0; row < id.size(); ++row)
      if (id.IsNull(row) || id.StringAt(row).empty())
        throw Error(ErrorKind::kInput, Located(state.input_path, (*state.row_lines)[row], 0,
                                               "the dedupe id " + id_name_ +
                                                   " is empty: a duplicate is named by "
                                                   "its survivor's id"));
    CheckUniqueKey(id, "dedupe id " + id_name_, state.input_path, *state.row_lines);
  }

  // The row's cluster and survivor, and the chain of links from the row
  // to the survivor (for the survivor, its own links), each with its reason.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                 size_t row) const override {
    nlohmann::ordered_json outputs = {{cluster_, Output(state, cluster_slot_, row)}};
    if (duplicate_slot_ >= 0) outputs[duplicate_of_] = Output(state, duplicate_slot_, row);
    nlohmann::ordered_json result = {{"kind", "dedupe"}, {"label", label}, {"outputs", outputs}};
    if (!trace.detail) {  // a run that stopped before this step
      result["summary"] = "not run";
      return result;
    }
    const DuplicateClusters& clusters = static_cast<const DedupeDetail&>(*trace.detail).clusters;
    const int32_t survivor = clusters.survivor[row];
    if (survivor < 0) {
      result["cluster"] = nullptr;
      result["summary"] = cluster_ + " = NULL: no other account shares " + Keys(state, row);
      return result;
    }
    size_t size = 0;
    for (int32_t s : clusters.survivor) size += s == survivor;
    const std::string survivor_id = Id(state, survivor);
    result["cluster"] = {{"id", survivor_id}, {"size", size}, {"survivor", survivor_id}};
    std::string summary = cluster_ + " = " + survivor_id + ": ";
    if (!options_.survivor.empty()) {
      OrderValues mine = OrderValuesAt(options_.survivor, state, row);
      OrderValues theirs = OrderValuesAt(options_.survivor, state, survivor);
      result["survivor_by"] = {{"row", mine.json}, {"survivor", theirs.json}};
      summary +=
          static_cast<size_t>(survivor) == row
              ? "the survivor (" + mine.text + ") of " + std::to_string(size) + " likely duplicates"
              : "duplicate of " + survivor_id + " (" + theirs.text + " before " + mine.text +
                    ") among " + std::to_string(size);
    } else {
      summary += static_cast<size_t>(survivor) == row
                     ? "the survivor (first in input order) of " + std::to_string(size) +
                           " likely duplicates"
                     : "duplicate of " + survivor_id + " (first in input order) among " +
                           std::to_string(size);
    }
    nlohmann::ordered_json links = nlohmann::ordered_json::array();
    // The survivor has no path: its own links say why it has duplicates.
    std::vector<DuplicateLink> path = static_cast<size_t>(survivor) == row
                                          ? LinksOf(clusters, survivor)
                                          : PathToSurvivor(clusters, row);
    for (size_t i = 0; i < path.size() && i < kMaxExplainedLinks; ++i) {
      auto [json, text] = DescribeLink(state, path[i]);
      links.push_back(json);
      summary += (i == 0 ? "; " : ", ") + text;
    }
    if (path.size() > kMaxExplainedLinks)
      summary += fmt::format(", and {} more links", path.size() - kMaxExplainedLinks);
    result["links"] = links;
    result["summary"] = summary;
    return result;
  }

 private:
  static nlohmann::ordered_json Output(const RunState& state, int slot, size_t row) {
    return slot < 0 ? nlohmann::ordered_json(nullptr) : ValueJson(*state.data.slots[slot], row);
  }

  std::string Id(const RunState& state, size_t row) const {
    return KeyText(*state.data.slots[id_slot_], row);
  }

  // What the row could have been linked by, for a row in no cluster.
  // What the account could have shared; a NULL or blank key, which links
  // nothing, is said as "(it has none)", not "its domain NULL".
  static bool Blank(const RowValue& key) {
    return key.json.is_null() || (key.json.is_string() && key.json.get<std::string>().empty());
  }
  std::string Keys(const RunState& state, size_t row) const {
    std::string text;
    if (options_.domain) {
      const RowValue domain = EvaluateAt(*options_.domain, state, row);
      text = Blank(domain) ? "a domain (it has none)" : "its domain " + domain.text;
    }
    if (options_.name) {
      const RowValue name = EvaluateAt(*options_.name, state, row);
      text += (text.empty() ? "" : " or ") + (Blank(name) ? std::string("a name (it has none)")
                                                          : "a name similar to " + name.text);
      if (options_.country && !Blank(name))
        text += " in country " + EvaluateAt(*options_.country, state, row).text;
    }
    return text;
  }

  static std::vector<DuplicateLink> LinksOf(const DuplicateClusters& clusters, int32_t row) {
    std::vector<DuplicateLink> links;
    for (const DuplicateLink& link : clusters.links)
      if (link.row == row || link.other == row) links.push_back(link);
    return links;
  }

  // The links from `row` to its survivor through the cluster's kept links
  // (a tree, so the path is unique), found breadth first.
  static std::vector<DuplicateLink> PathToSurvivor(const DuplicateClusters& clusters, size_t row) {
    const int32_t survivor = clusters.survivor[row];
    std::unordered_map<int32_t, std::vector<const DuplicateLink*>> next;
    for (const DuplicateLink& link : clusters.links) {
      if (clusters.survivor[link.row] != survivor) continue;
      next[link.row].push_back(&link);
      next[link.other].push_back(&link);
    }
    std::unordered_map<int32_t, const DuplicateLink*> reached_by;
    std::deque<int32_t> queue = {static_cast<int32_t>(row)};
    reached_by[static_cast<int32_t>(row)] = nullptr;
    while (!queue.empty() && !reached_by.count(survivor)) {
      int32_t at = queue.front();
      queue.pop_front();
      for (const DuplicateLink* link : next[at]) {
        int32_t to = link->row == at ? link->other : link->row;
        if (reached_by.emplace(to, link).second) queue.push_back(to);
      }
    }
    std::vector<DuplicateLink> path;
    for (int32_t at = survivor; at != static_cast<int32_t>(row);) {
      const DuplicateLink* link = reached_by.at(at);
      path.push_back(*link);
      at = link->row == at ? link->other : link->row;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

  // One link as JSON and as "A2 ~ A1: same domain acme.com".
  std::pair<nlohmann::ordered_json, std::string> DescribeLink(const RunState& state,
                                                              const DuplicateLink& link) const {
    const std::string from = Id(state, link.row), to = Id(state, link.other);
    nlohmann::ordered_json json = {{"from", from}, {"to", to}};
    std::string text = from + " ~ " + to + ": ";
    auto country = [&]() {
      if (!options_.country) return std::string();
      std::string value = Plain(EvaluateAt(*options_.country, state, link.row));
      json["country"] = value;
      return " in country " + value;
    };
    switch (link.reason) {
      case DuplicateReason::kDomain: {
        std::string domain = Plain(EvaluateAt(*options_.domain, state, link.row));
        json["reason"] = "same domain";
        json["domain"] = domain;
        text += "same domain " + domain;
        break;
      }
      case DuplicateReason::kSameName: {
        std::string name = Plain(EvaluateAt(*options_.name, state, link.row));
        json["reason"] = "same name";
        json["name"] = name;
        text += "same name '" + name + "'" + country();
        break;
      }
      case DuplicateReason::kSimilarName: {
        std::string a = Plain(EvaluateAt(*options_.name, state, link.row));
        std::string b = Plain(EvaluateAt(*options_.name, state, link.other));
        // Rounded down, so the figure shown is never above the one compared.
        double similarity = std::floor(JaroWinkler(a, b) * 10000) / 10000;
        json["reason"] = "similar names";
        json["names"] = {a, b};
        json["similarity"] = similarity;
        json["threshold"] = options_.similarity;
        text += fmt::format("names '{}' / '{}' similar {:.4f} >= {}", a, b, similarity,
                            options_.similarity_text) +
                country();
        break;
      }
    }
    return {json, text};
  }

  DedupeOptions options_;
  int id_slot_;
  std::string id_name_;
  int cluster_slot_;
  std::string cluster_;
  int duplicate_slot_;
  std::string duplicate_of_;
  uint64_t issue_mask_;
};

// A text expression of the step, or nullptr (after a diagnostic if it fails).
ExprPtr BindText(const std::optional<ExprText>& text, const char* what, BindContext& ctx,
                 bool& ok) {
  if (!text) return nullptr;
  ExprPtr expr = ctx.exprs.Bind(*text, ctx.scope);
  if (expr && expr->type().id != TypeId::kString) {
    ctx.diagnostics.Add(text->location,
                        std::string(what) + " must be text, not " + expr->type().ToString());
    expr = nullptr;
  }
  ok &= expr != nullptr;
  return expr;
}

// A constant number of the step (similarity, window), nullopt after a diagnostic.
std::optional<double> BindConstant(const ExprText& text, BindContext& ctx, bool whole) {
  Scope constants;
  ExprPtr expr = ctx.exprs.BindNumber(text, constants);
  if (!expr) return std::nullopt;
  if (whole && expr->type().id != TypeId::kInt64) {
    ctx.diagnostics.Add(text.location, "expected a whole number");
    return std::nullopt;
  }
  int scale = expr->type().Scale();
  auto value = EvalConstantNumber(*expr, scale, ctx.exprs.node_count());
  if (!value) {
    ctx.diagnostics.Add(text.location, "expected a number, not NULL");
    return std::nullopt;
  }
  return static_cast<double>(*value) / std::pow(10.0, scale);
}

}  // namespace

std::unique_ptr<CompiledStep> BindDedupe(const DedupeStep& step, BindContext& ctx) {
  bool ok = true;
  DedupeOptions options;
  options.domain = BindText(step.domain, "domain", ctx, ok);
  options.name = BindText(step.name, "name_key", ctx, ok);
  options.country = BindText(step.country, "country", ctx, ok);
  if (!step.domain && !step.name)
    ctx.diagnostics.Add(step.location, "a dedupe step needs domain, name_key or both");
  if (step.country && !step.name)
    ctx.diagnostics.Add(step.country->location,
                        "country only narrows name comparisons: give name_key too");
  if (step.similarity) {
    options.similarity_text = step.similarity->text;
    auto value = BindConstant(*step.similarity, ctx, false);
    if (value && (*value <= 0 || *value > 1))
      ctx.diagnostics.Add(step.similarity->location,
                          "similarity must be above 0 and at most 1 (Jaro-Winkler)");
    ok &= value.has_value();
    options.similarity = value.value_or(1);
  }
  if (step.window) {
    auto value = BindConstant(*step.window, ctx, true);
    if (value && (*value < 1 || *value > 1000))
      ctx.diagnostics.Add(step.window->location, "window must be from 1 to 1000");
    ok &= value.has_value();
    options.window = static_cast<size_t>(std::clamp(value.value_or(1), 1.0, 1000.0));
  }
  ok &= BindOrderKeys(step.survivor, ctx, &options.survivor);
  int id_slot = -1;
  if (step.id)
    id_slot = StringColumnSlot(*step.id, ctx, "the dedupe id");
  else if (!ctx.key_column.empty())
    id_slot = StringColumnSlot(Named{ctx.key_column, step.location}, ctx, "the input key");
  else
    ctx.diagnostics.Add(step.location, "a dedupe step needs id (the input has no key)");
  int bit = step.issue.empty() ? -1 : ctx.IssueBit(step.issue, step.location);
  int cluster_slot = ctx.AddColumn(step.cluster, DataType::String());
  int duplicate_slot =
      step.duplicate_of ? ctx.AddColumn(*step.duplicate_of, DataType::String()) : -1;
  if (!ok || id_slot < 0) return nullptr;
  return std::make_unique<Dedupe>(std::move(options), id_slot,
                                  step.id ? step.id->name : ctx.key_column, cluster_slot,
                                  step.cluster.name, duplicate_slot,
                                  step.duplicate_of ? step.duplicate_of->name : std::string(),
                                  bit < 0 ? 0 : uint64_t{1} << bit);
}

}  // namespace acctseg

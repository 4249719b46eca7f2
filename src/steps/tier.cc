// The tier step: within each group, order the rows by the order keys (the
// tie order is explicit: the keys are compared in turn, and rows still tied
// keep input order), give each row its rank r of n, and label it with the
// first cut it falls within: `top: s` means r <= ceil(s * n), `top_n: k`
// means r <= k, `min: v` means the first order key >= v, and a cut with none
// of these takes every remaining row. NULL keys sort last.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "common/error.h"
#include "common/parallel.h"
#include "steps/explain_util.h"
#include "steps/order_keys.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// Groups at least this big are sorted with all threads (ParallelSort).
constexpr size_t kBigGroupRows = size_t{1} << 16;

struct CompiledCut {
  enum class Kind { kShare, kCount, kMin, kRest } kind = Kind::kRest;
  int64_t value = 0;  // share in 10^-scale units, count, or min at the first key's scale
  int scale = 0;
  uint32_t label = 0;
};

class Tier final : public CompiledStep, public GroupRanking {
 public:
  Tier(int slot, std::string output, ExprPtr group, std::string group_text,
       std::vector<CompiledOrder> order, std::vector<CompiledCut> cuts,
       std::shared_ptr<Dictionary> labels)
      : slot_(slot),
        output_(std::move(output)),
        group_(std::move(group)),
        group_text_(std::move(group_text)),
        order_(std::move(order)),
        cuts_(std::move(cuts)),
        labels_(std::move(labels)) {}

  std::vector<std::string> outputs() const override { return {output_}; }

  // The group, the rank r of n, the order key values and the cut ranks.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                 size_t row) const override {
    const Column& out = *state.data.slots[slot_];
    int64_t rank = trace.rank[row], count = trace.group_size[row];
    OrderValues keys = OrderValuesAt(order_, state, row);
    nlohmann::ordered_json cuts = nlohmann::ordered_json::array();
    std::string cut_text;
    for (const CompiledCut& cut : cuts_) {
      nlohmann::ordered_json c = {{"tier", std::string(labels_->Get(cut.label))}};
      std::string text = std::string(labels_->Get(cut.label));
      switch (cut.kind) {
        case CompiledCut::Kind::kShare: {
          int64_t limit = ShareLimit(cut, count);
          c["top"] = std::stod(FormatDecimal(cut.value, cut.scale));
          c["up_to_rank"] = limit;
          text += " if rank <= " + std::to_string(limit) + " (ceil(" +
                  FormatDecimal(cut.value, cut.scale) + " x " + std::to_string(count) + "))";
          break;
        }
        case CompiledCut::Kind::kCount:
          c["up_to_rank"] = cut.value;
          text += " if rank <= " + std::to_string(cut.value);
          break;
        case CompiledCut::Kind::kMin:
          c["min"] = std::stod(FormatDecimal(cut.value, cut.scale));
          text += " if " + (order_.empty() ? std::string("key") : order_[0].text) +
                  " >= " + FormatDecimal(cut.value, cut.scale);
          break;
        case CompiledCut::Kind::kRest:
          text += " otherwise";
          break;
      }
      cuts.push_back(c);
      cut_text += (cut_text.empty() ? "" : ", ") + text;
    }
    nlohmann::ordered_json result = {
        {"kind", "tier"}, {"label", label}, {"outputs", {{output_, ValueJson(out, row)}}},
        {"rank", rank},   {"of", count},    {"order_by", keys.json},
        {"cuts", cuts}};
    // Rows equal on every order key rank by input order: say so, or a rep
    // cannot tell why an equal account got the other tier.
    std::string tie_part;
    TiedRows tied;
    if (row < trace.tied_first.size()) {
      tied.before = rank - trace.tied_first[row];
      tied.after = trace.tied_last[row] - rank;
    } else {
      tied = TiedWith(order_, group_.get(), state, row);
    }
    if (tied.before + tied.after > 0) {
      const int64_t first = rank - tied.before, last = rank + tied.after;
      result["tied"] = {
          {"with", tied.before + tied.after}, {"first_rank", first}, {"last_rank", last}};
      tie_part = " (tied with " + std::to_string(tied.before + tied.after) + " other row" +
                 (tied.before + tied.after == 1 ? "" : "s") + " at ranks " + std::to_string(first) +
                 "-" + std::to_string(last) + ": input order decides among them)";
    }
    std::string group_part;
    if (group_) {
      RowValue g = EvaluateAt(*group_, state, row);
      result["group"] = {{"expr", group_text_}, {"value", g.json}};
      // "within segment Enterprise"; an expression as "within v % 3 = 1".
      group_part = " within " + group_text_ + (group_->AsColumnRead() ? " " : " = ") + g.text;
    }
    result["summary"] = output_ + " = " + ValueText(out, row) + ": rank " + std::to_string(rank) +
                        " of " + std::to_string(count) + group_part + " by " + keys.text +
                        tie_part + "; " + cut_text;
    return result;
  }

  const char* kind() const override { return "tier"; }
  OtherReads other_reads() const override { return OtherReads::kNothing; }

  const GroupRanking* ranking() const override { return this; }
  std::shared_ptr<const Column> GroupColumn(RunData& run) const override {
    return group_ ? Materialize(*group_, run) : nullptr;
  }
  std::vector<std::shared_ptr<const Column>> OrderColumns(RunData& run) const override {
    std::vector<std::shared_ptr<const Column>> columns;
    for (const CompiledOrder& key : order_) columns.push_back(Materialize(*key.expr, run));
    return columns;
  }
  std::vector<bool> Descending() const override {
    std::vector<bool> descending;
    for (const CompiledOrder& key : order_) descending.push_back(key.descending);
    return descending;
  }
  std::vector<int64_t> RankLimits(int64_t count) const override {
    std::vector<int64_t> limits;
    for (const CompiledCut& cut : cuts_) limits.push_back(RankLimit(cut, count));
    return limits;
  }
  std::optional<std::string_view> Label(int64_t rank, int64_t count,
                                        std::optional<int64_t> first_key) const override {
    for (const CompiledCut& cut : cuts_) {
      if (rank > RankLimit(cut, count)) continue;
      if (cut.kind == CompiledCut::Kind::kMin && !(first_key && *first_key >= cut.value)) continue;
      return labels_->Get(cut.label);
    }
    return std::nullopt;
  }
  int OutputSlot() const override { return slot_; }

  void Run(RunState& state, StepTrace& trace) const override {
    RunData& run = state.data;
    const size_t n = run.row_count;
    std::vector<std::vector<int32_t>> groups = GroupRows(run);
    const OrderedRows ordered(order_, run);
    const SortKeys& sort_keys = ordered.keys();
    // A big group is sorted with every thread, one group at a time; the
    // small ones side by side, a thread each. Every group is sorted before
    // the output column (and the traces) exist: at 100M accounts the sort
    // of the largest segment is the run's peak, and the output's 5 bytes a
    // row would add 500 MB to it.
    std::vector<size_t> small_groups, big_groups;
    for (size_t g = 0; g < groups.size(); ++g)
      (groups[g].size() < kBigGroupRows ? small_groups : big_groups).push_back(g);
    for (size_t g : big_groups) sort_keys.Sort(groups[g], run.threads);
    ParallelFor(small_groups.size(), run.threads,
                [&](size_t i) { sort_keys.Sort(groups[small_groups[i]], 1); });

    auto out = std::make_shared<Column>(Column::Make(DataType::String(), n, true));
    out->dictionary = labels_;
    uint32_t* codes = out->codes.Wide();
    const bool traced = state.keep_traces;
    if (traced) {
      trace.rank.assign(n, 0);
      trace.group_size.assign(n, 0);
      trace.tied_first.assign(n, 0);
      trace.tied_last.assign(n, 0);
    }
    auto label_group = [&](const std::vector<int32_t>& rows, int threads) {
      const int64_t count = static_cast<int64_t>(rows.size());
      // The rank limit of each share or count cut is the same for the whole
      // group: work it out once, not once per row.
      std::vector<int64_t> limits;
      for (const CompiledCut& cut : cuts_) limits.push_back(RankLimit(cut, count));
      const Column* first_key = order_.empty() ? nullptr : ordered.column(0);
      ParallelRanges(rows.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const int64_t rank = static_cast<int64_t>(i) + 1;
          const int32_t row = rows[i];
          if (traced) {
            trace.rank[row] = static_cast<int32_t>(rank);
            trace.group_size[row] = static_cast<int32_t>(count);
          }
          bool labelled = false;
          for (size_t c = 0; c < cuts_.size() && !labelled; ++c) {
            if (rank <= limits[c] && Within(cuts_[c], first_key, row)) {
              codes[row] = cuts_[c].label;
              labelled = true;
            }
          }
          out->nulls.Set(row, !labelled);
        }
      });
      if (traced) TieRuns(sort_keys, rows, trace);
    };
    for (size_t g : big_groups) label_group(groups[g], run.threads);
    ParallelFor(small_groups.size(), run.threads,
                [&](size_t i) { label_group(groups[small_groups[i]], 1); });
    if (!out->nulls.Any()) out->nulls.clear();
    out->Narrow(run.threads);
    run.slots[slot_] = out;
  }

 private:
  std::vector<std::vector<int32_t>> GroupRows(RunData& run) const {
    const size_t n = run.row_count;
    std::vector<std::vector<int32_t>> groups;
    if (!group_) {
      groups.emplace_back(n);
      for (size_t row = 0; row < n; ++row) groups[0][row] = static_cast<int32_t>(row);
      return groups;
    }
    std::shared_ptr<const Column> g = Materialize(*group_, run);
    // Strings group by dictionary code through a table; numbers through a
    // hash map. Groups are numbered in order of first appearance.
    std::vector<size_t> group_of_code(g->type.id == TypeId::kString ? g->dictionary->size() : 0,
                                      SIZE_MAX);
    std::unordered_map<int64_t, size_t> group_of_number;
    size_t null_group = SIZE_MAX;
    auto group_for = [&](size_t row) -> size_t& {
      if (g->IsNull(row)) return null_group;
      if (g->type.id == TypeId::kString) return group_of_code[g->codes[row]];
      return group_of_number.try_emplace(g->ints[row], SIZE_MAX).first->second;
    };
    for (size_t row = 0; row < n; ++row) {
      size_t& group = group_for(row);
      if (group == SIZE_MAX) {
        group = groups.size();
        groups.emplace_back();
      }
      groups[group].push_back(static_cast<int32_t>(row));
    }
    return groups;
  }

  // For explain: each row's run of rows tied with it on every key, which
  // the sort left side by side (StepTrace::tied_first, tied_last).
  static void TieRuns(const SortKeys& keys, const std::vector<int32_t>& rows, StepTrace& trace) {
    size_t start = 0;
    for (size_t i = 1; i <= rows.size(); ++i) {
      if (i < rows.size() && !keys.Before(rows[i - 1], rows[i])) continue;
      for (size_t k = start; k < i; ++k) {
        trace.tied_first[rows[k]] = static_cast<int32_t>(start + 1);
        trace.tied_last[rows[k]] = static_cast<int32_t>(i);
      }
      start = i;
    }
  }

  // ceil(share * count) in exact integer arithmetic.
  static int64_t ShareLimit(const CompiledCut& cut, int64_t count) {
    __int128 scaled = static_cast<__int128>(cut.value) * count;
    __int128 unit = Pow10(cut.scale);
    return static_cast<int64_t>((scaled + unit - 1) / unit);
  }

  // The last rank a cut can take in a group of `count` rows (share and
  // count cuts), or no limit.
  static int64_t RankLimit(const CompiledCut& cut, int64_t count) {
    switch (cut.kind) {
      case CompiledCut::Kind::kShare:
        return ShareLimit(cut, count);
      case CompiledCut::Kind::kCount:
        return cut.value;
      default:
        return INT64_MAX;
    }
  }

  // Whether the row meets the cut beyond its rank limit: the value cut.
  static bool Within(const CompiledCut& cut, const Column* first_key, int32_t row) {
    if (cut.kind != CompiledCut::Kind::kMin) return true;
    return first_key && !first_key->IsNull(row) && first_key->ints[row] >= cut.value;
  }

  int slot_;
  std::string output_;
  ExprPtr group_;
  std::string group_text_;
  std::vector<CompiledOrder> order_;
  std::vector<CompiledCut> cuts_;
  std::shared_ptr<Dictionary> labels_;
};

}  // namespace

std::unique_ptr<CompiledStep> BindTier(const TierStep& step, BindContext& ctx) {
  bool ok = true;
  ExprPtr group;
  if (step.group_by) {
    group = ctx.exprs.Bind(*step.group_by, ctx.scope);
    ok &= group != nullptr;
    if (group && group->type().id == TypeId::kList) {
      ctx.diagnostics.Add(step.group_by->location, "cannot group by a list");
      ok = false;
    }
  }
  std::vector<CompiledOrder> order;
  ok &= BindOrderKeys(step.order_by, ctx, &order);
  if (step.order_by.empty())
    ctx.diagnostics.Add(step.output.location, "a tier step needs order_by");
  auto labels = std::make_shared<Dictionary>();
  std::vector<CompiledCut> cuts;
  Scope constants;
  int first_scale = !order.empty() && order[0].expr ? order[0].expr->type().Scale() : 0;
  for (size_t i = 0; i < step.cuts.size(); ++i) {
    const TierCut& c = step.cuts[i];
    CompiledCut cut;
    cut.label = labels->Intern(c.label);
    // "The rest" before another cut leaves that one no rows, as an else
    // before a rule would.
    if (!c.top_share && !c.top_count && !c.min_value && i + 1 < step.cuts.size()) {
      ctx.diagnostics.Add(c.location,
                          "a cut without top, top_n or min takes every row left, so "
                          "it must be the last cut");
      ok = false;
    }
    const ExprText* text = c.top_share   ? &*c.top_share
                           : c.top_count ? &*c.top_count
                           : c.min_value ? &*c.min_value
                                         : nullptr;
    if (text) {
      ExprPtr e = ctx.exprs.BindNumber(*text, constants);
      if (!e) {
        ok = false;
      } else if (c.top_share) {
        cut.kind = CompiledCut::Kind::kShare;
        cut.scale = e->type().Scale();
        cut.value = EvalConstantNumber(*e, cut.scale, ctx.exprs.node_count()).value_or(0);
        const double share = static_cast<double>(cut.value) / std::pow(10.0, cut.scale);
        if (!(share > 0 && share <= 1)) {
          ctx.diagnostics.Add(text->location,
                              fmt::format("top must be a share of the group over 0 and at most "
                                          "1 (0.2 = the top 20%), not {}",
                                          text->text));
          ok = false;
        }
      } else if (c.top_count) {
        cut.kind = CompiledCut::Kind::kCount;
        if (e->type().id != TypeId::kInt64)
          ctx.diagnostics.Add(text->location, "top_n must be a whole number");
        cut.value = EvalConstantNumber(*e, 0, ctx.exprs.node_count()).value_or(0);
        if (cut.value < 1) {
          ctx.diagnostics.Add(text->location,
                              fmt::format("top_n must be at least 1, not {}", text->text));
          ok = false;
        }
      } else {
        cut.kind = CompiledCut::Kind::kMin;
        cut.scale = first_scale;
        if (!order.empty() && order[0].expr && !order[0].expr->type().IsNumeric())
          ctx.diagnostics.Add(text->location, "min needs a numeric first order_by key");
        if (e->type().Scale() > first_scale)
          ctx.diagnostics.Add(text->location, "min has more decimals than the first order_by key");
        cut.value = EvalConstantNumber(*e, first_scale, ctx.exprs.node_count()).value_or(0);
      }
    }
    cuts.push_back(cut);
  }
  if (step.cuts.empty()) ctx.diagnostics.Add(step.output.location, "a tier step needs cuts");
  int slot = ctx.AddColumn(step.output, DataType::String());
  if (!ok) return nullptr;
  return std::make_unique<Tier>(slot, step.output.name, std::move(group),
                                step.group_by ? step.group_by->text : "", std::move(order),
                                std::move(cuts), labels);
}

}  // namespace acctseg

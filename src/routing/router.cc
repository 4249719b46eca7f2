#include "routing/router.h"

#include "routing/round_robin.h"
#include "routing/route_row.h"
#include "routing/routing_rules.h"
#include "steps/explain_util.h"
#include "steps/rule_output.h"
#include "table/date_time.h"

namespace acctseg {

using Json = nlohmann::ordered_json;

class Router::Impl {
 public:
  explicit Impl(CompiledRouting routing)
      : routing_(std::move(routing)),
        row_(routing_.fields, routing_.key_column, routing_.node_count),
        round_robin_(routing_.teams) {}

  RouteDecision Route(const Json& account, const Json& touchpoint, int64_t at_ms) {
    row_.Fill(account, touchpoint);  // may throw: nothing has changed yet
    RouteDecision decision;
    const int k = FirstMatch();
    if (k < 0) {
      decision.reason = "no routing rule matched (" + std::to_string(routing_.rules.size()) +
                        " rules, none an else rule)";
      decision.explain = {{"rule", nullptr}, {"account", AccountJson(account)}};
      return decision;
    }
    const CompiledRouteRule& rule = routing_.rules[k];
    decision.rule = k + 1;
    Json reads = Reads(rule.when.get());
    FiredRule fired{static_cast<size_t>(k), rule.location, rule.when.get(), rule.when_text};
    decision.reason = FiredRuleText(fired, reads);
    for (const BoundExpr* value : {rule.queue.get(), rule.priority.get(), rule.sla_minutes.get()})
      reads.update(Reads(value));
    Json explain = {{"rule", FiredRuleJson(fired)}};
    explain["rule"]["reads"] = reads;
    explain["account"] = AccountJson(account);

    decision.queue = rule.queue_label;
    if (rule.queue) {
      RowValue queue = EvaluateAt(*rule.queue, row_.state(), 0, row_.scratch());
      decision.queue = queue.json.is_string() ? queue.json.get<std::string>() : "";
      if (queue.json.is_null()) decision.reason += "; the queue expression gave NULL";
    }
    decision.priority = Whole(rule.priority.get());
    decision.sla_minutes = Whole(rule.sla_minutes.get());
    explain["queue"] = {{"value", decision.queue},
                        {"from", rule.queue ? rule.queue_text : std::string("label")}};
    explain["priority"] = decision.priority;
    explain["sla_minutes"] = decision.sla_minutes;

    std::string owner_text;
    explain["owner"] = ChooseOwner(rule, UtcDayOfMs(at_ms), &decision, &owner_text);
    if (!owner_text.empty()) decision.reason += "; " + owner_text;
    decision.explain = std::move(explain);
    return decision;
  }

  void SetOwners(std::unordered_map<std::string, std::string> owners) {
    owners_ = std::move(owners);
  }
  void CheckTouchpoint(const Json& touchpoint) const { row_.CheckTouchpoint(touchpoint); }
  Json SaveState() const { return round_robin_.Save(); }
  void LoadState(const Json& state) { round_robin_.Load(state); }

 private:
  // The first rule whose condition is TRUE for the row, -1 if none.
  int FirstMatch() {
    const Batch batch{row_.state().data, 0, 1, row_.scratch()};
    for (size_t k = 0; k < routing_.rules.size(); ++k) {
      const BoundExpr* when = routing_.rules[k].when.get();
      if (!when) return static_cast<int>(k);
      Vector& cond = row_.scratch().vectors[when->id()];
      when->Eval(batch, cond);
      if (!cond.null[0] && cond.num[0]) return static_cast<int>(k);
    }
    return -1;
  }

  Json Reads(const BoundExpr* expr) const {
    return expr ? ReadsAt(*expr, row_.state(), 0, -1) : Json::object();
  }

  // An integer expression's value; 0 when absent or NULL.
  int64_t Whole(const BoundExpr* expr) {
    if (!expr) return 0;
    RowValue value = EvaluateAt(*expr, row_.state(), 0, row_.scratch());
    return value.json.is_number_integer() ? value.json.get<int64_t>() : 0;
  }

  Json AccountJson(const Json& account) const {
    return account.is_null() ? Json() : Json(row_.account_key());
  }

  // The territory owner when the rule asks for one and the plan has one,
  // else round robin in the rule's team. Fills the decision's owner and
  // team and the sentence for the reason; returns the explain entry.
  Json ChooseOwner(const CompiledRouteRule& rule, int64_t day, RouteDecision* decision,
                   std::string* text) {
    const RoutingTeam* team = rule.team >= 0 ? &routing_.teams[rule.team] : nullptr;
    if (team) decision->team = team->name.name;
    std::string prefix;
    if (rule.owner_territory) {
      auto it = row_.account_key().empty() ? owners_.end() : owners_.find(row_.account_key());
      if (it != owners_.end()) {
        decision->owner = it->second;
        const int64_t count = round_robin_.Count(it->second, day);
        *text = "owner " + it->second + " from the territory plan";
        Json entry = {{"rep", it->second}, {"how", "territory"}, {"today", count}};
        // Kept past the cap (the account is the rep's), but said: the reason
        // read as if the cap had been respected.
        if (team && team->cap_per_day && count > *team->cap_per_day) {
          *text += " (" + std::to_string(count) + " today, over team " + team->name.name +
                   "'s cap of " + std::to_string(*team->cap_per_day) +
                   ": a territory owner keeps their accounts)";
          entry["over_cap"] = true;
        }
        return entry;
      }
      prefix = row_.account_key().empty() ? "an unknown lead has no territory owner, so "
                                          : "no owner in the territory plan, so ";
    }
    if (!team) {
      if (rule.owner_territory) *text = prefix + "no owner (the rule names no team)";
      return {{"rep", nullptr}, {"how", "none"}};
    }
    RoundRobin::Pick pick = round_robin_.Next(rule.team, day);
    Json entry = {{"rep", pick.rep.empty() ? Json() : Json(pick.rep)},
                  {"how", pick.rep.empty() ? "at_capacity" : "round_robin"},
                  {"team", team->name.name},
                  {"day", FormatDate(day)}};
    if (pick.cap) entry["cap"] = *pick.cap;
    if (!pick.skipped.empty()) entry["skipped_at_cap"] = pick.skipped;
    if (pick.rep.empty()) {
      *text = prefix + "no owner: team " + team->name.name + " at capacity (" +
              std::to_string(*pick.cap) + " a day each)";
      return entry;
    }
    entry["today"] = pick.count;
    decision->owner = pick.rep;
    *text = prefix + "owner " + pick.rep + " by round robin in team " + team->name.name + " (" +
            std::to_string(pick.count) + (pick.cap ? " of " + std::to_string(*pick.cap) : "") +
            " today" +
            (pick.skipped.empty()
                 ? ""
                 : ", " + std::to_string(pick.skipped.size()) + " at the cap skipped") +
            ")";
    return entry;
  }

  CompiledRouting routing_;
  RouteRow row_;
  RoundRobin round_robin_;
  std::unordered_map<std::string, std::string> owners_;
};

Router::Router(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Router::~Router() = default;

std::unique_ptr<Router> Router::Compile(const PolicyAst& policy, const Plan& plan) {
  return std::unique_ptr<Router>(new Router(std::make_unique<Impl>(CompileRouting(policy, plan))));
}

void Router::SetOwners(std::unordered_map<std::string, std::string> owners) {
  impl_->SetOwners(std::move(owners));
}

RouteDecision Router::Route(const Json& account, const Json& touchpoint, int64_t at_ms) {
  return impl_->Route(account, touchpoint, at_ms);
}

void Router::CheckTouchpoint(const Json& touchpoint) const { impl_->CheckTouchpoint(touchpoint); }

Json Router::SaveState() const { return impl_->SaveState(); }
void Router::LoadState(const Json& state) { impl_->LoadState(state); }

}  // namespace acctseg

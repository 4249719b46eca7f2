#include "routing/routing_rules.h"

#include "common/error.h"
#include "expr/parsed_expr.h"

namespace acctseg {
namespace {

// The name the account's existence goes by in rules: `account IS NULL`
// holds for an unknown lead. A policy with an output column of that name
// keeps its column (and tests its key instead).
constexpr const char* kPresence = "account";

// The row's fields: the plan's output columns (what the account JSON of the
// live universe holds), `account`, then `touchpoint.FIELD` for each
// declared field; their slots in that order.
std::vector<RouteField> Fields(const RoutingDecl& routing, const Plan& plan,
                               Diagnostics& diagnostics) {
  std::vector<RouteField> fields;
  for (const std::string& name : plan.output_names()) {
    std::optional<DataType> type = plan.ColumnType(name);
    if (!type && name != "issues") continue;
    fields.push_back({name, name, type.value_or(DataType::String()), RouteField::Source::kAccount});
  }
  bool presence_taken = false;
  for (const auto& field : fields) presence_taken |= field.name == kPresence;
  if (!presence_taken)
    fields.push_back(
        {kPresence, plan.key_column(), DataType::String(), RouteField::Source::kPresence, true});
  for (const ColumnDecl& decl : routing.touchpoint) {
    std::optional<DataType> type = ParseTypeName(decl.type);
    if (!type) {
      diagnostics.Add(decl.type_location,
                      "unknown type \"" + decl.type +
                          "\" (expected string, integer, decimal(N), boolean, date or timestamp)");
      continue;
    }
    fields.push_back(
        {"touchpoint." + decl.name.name, decl.name.name, *type, RouteField::Source::kTouchpoint});
  }
  return fields;
}

// An account column in scope at the end of the plan that is not an output
// is not in the account's row: say so rather than "unknown column".
bool ReadsOnlyRowColumns(const ExprText& text, const Scope& scope, const Plan& plan,
                         Diagnostics& diagnostics) {
  ExprSyntaxError error;
  auto parsed = ParseExpression(text.text, &error);
  if (!parsed) return true;  // the binder reports it
  bool ok = true;
  auto visit = [&](const auto& self, const ParsedExpr& e) -> void {
    if (e.kind == ParsedExpr::Kind::kColumn && e.qualifier.empty() &&
        !scope.columns.count(e.name) && plan.ColumnType(e.name)) {
      diagnostics.Add(ExprBinder::Locate(text, e.offset),
                      "column \"" + e.name +
                          "\" is not an output column: routing reads the account's output row "
                          "(add it to output: columns)");
      ok = false;
    }
    for (const auto& child : e.children) self(self, *child);
  };
  visit(visit, *parsed);
  return ok;
}

// Marks the fields `expr` reads, so a decision fills only those.
void MarkReads(const BoundExpr& expr, std::vector<RouteField>& fields) {
  if (const ColumnRead* read = expr.AsColumnRead()) fields[read->slot].read = true;
  for (const auto& child : expr.children()) MarkReads(*child, fields);
}

class RuleBinder {
 public:
  RuleBinder(const Plan& plan, Diagnostics& diagnostics, std::vector<RouteField>& fields)
      : plan_(plan), diagnostics_(diagnostics), binder_(&diagnostics), fields_(fields) {
    binder_.SetAsOf(EffectiveAsOf(plan.policy(), diagnostics));
    for (size_t i = 0; i < fields.size(); ++i)
      scope_.columns[fields[i].name] = Scope::Entry{fields[i].type, static_cast<int>(i)};
  }

  CompiledRouteRule Bind(const RoutingRule& r, const std::vector<RoutingTeam>& teams) {
    CompiledRouteRule rule;
    rule.location = r.location;
    rule.owner_territory = r.owner_territory;
    if (r.when) {
      rule.when_text = r.when->text;
      rule.when = Expr(*r.when, TypeId::kBool, "a condition (true or false)");
    }
    if (r.queue_label) rule.queue_label = r.queue_label->name;
    if (r.queue) {
      rule.queue_text = r.queue->text;
      rule.queue = Expr(*r.queue, TypeId::kString, "text: the queue's name");
    }
    if (r.priority) rule.priority = Expr(*r.priority, TypeId::kInt64, "a whole number");
    if (r.sla_minutes) rule.sla_minutes = Expr(*r.sla_minutes, TypeId::kInt64, "a whole number");
    for (size_t t = 0; r.team && t < teams.size(); ++t)
      if (teams[t].name.name == r.team->name) rule.team = static_cast<int>(t);
    return rule;
  }

  int node_count() const { return binder_.node_count(); }

 private:
  // Binds `text` and checks it gives `type` (or NULL); nullptr after a
  // diagnostic.
  ExprPtr Expr(const ExprText& text, TypeId type, const std::string& expected) {
    if (!ReadsOnlyRowColumns(text, scope_, plan_, diagnostics_)) return nullptr;
    ExprPtr bound = binder_.Bind(text, scope_);
    if (!bound) return nullptr;
    if (bound->type().id != type && bound->type().id != TypeId::kNull) {
      diagnostics_.Add(ExprBinder::Locate(text, 0),
                       "expected " + expected + ", found " + bound->type().ToString());
      return nullptr;
    }
    MarkReads(*bound, fields_);
    return bound;
  }

  const Plan& plan_;
  Diagnostics& diagnostics_;
  ExprBinder binder_;
  std::vector<RouteField>& fields_;
  Scope scope_;
};

}  // namespace

CompiledRouting CompileRouting(const PolicyAst& policy, const Plan& plan) {
  if (!policy.routing)
    throw Error(ErrorKind::kUsage, "the policy has no routing: section (docs/routing.md)");
  const RoutingDecl& routing = *policy.routing;
  Diagnostics diagnostics;
  CompiledRouting compiled;
  compiled.key_column = plan.key_column();
  compiled.teams = routing.teams;
  compiled.fields = Fields(routing, plan, diagnostics);
  RuleBinder binder(plan, diagnostics, compiled.fields);
  for (const RoutingRule& rule : routing.rules)
    compiled.rules.push_back(binder.Bind(rule, routing.teams));
  diagnostics.ThrowIfAny();
  compiled.node_count = binder.node_count();
  return compiled;
}

}  // namespace acctseg

// The text capacity plan: a headline, the roles with their parameters, the
// role x region lines, then the what-if in words with the first uncovered
// accounts of each short role.
#include <algorithm>
#include <cmath>

#include "coverage/capacity_format.h"
#include "coverage/capacity_internal.h"
#include "coverage/capacity_render.h"

namespace acctseg::coverage {
namespace {

// Uncovered accounts named per role in text (the CSV has them all).
constexpr size_t kNamedUncovered = 5;

// Columns of text, the first `left` aligned left and the rest right.
class TextTable {
 public:
  TextTable(std::vector<std::string> header, size_t left) : left_(left) {
    rows_.push_back(std::move(header));
  }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const {
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& row : rows_)
      for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows_) {
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) {
        std::string pad(width[c] - row[c].size(), ' ');
        line += "  ";
        line += c < left_ ? row[c] + pad : pad + row[c];
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
    }
  }

 private:
  size_t left_;
  std::vector<std::vector<std::string>> rows_;
};

std::vector<std::string> Header(std::vector<std::string> names) {
  names.insert(names.end(), FigureNames().begin(), FigureNames().end());
  return names;
}

// A headcount gap with its sign: "+2.0", "-0.3", "-" when unknown.
std::string Gap(double gap) {
  std::string text = gap > 0 ? "+" : "";
  return text.append(Fte(gap));
}

void PrintRoles(const CapacityPlan& plan, std::ostream& out) {
  out << "\nRoles (FTE = workload / (hours per rep x productivity); reps whole per region)\n";
  TextTable table(Header({"role"}), 1);
  for (const RolePlan& role : plan.roles) {
    std::vector<std::string> line = {role.total.role};
    for (std::string& figure : FigureTexts(role.total)) line.push_back(std::move(figure));
    table.Add(std::move(line));
  }
  std::vector<std::string> total = {"total"};
  for (std::string& figure : FigureTexts(plan.total)) total.push_back(std::move(figure));
  table.Add(std::move(total));
  table.Print(out);

  out << "\nRole parameters\n";
  TextTable parameters({"role", "hours/rep", "ramp months", "attrition", "productivity",
                        "effective h/rep", "quota/rep", "cost/rep", "headcount", "gap"},
                       1);
  for (const RolePlan& role : plan.roles) {
    const RoleCapacity& capacity = role.capacity;
    bool staffed = capacity.hours_per_year > 0;
    parameters.Add(
        {capacity.role, Whole(capacity.hours_per_year), staffed ? Fte(capacity.ramp_months) : "-",
         staffed ? ExactPercent(role.attrition) : "-", staffed ? Percent(role.productivity) : "-",
         staffed ? Whole(role.effective_hours_per_rep) : "-", staffed ? Whole(capacity.quota) : "-",
         staffed ? Whole(capacity.cost) : "-", capacity.headcount ? Fte(*capacity.headcount) : "-",
         Gap(role.headcount_gap)});
  }
  parameters.Print(out);
}

void PrintRegions(const CapacityPlan& plan, std::ostream& out) {
  out << "\nRole x region\n";
  TextTable table(Header({"role", "region"}), 2);
  for (const CapacityRow& row : plan.rows) {
    std::vector<std::string> line = {row.role, row.region};
    for (std::string& figure : FigureTexts(row)) line.push_back(std::move(figure));
    table.Add(std::move(line));
  }
  table.Print(out);
}

void PrintWhatIf(const WhatIf& whatif, std::ostream& out) {
  out << "\nWhat-if on headcount (accounts ranked by tier, potential, ARR; covered while the "
         "workload fits)\n";
  for (const RoleWhatIf& role : whatif.roles) {
    out << "  " << role.role << ": " << Fte(role.headcount) << " reps give "
        << Whole(role.capacity_hours) << " h for " << Whole(role.workload_hours)
        << " h of workload (" << Fte(role.headcount_needed) << " FTE needed): ";
    if (role.uncovered == 0) {
      out << "all " << Whole(static_cast<double>(role.accounts)) << " accounts covered\n";
      continue;
    }
    out << Whole(static_cast<double>(role.uncovered)) << " of "
        << Whole(static_cast<double>(role.accounts)) << " accounts uncovered, potential "
        << Whole(role.uncovered_potential) << ", whitespace " << Whole(role.uncovered_whitespace)
        << ", ARR " << Whole(role.uncovered_arr) << '\n';
    TextTable tiers(
        {"    tier", "accounts", "uncovered", "potential lost", "whitespace lost", "arr lost"}, 1);
    for (const TierLoss& tier : role.tiers)
      tiers.Add({"    " + tier.tier, Whole(static_cast<double>(tier.accounts)),
                 Whole(static_cast<double>(tier.uncovered)), Whole(tier.uncovered_potential),
                 Whole(tier.uncovered_whitespace), Whole(tier.uncovered_arr)});
    tiers.Print(out);
    std::string named;
    size_t shown = 0;
    for (const UncoveredAccount& account : whatif.uncovered) {
      if (account.role != role.role || shown == kNamedUncovered) continue;
      named += (shown++ ? ", " : "") + account.id + " (tier " + OrNone(account.tier) + ", " +
               OrNone(account.region) + ", potential " + Whole(account.potential) + ")";
    }
    out << "    first uncovered: " << named << (role.uncovered > shown ? ", ..." : "") << '\n';
  }
}

}  // namespace

void RenderCapacityText(const CapacityPlan& plan, std::ostream& out) {
  out << "Capacity plan: " << PlanHeadline(plan) << '\n';
  out << "Headcount needed: " << Fte(plan.total.headcount_needed) << " FTE ("
      << CountOf(plan.total.reps, "rep") << "), cost " << Whole(plan.total.headcount_cost)
      << " a year\n";
  PrintRoles(plan, out);
  PrintRegions(plan, out);
  if (plan.whatif) PrintWhatIf(*plan.whatif, out);
  if (!plan.notes.empty()) {
    out << "\nNotes\n";
    for (const std::string& note : plan.notes) out << "  " << note << '\n';
  }
}

}  // namespace acctseg::coverage

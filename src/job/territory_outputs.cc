#include "job/territory_outputs.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/csv_field.h"

namespace acctseg {
namespace {

// Whether the text is a number as PlainNumber and Fraction write them: a
// negative one is data, not a formula to guard.
bool IsNumber(std::string_view text) {
  double value;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

// Appends the fields as one CSV line; text that a spreadsheet would take for
// a formula is guarded, numbers are not.
void Line(std::initializer_list<std::string_view> fields, std::string& out) {
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) out += ',';
    first = false;
    AppendCsvField(field, /*escape_formulas=*/!IsNumber(field), out);
  }
  out += '\n';
}

const std::string& RepId(const TerritoryOutcome& outcome, int32_t rep) {
  static const std::string kNone;
  return rep < 0 ? kNone : outcome.data.problem.reps[rep].id;
}

int32_t RepOfRow(const TerritoryOutcome& outcome, size_t row) {
  return outcome.solution.rep_of_unit[outcome.data.unit_of_account[row]];
}

std::string Fraction(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", value);
  return text;
}

}  // namespace

std::string PlainNumber(double value) {
  char text[48];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string number = text;
  number.erase(number.find_last_not_of('0') + 1);
  if (number.back() == '.') number.pop_back();
  return number == "-0" ? "0" : number;
}

bool WithinTolerance(const TerritoryOutcome& outcome, const RepBalance& rep) {
  double tolerance = outcome.options.tolerance + 1e-9;
  return (!outcome.options.balance_potential || std::fabs(rep.potential_deviation) <= tolerance) &&
         (!outcome.options.balance_workload || std::fabs(rep.workload_deviation) <= tolerance);
}

std::string AccountReason(const TerritoryOutcome& outcome, size_t row) {
  int32_t u = outcome.data.unit_of_account[row];
  territory::Reason reason = outcome.solution.reason[u];
  int32_t rep = outcome.solution.rep_of_unit[u];
  int32_t previous = outcome.data.owner_of_account[row];
  if (reason == territory::Reason::kUnassigned) return territory::ReasonName(reason);
  const bool locked = reason == territory::Reason::kLocked;
  if (previous < 0) return locked ? territory::ReasonName(reason) : "new";
  if (previous == rep) return locked ? territory::ReasonName(reason) : "kept";
  // Its owner cannot keep it whatever the family does (a lock to that
  // rep cannot hold either): not "moved with its family", for an account
  // that is a family of its own.
  if (outcome.data.problem.reps[previous].role != outcome.data.problem.units[u].role)
    return "owner of another role";
  // A lock on another account of its unit took it from its own rep (even
  // from the rep holding most of the unit's ARR, as the lock wins): a bare
  // "locked" read as if it had stayed where it was.
  if (locked)
    return std::string(territory::ReasonName(reason)) + " (moved from " + RepId(outcome, previous) +
           ")";
  if (previous != outcome.data.problem.units[u].current_rep) return "moved with its family";
  return territory::ReasonName(reason);
}

std::vector<size_t> MovedAccounts(const TerritoryOutcome& outcome) {
  const TerritoryData& data = outcome.data;
  std::vector<size_t> moved;
  for (size_t row = 0; row < data.unit_of_account.size(); ++row)
    if (data.unit_of_account[row] >= 0 && data.owner_of_account[row] >= 0 &&
        RepOfRow(outcome, row) != data.owner_of_account[row])
      moved.push_back(row);
  return moved;
}

MoveTotals CountMoves(const TerritoryOutcome& outcome) {
  MoveTotals totals;
  const TerritoryData& data = outcome.data;
  const double owned_arr = OwnedArr(data);
  for (size_t row : MovedAccounts(outcome)) {
    totals.accounts += 1;
    totals.arr += data.account_arr[row];
    totals.potential += data.account_potential[row];
  }
  totals.arr_share = owned_arr > 0 ? totals.arr / owned_arr : 0;
  return totals;
}

std::string AssignmentsCsv(const TerritoryOutcome& outcome) {
  const TerritoryData& data = outcome.data;
  std::string out;
  Line({"account_id", "family", "role", "rep_id", "previous_rep_id", "reason"}, out);
  for (size_t row = 0; row < data.unit_of_account.size(); ++row) {
    int32_t u = data.unit_of_account[row];
    if (u < 0) continue;
    const territory::Unit& unit = data.problem.units[u];
    Line({data.account_ids[row], unit.family, unit.role, RepId(outcome, RepOfRow(outcome, row)),
          RepId(outcome, data.owner_of_account[row]), AccountReason(outcome, row)},
         out);
  }
  return out;
}

std::string BalanceCsv(const TerritoryOutcome& outcome) {
  std::string out;
  Line({"rep_id", "name", "role", "units", "accounts", "potential", "workload", "arr",
        "potential_mean", "potential_deviation", "workload_mean", "workload_deviation",
        "within_tolerance"},
       out);
  for (size_t r = 0; r < outcome.balance.size(); ++r) {
    const territory::Rep& rep = outcome.data.problem.reps[r];
    const RepBalance& b = outcome.balance[r];
    Line({rep.id, rep.name, rep.role, std::to_string(b.units), std::to_string(b.accounts),
          PlainNumber(b.potential), PlainNumber(b.workload), PlainNumber(b.arr),
          PlainNumber(b.potential_mean), Fraction(b.potential_deviation),
          PlainNumber(b.workload_mean), Fraction(b.workload_deviation),
          WithinTolerance(outcome, b) ? "true" : "false"},
         out);
  }
  return out;
}

std::string MovesCsv(const TerritoryOutcome& outcome) {
  const TerritoryData& data = outcome.data;
  std::string out;
  Line({"account_id", "family", "role", "from_rep_id", "to_rep_id", "reason", "potential", "arr"},
       out);
  for (size_t row : MovedAccounts(outcome)) {
    const territory::Unit& unit = data.problem.units[data.unit_of_account[row]];
    Line({data.account_ids[row], unit.family, unit.role, RepId(outcome, data.owner_of_account[row]),
          RepId(outcome, RepOfRow(outcome, row)), AccountReason(outcome, row),
          PlainNumber(data.account_potential[row]), PlainNumber(data.account_arr[row])},
         out);
  }
  return out;
}

nlohmann::ordered_json TerritoryPlanJson(const TerritoryOutcome& outcome) {
  using Json = nlohmann::ordered_json;
  const territory::Problem& problem = outcome.data.problem;
  const territory::Solution& solution = outcome.solution;
  const territory::Options& options = outcome.options;
  Json reps = Json::array();
  for (size_t r = 0; r < problem.reps.size(); ++r) {
    const RepBalance& b = outcome.balance[r];
    reps.push_back({{"rep", problem.reps[r].id},
                    {"name", problem.reps[r].name},
                    {"role", problem.reps[r].role},
                    {"units", b.units},
                    {"accounts", b.accounts},
                    {"potential", b.potential},
                    {"workload", b.workload},
                    {"arr", b.arr},
                    {"potential_deviation", b.potential_deviation},
                    {"workload_deviation", b.workload_deviation}});
  }
  Json units = Json::array();
  for (size_t u = 0; u < problem.units.size(); ++u) {
    const territory::Unit& unit = problem.units[u];
    Json entry = {{"family", unit.family}};
    // Names the unit of an account without a family, which "" alone would
    // not tell from another such unit when plan diff matches units.
    if (!unit.account.empty()) entry["account"] = unit.account;
    entry.update(Json{{"role", unit.role},
                      {"region", unit.region},
                      {"rep", RepId(outcome, solution.rep_of_unit[u])},
                      {"previous_rep", RepId(outcome, unit.current_rep)},
                      {"reason", territory::ReasonName(solution.reason[u])},
                      {"accounts", unit.accounts},
                      {"potential", unit.potential},
                      {"workload", unit.workload},
                      {"arr", unit.arr}});
    units.push_back(std::move(entry));
  }
  MoveTotals moves = CountMoves(outcome);
  return {{"kind", "territories"},
          {"options",
           {{"tolerance", options.tolerance},
            {"balance_potential", options.balance_potential},
            {"balance_workload", options.balance_workload},
            {"keep_owners", options.keep_owners},
            {"geo_weight", options.geo_weight}}},
          {"solution",
           {{"method", solution.method},
            {"objective", solution.objective},
            {"bound", solution.bound},
            {"gap", solution.Gap()},
            {"proven_optimal", solution.proven_optimal},
            {"notes", solution.notes}}},
          {"moves",
           {{"accounts", moves.accounts},
            {"arr", moves.arr},
            {"potential", moves.potential},
            {"arr_share", moves.arr_share}}},
          {"notes", outcome.data.notes},
          {"reps", std::move(reps)},
          {"units", std::move(units)}};
}

}  // namespace acctseg

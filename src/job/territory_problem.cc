#include "job/territory_problem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/counted.h"
#include "common/error.h"
#include "common/group_digits.h"
#include "learn/learning_frame.h"
#include "steps/step.h"
#include "territory/notes.h"

namespace acctseg {
namespace {

std::shared_ptr<const Column> Required(const Execution& run, const std::string& name,
                                       const char* flag) {
  std::shared_ptr<const Column> column = run.ColumnNamed(name);
  if (column == nullptr)
    throw Error(ErrorKind::kUsage,
                std::string("the run has no column \"") + name + "\" (" + flag + " names it)");
  return column;
}

// Required, of a column the problem reads as numbers (workload, potential,
// ARR): a text or date column is a usage error naming the flag.
std::shared_ptr<const Column> RequiredNumbers(const Execution& run, const std::string& name,
                                              const char* flag) {
  std::shared_ptr<const Column> column = Required(run, name, flag);
  if (!column->type.IsNumeric() && column->type.id != TypeId::kBool)
    throw Error(ErrorKind::kUsage, "the column \"" + name + "\" (" + flag + ") is " +
                                       column->type.ToString() + ", a number was expected");
  return column;
}

// --geo whose values no rep's home names (homes Central/East/West, --geo
// region of AMER/EMEA): every unit is charged as off its rep's home, which
// the plan did without a word.
void NoteHomesOffEveryAccount(const std::vector<territory::Rep>& reps,
                              const std::vector<territory::Unit>& units,
                              const std::string& geo_column, std::vector<std::string>& notes) {
  std::set<std::string> homes, geos;
  for (const territory::Rep& rep : reps) homes.insert(rep.home_geos.begin(), rep.home_geos.end());
  for (const territory::Unit& unit : units)
    if (!unit.geo.empty()) geos.insert(unit.geo);
  if (homes.empty() || geos.empty()) return;
  for (const std::string& home : homes)
    if (geos.count(home)) return;
  auto some = [](const std::set<std::string>& values) {
    return territory::Examples({values.begin(), values.end()});
  };
  notes.push_back("--geo " + geo_column + ": no rep's home (" + some(homes) + ") is a value of " +
                  geo_column + " (" + some(geos) + "): every account counts as off its rep's home");
}

// A number of the run, 0 for NULL.
double NumberOrZero(const Column& column, size_t row) {
  double value = learn::NumberAt(column, row);
  return std::isnan(value) ? 0.0 : value;
}

// Each row's family: the text of --family's column (nullopt where it is
// NULL), else the key of the row's global account as the family step
// resolved it.
std::vector<std::optional<std::string>> Families(const Execution& run,
                                                 const std::string& family_column,
                                                 const std::vector<std::string>& account_ids) {
  std::vector<std::optional<std::string>> families(account_ids.size());
  if (!family_column.empty()) {
    auto column = Required(run, family_column, "--family");
    for (size_t row = 0; row < families.size(); ++row)
      if (!column->IsNull(row)) families[row] = KeyText(*column, row);
    return families;
  }
  const auto& hierarchy = run.state.data.hierarchy;
  if (hierarchy == nullptr)
    throw Error(ErrorKind::kUsage,
                "the policy has no family step, so its families are unknown: pass --family "
                "COLUMN (the column that names each account's global account)");
  for (size_t row = 0; row < families.size(); ++row) {
    int32_t global = hierarchy->global_row[row];
    families[row] = account_ids[global < 0 ? row : static_cast<size_t>(global)];
  }
  return families;
}

// Per unit, how much ARR (and how many accounts) each candidate owner holds.
struct OwnerShare {
  double arr = 0;
  uint32_t accounts = 0;
  bool locked = false;
};

// A lock on an account with little ARR takes the unit, and the accounts
// of the rep holding most of its ARR, to the locking rep: the lock wins
// (an explicit instruction beats an inferred owner), but the ARR that
// leaves its owner for it is said, as the move summary would count it
// without a word of why.
void NoteLocksOverOwners(TerritoryData& data, const std::vector<int32_t>& overridden_owner) {
  const territory::Problem& problem = data.problem;
  std::vector<std::string> units;
  for (size_t u = 0; u < problem.units.size(); ++u)
    if (overridden_owner[u] >= 0)
      units.push_back(territory::UnitName(problem.units[u]) + " (" + problem.units[u].role + ", " +
                      problem.reps[overridden_owner[u]].id + " -> " +
                      problem.reps[problem.units[u].current_rep].id + ")");
  if (units.empty()) return;
  size_t moved_accounts = 0;
  double moved_arr = 0;
  for (size_t row = 0; row < data.unit_of_account.size(); ++row) {
    int32_t u = data.unit_of_account[row], owner = data.owner_of_account[row];
    if (u < 0 || overridden_owner[u] < 0 || owner < 0) continue;
    const territory::Unit& unit = problem.units[u];
    if (owner != unit.current_rep && problem.reps[owner].role == unit.role) {
      ++moved_accounts;
      moved_arr += data.account_arr[row];
    }
  }
  double owned = OwnedArr(data);
  const bool one = units.size() == 1;
  data.notes.push_back(fmt::format(
      "{} {} locked to a rep other than the owner of most of {} ARR, and the lock wins: {}; {} "
      "with ARR {} ({:.1f}% of the owned ARR) {} to the locked rep (reason \"locked (moved from "
      "REP)\")",
      Counted(units.size(), "unit"), one ? "is" : "are", one ? "its" : "their",
      territory::Examples(units), Counted(moved_accounts, "account"),
      GroupDigits(fmt::format("{:.0f}", moved_arr)), owned > 0 ? 100 * moved_arr / owned : 0.0,
      moved_accounts == 1 ? "moves" : "move"));
}

}  // namespace

double OwnedArr(const TerritoryData& data) {
  double owned = 0;
  for (size_t row = 0; row < data.unit_of_account.size(); ++row)
    if (data.unit_of_account[row] >= 0 && data.owner_of_account[row] >= 0)
      owned += data.account_arr[row];
  return owned;
}

TerritoryColumns ResolveTerritoryColumns(const PolicyAst& policy, TerritoryColumns flags) {
  CoverageOutputs coverage = policy.coverage ? policy.coverage->outputs : CoverageOutputs{};
  CapacityColumns capacity = policy.capacity ? policy.capacity->columns : CapacityColumns{};
  auto fill = [](std::string& name, const Named& declared) {
    if (name.empty()) name = declared.name;
  };
  fill(flags.role, coverage.role);
  fill(flags.workload, coverage.hours);
  fill(flags.region, capacity.region);
  fill(flags.potential, capacity.potential);
  fill(flags.arr, capacity.arr);
  return flags;
}

std::set<std::string> DistinctValues(const Execution& run, const std::string& column,
                                     const char* flag) {
  auto values = Required(run, column, flag);
  std::set<std::string> distinct;
  for (size_t row = 0; row < values->size(); ++row)
    if (!values->IsNull(row)) distinct.insert(KeyText(*values, row));
  return distinct;
}

TerritoryData BuildTerritoryProblem(const Execution& run, const TerritoryColumns& columns,
                                    std::vector<territory::Rep> reps,
                                    const std::vector<Owner>& owners) {
  TerritoryData data;
  const std::string& key = run.plan().key_column();
  if (key.empty())
    throw Error(ErrorKind::kUsage,
                "the policy's accounts input has no key: territories need "
                "an account id (input key:)");
  auto ids = Required(run, key, "the policy's input key");
  size_t rows = ids->size();
  data.account_ids.resize(rows);
  for (size_t row = 0; row < rows; ++row) data.account_ids[row] = KeyText(*ids, row);
  std::vector<std::optional<std::string>> families =
      Families(run, columns.family, data.account_ids);
  auto role = Required(run, columns.role, "--role-column");
  auto region = Required(run, columns.region, "--region-column");
  auto workload = RequiredNumbers(run, columns.workload, "--workload-column");
  auto potential = RequiredNumbers(run, columns.potential, "--potential-column");
  auto arr = RequiredNumbers(run, columns.arr, "--arr-column");
  std::shared_ptr<const Column> geo;
  if (!columns.geo.empty()) geo = Required(run, columns.geo, "--geo");

  std::set<std::string> staffed_roles;
  for (const territory::Rep& rep : reps) staffed_roles.insert(rep.role);
  data.owner_of_account.assign(rows, -1);
  std::vector<bool> locked_account(rows, false);
  size_t unknown_owners = 0;
  uint64_t other_role_owners = 0, other_role_locks = 0;
  for (const Owner& owner : owners) {
    std::optional<size_t> row = run.FindAccount(owner.account_id);
    if (!row) {
      ++unknown_owners;
      continue;
    }
    data.owner_of_account[*row] = owner.rep;
    locked_account[*row] = owner.locked;
  }
  if (unknown_owners > 0)
    data.notes.push_back(Counted(unknown_owners, "owner row") +
                         (unknown_owners == 1 ? " names an account" : " name accounts") +
                         " not in the input; ignored");

  // Units in first-seen order, so the problem does not depend on hashing.
  std::unordered_map<std::string, int32_t> unit_of_key;
  std::vector<double> top_potential;  // per unit: its largest account's potential
  std::vector<std::map<int32_t, OwnerShare>> shares;
  std::map<std::string, size_t> left_out;  // role -> accounts without a rep of it
  std::vector<std::string> first_region;   // per unit
  std::vector<uint8_t> mixed_regions;      // per unit: 1 when its accounts' regions differ
  data.unit_of_account.assign(rows, -1);
  data.account_potential.assign(rows, 0);
  data.account_arr.assign(rows, 0);
  for (size_t row = 0; row < rows; ++row) {
    std::string row_role = role->IsNull(row) ? "" : KeyText(*role, row);
    if (!staffed_roles.count(row_role)) {
      ++left_out[row_role];
      continue;
    }
    std::string row_region = region->IsNull(row) ? "" : KeyText(*region, row);
    // An account whose family is NULL is a unit of its own: a NULL family
    // equals no other (as in SQL), and least of all the text "NULL".
    int32_t u = static_cast<int32_t>(data.problem.units.size());
    bool fresh = true;
    if (families[row]) {
      auto [it, added] = unit_of_key.emplace(*families[row] + '\x1f' + row_role, u);
      u = it->second;
      fresh = added;
    }
    double row_potential = NumberOrZero(*potential, row);
    if (fresh) {
      territory::Unit unit;
      unit.family = families[row].value_or("");
      if (!families[row]) unit.account = data.account_ids[row];
      unit.role = row_role;
      unit.region = row_region;
      data.problem.units.push_back(std::move(unit));
      top_potential.push_back(-INFINITY);
      shares.emplace_back();
      first_region.push_back(row_region);
      mixed_regions.push_back(0);
    }
    territory::Unit& unit = data.problem.units[u];
    if (row_region != first_region[u]) mixed_regions[u] = 1;
    if (row_potential > top_potential[u]) {
      top_potential[u] = row_potential;
      unit.region = row_region;
      if (geo) unit.geo = geo->IsNull(row) ? "" : KeyText(*geo, row);
    }
    unit.accounts += 1;
    unit.potential += row_potential;
    unit.workload += NumberOrZero(*workload, row);
    double row_arr = NumberOrZero(*arr, row);
    unit.arr += row_arr;
    data.account_potential[row] = row_potential;
    data.account_arr[row] = row_arr;
    data.unit_of_account[row] = u;
    int32_t owner = data.owner_of_account[row];
    if (owner >= 0 && reps[owner].role != row_role) {
      ++other_role_owners;
      if (locked_account[row]) ++other_role_locks;
    }
    if (owner >= 0 && reps[owner].role == row_role) {
      OwnerShare& share = shares[u][owner];
      share.arr += row_arr;
      share.accounts += 1;
      share.locked = share.locked || locked_account[row];
    }
  }
  if (other_role_owners > 0)
    data.notes.push_back(
        Counted(other_role_owners, "account") + " owned by a rep of another role than theirs" +
        (other_role_locks > 0
             ? " (" + Counted(other_role_locks, "lock") + " among them, which cannot hold)"
             : std::string()) +
        (other_role_owners == 1 ? " goes" : " go") +
        " to a rep of their role (reason: owner of another role)");
  // The current rep: the owner of most ARR, then most accounts, then the
  // first rep; a lock on any account keeps the unit with its locking owner.
  size_t conflicting_locks = 0;
  // Per unit whose lock overrides the owner of most of its ARR: that owner.
  std::vector<int32_t> overridden_owner(data.problem.units.size(), -1);
  for (size_t u = 0; u < data.problem.units.size(); ++u) {
    territory::Unit& unit = data.problem.units[u];
    int32_t best = -1, best_locked = -1, locks = 0;
    // Not a structured binding: clang (the sanitizer build) refuses to
    // capture one in a lambda before C++20's P1091 fix lands.
    for (const auto& entry : shares[u]) {
      const int32_t rep = entry.first;
      const OwnerShare& share = entry.second;
      auto better = [&](int32_t other) {
        if (other < 0) return true;
        const OwnerShare& o = shares[u].at(other);
        return share.arr != o.arr ? share.arr > o.arr : share.accounts > o.accounts;
      };
      if (better(best)) best = rep;
      if (share.locked) {
        ++locks;
        if (better(best_locked)) best_locked = rep;
      }
    }
    unit.current_rep = best_locked >= 0 ? best_locked : best;
    unit.locked = best_locked >= 0;
    if (unit.locked && best != best_locked) overridden_owner[u] = best;
    if (locks > 1) ++conflicting_locks;
  }
  for (const auto& [name, count] : left_out)
    data.notes.push_back(
        Counted(count, "account") + " " +
        (name.empty() ? std::string("without a role") : "of role " + name + ", which no rep has,") +
        (count == 1 ? " is" : " are") + " left out of the plan");
  size_t split_regions = std::count(mixed_regions.begin(), mixed_regions.end(), 1);
  if (split_regions > 0)
    data.notes.push_back(Counted(split_regions, "unit") +
                         (split_regions == 1 ? " spans" : " span") +
                         " several regions; each goes by its account with the most potential");
  if (conflicting_locks > 0)
    data.notes.push_back(Counted(conflicting_locks, "unit") +
                         (conflicting_locks == 1 ? " has" : " have") +
                         " accounts locked to different reps (infeasible locks); each stays with "
                         "the locking owner of most of its ARR");
  if (geo) NoteHomesOffEveryAccount(reps, data.problem.units, columns.geo, data.notes);
  data.problem.reps = std::move(reps);
  NoteLocksOverOwners(data, overridden_owner);
  return data;
}

}  // namespace acctseg

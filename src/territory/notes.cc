#include "territory/notes.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "common/counted.h"

namespace acctseg::territory {

namespace {

const char* MeasureName(int measure) { return measure == 0 ? "potential" : "workload"; }

// The largest max_accounts of the unit's eligible reps, or 0 when one of
// them has no limit.
uint32_t LargestMaxAccounts(const CostModel& model, size_t unit) {
  uint32_t largest = 0;
  for (int32_t rep : model.Eligible(unit)) {
    uint32_t limit = model.problem().reps[rep].max_accounts;
    if (limit == 0) return 0;
    largest = std::max(largest, limit);
  }
  return largest;
}

}  // namespace

std::string UnitName(const Unit& unit) {
  return unit.family.empty() && !unit.account.empty() ? unit.account + " (no family)" : unit.family;
}

// Up to this many examples are named in one note; the rest are counted.
constexpr size_t kExamples = 3;

std::string Examples(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < kExamples; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > kExamples) text += fmt::format(" and {} more", names.size() - kExamples);
  return text;
}

std::vector<std::string> InputNotes(const CostModel& model) {
  const Problem& problem = model.problem();
  std::vector<std::string> notes;
  std::map<std::string, std::vector<std::string>> unplaceable;  // by role/region
  std::vector<std::string> bad_locks, ineligible_locks, big;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    const Unit& unit = problem.units[u];
    if (unit.locked && !model.Fixed(u)) bad_locks.push_back(UnitName(unit));
    if (model.Fixed(u)) {
      const Rep& rep = problem.reps[unit.current_rep];
      if (!RepAllows(rep, unit)) ineligible_locks.push_back(UnitName(unit) + " (" + rep.id + ")");
    }
    auto eligible = model.Eligible(u);
    if (eligible.empty()) {
      unplaceable[unit.role + (unit.region.empty() ? "" : " in " + unit.region)].push_back(
          UnitName(unit));
      continue;
    }
    for (int m = 0; m < kMeasures; ++m) {
      double mean = model.Mean(eligible[0], m);
      if (mean > 0 && model.Amount(u, m) > (1 + model.options().tolerance) * mean) {
        big.push_back(fmt::format("{} ({} {:.0f}% of a rep's share)", UnitName(unit),
                                  MeasureName(m), 100 * model.Amount(u, m) / mean));
        break;
      }
    }
  }
  for (const auto& [where, families] : unplaceable)
    notes.push_back(fmt::format("{} of {} {} no eligible rep and {} unassigned: {}",
                                Counted(families.size(), "unit"), where,
                                families.size() == 1 ? "has" : "have",
                                families.size() == 1 ? "stays" : "stay", Examples(families)));
  if (!bad_locks.empty())
    notes.push_back(fmt::format("{} {} no current rep to stay with; assigned freely: {}",
                                Counted(bad_locks.size(), "locked unit"),
                                bad_locks.size() == 1 ? "has" : "have", Examples(bad_locks)));
  if (!ineligible_locks.empty())
    notes.push_back(fmt::format("{} {} with a rep not eligible for their role or region: {}",
                                Counted(ineligible_locks.size(), "locked unit"),
                                ineligible_locks.size() == 1 ? "stays" : "stay",
                                Examples(ineligible_locks)));
  if (!big.empty())
    notes.push_back(
        fmt::format("{} {} bigger than one rep's share plus the tolerance; placed and flagged: {}",
                    Counted(big.size(), "unit"), big.size() == 1 ? "is" : "are", Examples(big)));
  return notes;
}

std::vector<std::string> PlanNotes(const CostModel& model,
                                   const std::vector<int32_t>& rep_of_unit) {
  const Problem& problem = model.problem();
  std::vector<std::string> notes;
  std::vector<double> loads;
  std::vector<uint32_t> accounts;
  model.Loads(rep_of_unit, loads, accounts);
  // The tolerance is judged against each role's planned mean (its reps'
  // loads over their number), as --balance-out states it. Against the mean
  // of all the work the role could take, a rep of a role whose units were
  // partly left out (every rep full) was out of tolerance here and within
  // it in the balance file; the units left out get a note of their own.
  std::map<std::string, std::array<double, kMeasures>> role_loads;
  std::map<std::string, size_t> role_reps;
  for (size_t p = 0; p < model.rep_count(); ++p) {
    const std::string& role = problem.reps[p].role;
    role_reps[role] += 1;
    for (int m = 0; m < kMeasures; ++m) role_loads[role][m] += loads[p * kMeasures + m];
  }
  for (int m = 0; m < kMeasures; ++m) {
    std::vector<std::string> outside;
    double worst = 0;
    for (size_t p = 0; p < model.rep_count(); ++p) {
      if (model.Mean(static_cast<int32_t>(p), m) <= 0) continue;  // not balanced, or no work
      const std::string& role = problem.reps[p].role;
      const double mean = role_loads[role][m] / static_cast<double>(role_reps[role]);
      if (mean <= 0) continue;
      double deviation = loads[p * kMeasures + m] / mean - 1;
      if (std::abs(deviation) > model.options().tolerance + 1e-9) {
        outside.push_back(fmt::format("{} {:+.2f}%", problem.reps[p].id, 100 * deviation));
        worst = std::max(worst, std::abs(deviation));
      }
    }
    if (!outside.empty())
      notes.push_back(fmt::format("tolerance ±{:.1f}% not met on {} for {} (worst {:.2f}%): {}",
                                  100 * model.options().tolerance, MeasureName(m),
                                  Counted(outside.size(), "rep"), 100 * worst, Examples(outside)));
  }
  // A unit no eligible rep could hold even empty is told apart from one
  // the reps had no room left for: the fixes differ (raise a limit, or add
  // a rep).
  std::vector<std::string> too_big, no_room;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (rep_of_unit[u] >= 0 || model.Eligible(u).empty()) continue;
    const Unit& unit = problem.units[u];
    uint32_t largest = LargestMaxAccounts(model, u);
    if (largest > 0 && unit.accounts > largest)
      too_big.push_back(fmt::format("{} ({} accounts, the largest max_accounts {})", UnitName(unit),
                                    unit.accounts, largest));
    else
      no_room.push_back(UnitName(unit));
  }
  // The objective's mean must not depend on the plan (it is what keeps the
  // MIP linear), so it counts these units and --balance-out's does not:
  // said here, where it happens, as the printed objective then cannot be
  // recomputed from the balance file.
  auto note_left_out = [&](const std::vector<std::string>& units, const char* why) {
    if (units.empty()) return;
    const char* them = units.size() == 1 ? "it" : "them";
    notes.push_back(
        fmt::format("{} left unassigned: {}: {}; the role means of --balance-out leave {} out, the "
                    "objective's mean counts {}",
                    Counted(units.size(), "unit"), why, Examples(units), them, them));
  };
  note_left_out(too_big, too_big.size() == 1
                             ? "it is larger than any eligible rep's max_accounts"
                             : "each is larger than any eligible rep's max_accounts");
  note_left_out(no_room, "every eligible rep is at its max_accounts");
  return notes;
}

}  // namespace acctseg::territory

#include "territory/assignment_state.h"

#include <tuple>

namespace acctseg::territory {

AssignmentState::AssignmentState(const CostModel& model)
    : model_(model),
      rep_of_unit_(model.unit_count(), -1),
      loads_(model.rep_count() * kMeasures, 0),
      accounts_(model.rep_count(), 0) {}

bool AssignmentState::HasRoom(int32_t rep, size_t unit) const {
  if (rep < 0 || rep == rep_of_unit_[unit]) return true;
  uint32_t limit = model_.problem().reps[rep].max_accounts;
  return limit == 0 || accounts_[rep] + model_.Accounts(unit) <= limit;
}

double AssignmentState::PenaltyChange(int32_t rep, size_t unit, double sign) const {
  double change = 0;
  for (int m = 0; m < kMeasures; ++m) {
    double load = loads_[rep * kMeasures + m];
    change += model_.MeasurePenalty(rep, m, load + sign * model_.Amount(unit, m)) -
              model_.MeasurePenalty(rep, m, load);
  }
  return change;
}

Delta AssignmentState::MoveParts(size_t unit, int32_t rep) const {
  int32_t from = rep_of_unit_[unit];
  Delta delta;
  if (from == rep) return delta;
  delta.cost = model_.UnitCost(unit, rep) - model_.UnitCost(unit, from);
  if (from >= 0) delta.penalty += PenaltyChange(from, unit, -1);
  if (rep >= 0) delta.penalty += PenaltyChange(rep, unit, +1);
  return delta;
}

Delta AssignmentState::SwapParts(size_t a, size_t b) const {
  int32_t rep_a = rep_of_unit_[a], rep_b = rep_of_unit_[b];
  Delta delta;
  if (rep_a == rep_b) return delta;
  delta.cost = model_.UnitCost(a, rep_b) - model_.UnitCost(a, rep_a) + model_.UnitCost(b, rep_a) -
               model_.UnitCost(b, rep_b);
  // Each rep loses one unit and gains the other: apply the net change.
  for (auto [rep, out, in] : {std::tuple{rep_a, a, b}, std::tuple{rep_b, b, a}}) {
    if (rep < 0) continue;
    for (int m = 0; m < kMeasures; ++m) {
      double load = loads_[rep * kMeasures + m];
      double next = load - model_.Amount(out, m) + model_.Amount(in, m);
      delta.penalty += model_.MeasurePenalty(rep, m, next) - model_.MeasurePenalty(rep, m, load);
    }
  }
  return delta;
}

void AssignmentState::Move(size_t unit, int32_t rep) {
  int32_t from = rep_of_unit_[unit];
  if (from == rep) return;
  uint32_t accounts = model_.Accounts(unit);
  for (int m = 0; m < kMeasures; ++m) {
    double amount = model_.Amount(unit, m);
    if (from >= 0) loads_[from * kMeasures + m] -= amount;
    if (rep >= 0) loads_[rep * kMeasures + m] += amount;
  }
  if (from >= 0) accounts_[from] -= accounts;
  if (rep >= 0) accounts_[rep] += accounts;
  rep_of_unit_[unit] = rep;
}

double AssignmentState::RelativeLoad(int32_t rep) const {
  double relative = 0;
  for (int m = 0; m < kMeasures; ++m) {
    double mean = model_.Mean(rep, m);
    if (mean > 0) relative += loads_[rep * kMeasures + m] / mean;
  }
  return relative;
}

double AssignmentState::Deviation(int32_t rep, int measure) const {
  double mean = model_.Mean(rep, measure);
  return mean > 0 ? loads_[rep * kMeasures + measure] / mean - 1 : 0;
}

double AssignmentState::Alike(int32_t a, int32_t b) const {
  double alike = 0;
  for (int m = 0; m < kMeasures; ++m) alike += Deviation(a, m) * Deviation(b, m);
  return alike;
}

}  // namespace acctseg::territory

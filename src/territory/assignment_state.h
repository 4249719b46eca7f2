// An assignment being built or improved: the rep of every unit plus each
// rep's loads and accounts, kept up to date move by move so that the cost of
// a change is computed in constant time. Owned by one solver thread.
#pragma once

#include <cstdint>
#include <vector>

#include "territory/cost_model.h"

namespace acctseg::territory {

// Changes of the objective smaller than this are rounding, not progress.
inline constexpr double kRounding = 1e-12;

// The change of the objective split in two: the reps' balance penalties, and
// the units' move and geography costs.
struct Delta {
  double penalty = 0, cost = 0;
  double Total() const { return penalty + cost; }
};

class AssignmentState {
 public:
  // Starts with every unit unassigned.
  explicit AssignmentState(const CostModel& model);

  const CostModel& model() const { return model_; }
  int32_t RepOf(size_t unit) const { return rep_of_unit_[unit]; }
  const std::vector<int32_t>& rep_of_unit() const { return rep_of_unit_; }
  const double* LoadsOf(int32_t rep) const { return &loads_[rep * kMeasures]; }
  uint32_t AccountsOf(int32_t rep) const { return accounts_[rep]; }

  // Whether rep's max_accounts leaves room for the unit (always for its current rep).
  bool HasRoom(int32_t rep, size_t unit) const;
  // The change of the objective if unit went to rep (-1: unassigned).
  Delta MoveParts(size_t unit, int32_t rep) const;
  double MoveDelta(size_t unit, int32_t rep) const { return MoveParts(unit, rep).Total(); }
  // The change if units a and b traded reps.
  Delta SwapParts(size_t a, size_t b) const;
  double SwapDelta(size_t a, size_t b) const { return SwapParts(a, b).Total(); }
  void Move(size_t unit, int32_t rep);
  // Potential + workload load of rep relative to its role mean: the greedy's
  // tie-break between equally good reps.
  double RelativeLoad(int32_t rep) const;
  // The rep's balance penalty, as in the objective.
  double Penalty(int32_t rep) const { return model_.RepPenalty(rep, LoadsOf(rep)); }
  // load / role mean - 1 for one measure (0 when the measure is not balanced).
  double Deviation(int32_t rep, int measure) const;
  // Sum over the measures of the two reps' deviations multiplied: positive
  // when they lean the same way, negative when opposite (trading partners).
  double Alike(int32_t a, int32_t b) const;

 private:
  // Penalty change of rep when its loads change by sign * unit's amounts.
  double PenaltyChange(int32_t rep, size_t unit, double sign) const;

  const CostModel& model_;
  std::vector<int32_t> rep_of_unit_;
  std::vector<double> loads_;  // rep * kMeasures + measure
  std::vector<uint32_t> accounts_;
};

}  // namespace acctseg::territory

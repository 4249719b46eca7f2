// The one territory objective, broken into the pieces the solvers need: which
// reps each unit may go to, the role means, the penalty of one rep's loads and
// the cost of putting one unit with one rep. Objective(), the greedy, the
// local search, the bound and the MIP all read it, so they cannot disagree.
// Immutable after construction; safe to share between threads.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "territory/territory.h"

namespace acctseg::territory {

// A balanced measure of a unit: potential or workload.
enum class Measure { kPotential = 0, kWorkload = 1 };
inline constexpr int kMeasures = 2;

// Cost of leaving a unit that has an eligible rep unassigned (only possible
// when max_accounts leaves no room): far above any balance or move cost.
inline constexpr double kUnassignedCost = 10.0;
// Weight of the share of accounts moved next to the share of ARR moved.
inline constexpr double kAccountMoveWeight = 0.1;

// Whether the rep may cover the unit: same role, and the unit's region is one
// of the rep's (or the rep takes any region).
bool RepAllows(const Rep& rep, const Unit& unit);

class CostModel {
 public:
  CostModel(const Problem& problem, const Options& options);

  const Problem& problem() const { return problem_; }
  const Options& options() const { return options_; }
  size_t unit_count() const { return problem_.units.size(); }
  size_t rep_count() const { return problem_.reps.size(); }

  // Reps the unit may go to: same role, region allowed. A locked unit with a
  // valid current rep may only stay (even if that rep is not eligible).
  std::span<const int32_t> Eligible(size_t unit) const;
  bool Fixed(size_t unit) const { return fixed_[unit]; }
  // The reps of each role, in order of the role's first rep, indices
  // ascending: only reps of one role can trade units.
  const std::vector<std::vector<int32_t>>& RoleGroups() const { return reps_of_role_; }
  // The reps of rep's role, rep included.
  std::span<const int32_t> Peers(int32_t rep) const {
    const auto& group = reps_of_role_[role_of_rep_[rep]];
    return {group.data(), group.size()};
  }

  // The unit's potential (measure 0) or workload (measure 1).
  double Amount(size_t unit, int measure) const { return amount_[unit * kMeasures + measure]; }
  uint32_t Accounts(size_t unit) const { return accounts_[unit]; }
  int32_t Owner(size_t unit) const { return owner_[unit]; }
  // The role mean of a rep's measure; 0 when that measure is not balanced.
  double Mean(int32_t rep, int measure) const { return mean_[rep * kMeasures + measure]; }
  // max(0, |load - mean| - tolerance * mean) / mean for one measure.
  double MeasurePenalty(int32_t rep, int measure, double load) const {
    double mean = Mean(rep, measure);
    if (mean <= 0) return 0;
    double excess = std::abs(load - mean) - options_.tolerance * mean;
    return excess > 0 ? excess / mean : 0;
  }
  // Sum of MeasurePenalty over the measures, given both loads.
  double RepPenalty(int32_t rep, const double* loads) const;
  // What the unit costs away from its current rep (ARR and accounts moved).
  double MoveCost(size_t unit) const { return move_cost_[unit]; }
  // Move and geography cost of putting the unit with rep (-1: unassigned).
  // Inline: the local search calls it hundreds of millions of times.
  double UnitCost(size_t unit, int32_t rep) const {
    // A unit no rep can take costs nothing wherever it is: no plan can help.
    if (rep < 0) return placeable_[unit] ? kUnassignedCost + move_cost_[unit] : 0;
    double cost = rep == owner_[unit] ? 0 : move_cost_[unit];
    int32_t geo = geo_of_unit_[unit];
    if (geo < 0) return cost;
    const auto& home = home_of_rep_[rep];
    if (!home.empty() && !std::binary_search(home.begin(), home.end(), geo))
      cost += geo_cost_[unit];
    return cost;
  }
  // Potential + workload of a unit, each relative to its role mean: the
  // size the greedy orders by.
  double RelativeSize(size_t unit) const;

  // Loads per rep and measure (rep * kMeasures + measure) and accounts per rep.
  void Loads(const std::vector<int32_t>& rep_of_unit, std::vector<double>& loads,
             std::vector<uint32_t>& accounts) const;
  double Evaluate(const std::vector<int32_t>& rep_of_unit) const;

 private:
  const Problem& problem_;
  Options options_;
  std::vector<std::vector<int32_t>> classes_;  // eligible reps per (role, region)
  std::vector<int32_t> class_of_unit_;         // -1: a fixed unit, see fixed_list_
  std::vector<int32_t> fixed_list_;            // the one rep of each unit, for fixed ones
  std::vector<bool> fixed_;
  std::vector<std::vector<int32_t>> reps_of_role_;
  std::vector<size_t> role_of_rep_;
  // Copies of the units' hot fields, packed: the search reads them far more
  // often than the Unit structs (strings and all) fit in cache.
  std::vector<double> amount_;  // unit * kMeasures + measure
  std::vector<int32_t> owner_;
  std::vector<uint32_t> accounts_;
  std::vector<bool> placeable_;
  std::vector<double> mean_;                       // rep * kMeasures + measure
  std::vector<double> move_cost_;                  // cost of the unit leaving its current rep
  std::vector<double> geo_cost_;                   // cost of the unit sitting off its rep's home
  std::vector<int32_t> geo_of_unit_;               // -1: no geography
  std::vector<std::vector<int32_t>> home_of_rep_;  // sorted geo ids; empty: anywhere
};

}  // namespace acctseg::territory

#include "territory/large_neighbourhood.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <vector>

#include "territory/exact_mip.h"

namespace acctseg::territory {

namespace {

// Size of one subproblem, free units times open reps (about its binaries):
// CBC takes a tenth to a third of a second on one at 2,000 accounts.
constexpr size_t kMaxBinaries = 1600;
// Reps per neighbourhood: at least 2, at most this.
constexpr size_t kMaxReps = 6;
// CBC's branch-and-bound nodes per subproblem: a stop that does not depend
// on the machine's speed.
constexpr int kNodeLimit = 300;
// Wall-time guard per subproblem, far above what the node limit takes on the
// books this runs on.
constexpr double kSubproblemSeconds = 10;
// Random neighbourhoods per rep of the role, added to each round: with one,
// a 2,000-account book stopped one prospect above CBC's proven optimum; two
// reached it, and more only cost time.
constexpr size_t kRandomPerRep = 2;
// When no neighbourhood of a few reps helps, one last neighbourhood opens
// every rep of the role but frees only the units cheapest to move: those
// away from their owner and this many per rep, cheapest per unit of size.
// It reaches chains through more reps than a neighbourhood holds.
constexpr size_t kCheapUnitsPerRep = 8;
// ... unless that frees so many units across so many reps that CBC would
// spend seconds on it (a role of 70 reps at 20,000 accounts): then not at all.
constexpr size_t kMaxCheapBinaries = 4 * kMaxBinaries;

class NeighbourhoodSearch {
 public:
  NeighbourhoodSearch(AssignmentState& state, const SearchLimits& limits)
      : state_(state),
        model_(state.model()),
        limits_(limits),
        rng_(limits.seed),
        changed_at_(model_.rep_count(), 0),
        index_in_role_(model_.rep_count(), 0) {
    for (const auto& role : model_.RoleGroups())
      for (size_t i = 0; i < role.size(); ++i) index_in_role_[role[i]] = i;
  }

  void Run() {
    objective_ = model_.Evaluate(state_.rep_of_unit());
    for (const auto& role : model_.RoleGroups()) {
      // Nothing is below 0: a plan at 0 is optimal already.
      if (role.size() < 2 || objective_ <= kRounding) continue;
      size_t size = NeighbourhoodSize(role);
      // Rounds until none of the neighbourhoods improves the plan.
      for (bool improved = true; improved && !Expired();) {
        improved = false;
        for (const auto& reps : Neighbourhoods(role, size)) {
          if (Expired()) break;
          improved |= Resolve(reps);
        }
        if (!improved && !Expired()) improved = ResolveCheapUnits(role);
      }
    }
  }

 private:
  double SecondsLeft() const {
    return std::chrono::duration<double>(limits_.deadline - std::chrono::steady_clock::now())
        .count();
  }
  bool Expired() const { return SecondsLeft() <= 0; }

  // As many reps as keep the subproblem within kMaxBinaries, at least 2.
  size_t NeighbourhoodSize(const std::vector<int32_t>& role) const {
    size_t units = 0;
    for (size_t u = 0; u < model_.unit_count(); ++u) {
      int32_t rep = state_.RepOf(u);
      units += InRole(rep, role);
    }
    size_t per_rep = std::max<size_t>(1, units / role.size());
    size_t size = 2;
    while (size < std::min(kMaxReps, role.size()) &&
           (size + 1) * (size + 1) * per_rep <= kMaxBinaries)
      ++size;
    return size;
  }

  bool InRole(int32_t rep, const std::vector<int32_t>& role) const {
    return rep >= 0 && model_.Peers(rep).data() == role.data();
  }

  // Per pair of reps of the role (by position in it): the move cost of the
  // units one holds and the other owns, which could go back.
  std::vector<double> SharedMoveCost(const std::vector<int32_t>& role) const {
    const size_t count = role.size();
    std::vector<double> shared(count * count, 0);
    for (size_t u = 0; u < model_.unit_count(); ++u) {
      int32_t holder = state_.RepOf(u), owner = model_.Owner(u);
      if (holder == owner || !InRole(holder, role) || !InRole(owner, role)) continue;
      size_t i = index_in_role_[holder], j = index_in_role_[owner];
      double cost = model_.UnitCost(u, holder);
      shared[i * count + j] += cost;
      shared[j * count + i] += cost;
    }
    return shared;
  }

  // One neighbourhood per rep of the role, the most penalised first: the rep,
  // then alternately the partner it shares the most moved units with and the
  // one deviating most the other way. Then random ones, which find the chains
  // the two rules miss.
  std::vector<std::vector<int32_t>> Neighbourhoods(const std::vector<int32_t>& role, size_t size) {
    const size_t count = role.size();
    const std::vector<double> shared = SharedMoveCost(role);
    std::vector<int32_t> order = role;
    std::stable_sort(order.begin(), order.end(),
                     [&](int32_t a, int32_t b) { return state_.Penalty(a) > state_.Penalty(b); });
    std::vector<std::vector<int32_t>> result;
    for (int32_t p : order) {
      size_t i = index_in_role_[p];
      std::vector<int32_t> by_shared, by_opposite;
      for (int32_t q : role)
        if (q != p) by_opposite.push_back(q);
      by_shared = by_opposite;
      std::stable_sort(by_shared.begin(), by_shared.end(), [&](int32_t a, int32_t b) {
        return shared[i * count + index_in_role_[a]] > shared[i * count + index_in_role_[b]];
      });
      std::stable_sort(by_opposite.begin(), by_opposite.end(), [&](int32_t a, int32_t b) {
        return state_.Alike(p, a) < state_.Alike(p, b);
      });
      std::vector<int32_t> reps{p};
      for (size_t k = 0; reps.size() < size; ++k) {
        const auto& source = k % 2 == 0 ? by_shared : by_opposite;
        for (int32_t q : source)
          if (std::find(reps.begin(), reps.end(), q) == reps.end()) {
            reps.push_back(q);
            break;
          }
      }
      std::sort(reps.begin(), reps.end());
      result.push_back(std::move(reps));
    }
    std::vector<int32_t> shuffled = role;
    for (size_t r = 0; r < count * kRandomPerRep; ++r) {
      for (size_t k = 0; k < size; ++k)
        std::swap(shuffled[k], shuffled[std::uniform_int_distribution<size_t>(k, count - 1)(rng_)]);
      std::vector<int32_t> reps(shuffled.begin(), shuffled.begin() + size);
      std::sort(reps.begin(), reps.end());
      result.push_back(std::move(reps));
    }
    return result;
  }

  // Re-solves the units of reps among reps; applies the result if better.
  // Skipped when none of the reps changed since this set was last solved:
  // the subproblem would be the same.
  bool Resolve(const std::vector<int32_t>& reps) {
    uint64_t last_change = 0;
    for (int32_t p : reps) last_change = std::max(last_change, changed_at_[p]);
    auto [solved, added] = solved_at_.try_emplace(reps, 0);
    if (!added && solved->second >= last_change) return false;
    solved->second = clock_ + 1;
    return SolveAndKeep({reps, {}});
  }

  // The whole role open, only the units cheapest to move free.
  bool ResolveCheapUnits(const std::vector<int32_t>& role) {
    std::vector<char> free(model_.unit_count(), 0);
    std::vector<std::vector<std::pair<double, uint32_t>>> owned(model_.rep_count());
    for (size_t u = 0; u < model_.unit_count(); ++u) {
      int32_t rep = state_.RepOf(u);
      if (!InRole(rep, role) || model_.Fixed(u)) continue;
      double size = model_.RelativeSize(u);
      if (model_.Owner(u) != rep)
        free[u] = 1;
      else if (size > 0)
        owned[rep].emplace_back(model_.MoveCost(u) / size, static_cast<uint32_t>(u));
    }
    for (int32_t p : role) {
      auto& units = owned[p];
      size_t keep = std::min(kCheapUnitsPerRep, units.size());
      std::partial_sort(units.begin(), units.begin() + keep, units.end());
      for (size_t i = 0; i < keep; ++i) free[units[i].second] = 1;
    }
    size_t free_count = std::count(free.begin(), free.end(), 1);
    if (free_count * role.size() > kMaxCheapBinaries) return false;
    return SolveAndKeep({role, free});
  }

  // Solves the scope's subproblem; applies the result if it lowers the objective.
  bool SolveAndKeep(const MipScope& scope) {
    ++clock_;
    double seconds = std::min(kSubproblemSeconds, SecondsLeft());
    if (seconds <= 0) return false;
    ExactResult result =
        SolveExact(model_, state_.rep_of_unit(), {seconds, 1, kNodeLimit, false}, scope);
    if (!result.found) return false;
    double objective = model_.Evaluate(result.rep_of_unit);
    if (objective >= objective_ - kRounding) return false;
    for (size_t u = 0; u < model_.unit_count(); ++u) {
      int32_t from = state_.RepOf(u), to = result.rep_of_unit[u];
      if (from == to) continue;
      if (from >= 0) changed_at_[from] = clock_;
      if (to >= 0) changed_at_[to] = clock_;
      state_.Move(u, to);
    }
    objective_ = objective;
    return true;
  }

  AssignmentState& state_;
  const CostModel& model_;
  SearchLimits limits_;
  std::mt19937_64 rng_;
  double objective_ = 0;
  uint64_t clock_ = 0;                // counts subproblems solved
  std::vector<uint64_t> changed_at_;  // per rep: clock_ when its units last changed
  std::map<std::vector<int32_t>, uint64_t> solved_at_;
  std::vector<size_t> index_in_role_;  // the rep's position in its role's list
};

}  // namespace

void ImproveByNeighbourhoods(AssignmentState& state, const SearchLimits& limits) {
  NeighbourhoodSearch(state, limits).Run();
}

}  // namespace acctseg::territory

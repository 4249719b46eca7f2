#include "territory/greedy.h"

#include <algorithm>
#include <numeric>

namespace acctseg::territory {

namespace {

bool CanKeepOwner(const AssignmentState& state, size_t unit) {
  int32_t owner = state.model().Owner(unit);
  if (owner < 0) return false;
  auto eligible = state.model().Eligible(unit);
  return std::find(eligible.begin(), eligible.end(), owner) != eligible.end() &&
         state.HasRoom(owner, unit);
}

// The eligible rep with room where the unit costs least; -1 if none has room.
int32_t BestRep(const AssignmentState& state, size_t unit) {
  int32_t best = -1;
  double best_delta = 0, best_load = 0;
  for (int32_t rep : state.model().Eligible(unit)) {
    if (!state.HasRoom(rep, unit)) continue;
    double delta = state.MoveDelta(unit, rep);
    // Equal costs are common (every rep under its mean): fill the emptiest.
    constexpr double kTie = 1e-12;
    if (best >= 0 && delta > best_delta + kTie) continue;
    double load = state.RelativeLoad(rep);
    if (best >= 0 && delta > best_delta - kTie && load >= best_load) continue;
    best = rep, best_delta = delta, best_load = load;
  }
  return best;
}

}  // namespace

void PlaceGreedy(AssignmentState& state) {
  const CostModel& model = state.model();
  std::vector<size_t> rest;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (model.Fixed(u))
      state.Move(u, model.Eligible(u)[0]);
    else if (model.options().keep_owners && CanKeepOwner(state, u))
      state.Move(u, model.Owner(u));
    else if (!model.Eligible(u).empty())
      rest.push_back(u);
  }
  std::vector<double> size(model.unit_count());
  for (size_t u : rest) size[u] = model.RelativeSize(u);
  std::stable_sort(rest.begin(), rest.end(), [&](size_t a, size_t b) { return size[a] > size[b]; });
  for (size_t u : rest) state.Move(u, BestRep(state, u));
}

}  // namespace acctseg::territory

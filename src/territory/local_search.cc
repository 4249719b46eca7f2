#include "territory/local_search.h"

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

namespace acctseg::territory {

namespace {

// Reps paired with an unbalanced rep per step of the rep-driven search.
constexpr size_t kPartners = 8;
// Reps a rep outside its band sheds to (or pulls from) in the bulk repair.
constexpr size_t kShedPartners = 16;
// Units of each rep sampled for swaps when the full cross product is larger.
constexpr size_t kSwapSample = 48;
// Steps spent on one unbalanced rep per pass before moving on to the next.
constexpr int kStepsPerRep = 64;
// The all-pairs swap neighbourhood is only tried up to this many units.
constexpr size_t kExhaustiveSwapUnits = 6000;
// The scalable passes stop when a round improves the objective less than this.
constexpr double kMinRoundGain = 1e-3;

// A candidate move (to >= 0) or swap (other). Among improving changes the
// rep-driven search prefers the one that buys balance cheapest (move cost
// per unit of penalty removed, so prospects move before ARR), then the
// largest improvement; the exhaustive passes look at the improvement alone.
struct Change {
  double delta = -kRounding, price = std::numeric_limits<double>::infinity();
  size_t unit = 0, other = 0;
  int32_t to = -1;
  bool swap = false, found = false;

  static double Price(const Delta& d) {
    if (d.penalty < 0) return std::max(0.0, d.cost) / -d.penalty;
    return d.cost < 0 ? 0 : std::numeric_limits<double>::infinity();
  }
  bool Better(const Delta& d, bool by_price) const {
    double total = d.Total();
    if (total >= -kRounding) return false;
    if (!by_price || !found) return total < delta || !found;
    double price_d = Price(d);
    constexpr double kSamePrice = 1e-9;
    if (price_d < price - kSamePrice) return true;
    return price_d <= price + kSamePrice && total < delta;
  }
  void Offer(const Delta& d, size_t u, int32_t rep, bool by_price = false) {
    if (Better(d, by_price)) *this = {d.Total(), Price(d), u, 0, rep, false, true};
  }
  void OfferSwap(const Delta& d, size_t a, size_t b, bool by_price = false) {
    if (Better(d, by_price)) *this = {d.Total(), Price(d), a, b, -1, true, true};
  }
};

class Search {
 public:
  Search(AssignmentState& state, const SearchLimits& limits)
      : state_(state), model_(state.model()), limits_(limits), rng_(limits.seed) {
    members_.resize(model_.rep_count());
    position_.assign(model_.unit_count(), 0);
    for (size_t u = 0; u < model_.unit_count(); ++u) AddMember(u, state_.RepOf(u));
  }

  void Run() {
    // Cheap, scalable neighbourhoods first; the exhaustive ones on what is left.
    // The swap-home pass keeps finding a little more with each new sample:
    // stop once a round gains less than kMinRoundGain of the objective.
    double objective = model_.Evaluate(state_.rep_of_unit());
    while (!Expired() && (ShedPass() | RepPass() | ReturnHomePass())) {
      double next = model_.Evaluate(state_.rep_of_unit());
      if (next > objective * (1 - kMinRoundGain)) break;
      objective = next;
    }
    if (!limits_.exhaustive) return;
    Descend();
  }

 private:
  bool Expired() const { return std::chrono::steady_clock::now() >= limits_.deadline; }

  void AddMember(size_t unit, int32_t rep) {
    if (rep < 0) return;
    position_[unit] = static_cast<uint32_t>(members_[rep].size());
    members_[rep].push_back(static_cast<uint32_t>(unit));
  }
  void RemoveMember(size_t unit, int32_t rep) {
    if (rep < 0) return;
    auto& list = members_[rep];
    uint32_t last = list.back();
    list[position_[unit]] = last;
    position_[last] = position_[unit];
    list.pop_back();
  }
  void Move(size_t unit, int32_t rep) {
    RemoveMember(unit, state_.RepOf(unit));
    state_.Move(unit, rep);
    AddMember(unit, rep);
  }
  void Apply(const Change& change) {
    if (!change.swap) return Move(change.unit, change.to);
    int32_t rep_a = state_.RepOf(change.unit), rep_b = state_.RepOf(change.other);
    Move(change.unit, rep_b);
    Move(change.other, rep_a);
  }

  bool Movable(size_t unit) const { return !model_.Fixed(unit); }
  bool MayGo(size_t unit, int32_t rep) const {
    auto eligible = model_.Eligible(unit);
    return std::binary_search(eligible.begin(), eligible.end(), rep) && state_.HasRoom(rep, unit);
  }
  bool MaySwap(size_t a, size_t b) const {
    int32_t rep_a = state_.RepOf(a), rep_b = state_.RepOf(b);
    if (rep_a == rep_b || rep_a < 0 || rep_b < 0 || !Movable(a) || !Movable(b)) return false;
    auto eligible_a = model_.Eligible(a), eligible_b = model_.Eligible(b);
    if (!std::binary_search(eligible_a.begin(), eligible_a.end(), rep_b) ||
        !std::binary_search(eligible_b.begin(), eligible_b.end(), rep_a))
      return false;
    return Fits(rep_a, b, a) && Fits(rep_b, a, b);
  }
  // Whether rep stays within max_accounts when unit in replaces unit out.
  bool Fits(int32_t rep, size_t in, size_t out) const {
    uint32_t limit = model_.problem().reps[rep].max_accounts;
    return limit == 0 ||
           state_.AccountsOf(rep) - model_.Accounts(out) + model_.Accounts(in) <= limit;
  }

  // The reps of p's role whose deviations point most the other way.
  std::vector<int32_t> Partners(int32_t p) const {
    std::vector<std::pair<double, int32_t>> scored;
    for (int32_t q : model_.Peers(p))
      if (q != p) scored.emplace_back(state_.Alike(p, q), q);
    size_t keep = std::min(kPartners, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + keep, scored.end());
    std::vector<int32_t> partners;
    for (size_t i = 0; i < keep; ++i) partners.push_back(scored[i].second);
    return partners;
  }

  // A deterministic sample of a rep's units for the swap neighbourhood.
  std::vector<uint32_t> Sample(int32_t rep) {
    const auto& list = members_[rep];
    if (list.size() <= kSwapSample) return list;
    std::vector<uint32_t> sample;
    std::uniform_int_distribution<size_t> pick(0, list.size() - 1);
    for (size_t i = 0; i < kSwapSample; ++i) sample.push_back(list[pick(rng_)]);
    return sample;
  }

  // The best move or swap between p and its partners; applied if it helps.
  bool ImproveRep(int32_t p) {
    std::vector<Change> best_per_partner;
    for (int32_t q : Partners(p)) {
      Change best;
      for (uint32_t u : members_[p])
        if (Movable(u) && MayGo(u, q)) best.Offer(state_.MoveParts(u, q), u, q, true);
      for (uint32_t u : members_[q])
        if (Movable(u) && MayGo(u, p)) best.Offer(state_.MoveParts(u, p), u, p, true);
      auto sample_p = Sample(p), sample_q = Sample(q);
      for (uint32_t a : sample_p)
        for (uint32_t b : sample_q)
          if (MaySwap(a, b)) best.OfferSwap(state_.SwapParts(a, b), a, b, true);
      if (best.found) best_per_partner.push_back(best);
    }
    std::sort(best_per_partner.begin(), best_per_partner.end(),
              [](const Change& a, const Change& b) {
                return a.price < b.price || (a.price == b.price && a.delta < b.delta);
              });
    bool improved = false;
    // The partners are distinct reps, but each change also touches p: check
    // that a change still helps after the ones applied before it.
    for (const Change& change : best_per_partner) {
      bool still_valid =
          change.swap ? MaySwap(change.unit, change.other)
                      : MayGo(change.unit, change.to) && state_.RepOf(change.unit) != change.to;
      if (!still_valid) continue;
      double delta = change.swap ? state_.SwapDelta(change.unit, change.other)
                                 : state_.MoveDelta(change.unit, change.to);
      if (delta >= -kRounding) continue;
      Apply(change);
      improved = true;
    }
    return improved;
  }

  // Whether rep is beyond the top (direction +1) or the bottom (-1) of its
  // band on some measure.
  bool OutOfBand(int32_t rep, int direction) const {
    for (int m = 0; m < kMeasures; ++m) {
      double mean = model_.Mean(rep, m);
      if (mean <= 0) continue;
      double deviation = state_.LoadsOf(rep)[m] / mean - 1;
      if (direction * deviation > model_.options().tolerance) return true;
    }
    return false;
  }

  // The kShedPartners reps of rep's role that are least loaded (direction +1)
  // or most loaded (-1).
  std::vector<int32_t> Counterparts(int32_t rep, int direction) const {
    std::vector<std::pair<double, int32_t>> scored;
    for (int32_t q : model_.Peers(rep))
      if (q != rep) scored.emplace_back(direction * state_.RelativeLoad(q), q);
    size_t keep = std::min(kShedPartners, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + keep, scored.end());
    std::vector<int32_t> reps;
    for (size_t i = 0; i < keep; ++i) reps.push_back(scored[i].second);
    return reps;
  }

  // Bulk repair, linear in the units moved: every rep above its band sheds
  // units to the least loaded reps of its role, and every rep below pulls
  // from the most loaded, cheapest move per unit of load first, each move
  // applied only if it lowers the objective.
  bool ShedPass() {
    bool improved = false;
    for (int direction : {+1, -1}) {
      for (size_t rep = 0; rep < model_.rep_count() && !Expired(); ++rep) {
        int32_t p = static_cast<int32_t>(rep);
        if (!OutOfBand(p, direction)) continue;
        std::vector<int32_t> others = Counterparts(p, direction);
        if (others.empty()) continue;
        std::vector<std::pair<double, uint32_t>> candidates;
        for (int32_t source : direction > 0 ? std::vector<int32_t>{p} : others)
          for (uint32_t u : members_[source]) {
            if (!Movable(u)) continue;
            double size = model_.RelativeSize(u);
            double cost =
                model_.UnitCost(u, direction > 0 ? others[0] : p) - model_.UnitCost(u, source);
            if (size > 0) candidates.emplace_back(cost / size, u);
          }
        std::sort(candidates.begin(), candidates.end());
        int moves = 0;
        for (auto [price, u] : candidates) {
          if (!OutOfBand(p, direction)) break;
          Change best;
          if (direction > 0) {
            for (int32_t q : others)
              if (MayGo(u, q)) best.Offer(state_.MoveParts(u, q), u, q);
          } else if (MayGo(u, p)) {
            best.Offer(state_.MoveParts(u, p), u, p);
          }
          if (!best.found) continue;
          Apply(best);
          improved = true;
          // The counterparts fill up (or empty): look again now and then.
          if (direction > 0 && ++moves % kShedPartners == 0) others = Counterparts(p, direction);
        }
      }
    }
    return improved;
  }

  bool RepPass() {
    std::vector<std::pair<double, int32_t>> unbalanced;
    for (size_t p = 0; p < model_.rep_count(); ++p) {
      double penalty = state_.Penalty(static_cast<int32_t>(p));
      if (penalty > kRounding) unbalanced.emplace_back(-penalty, static_cast<int32_t>(p));
    }
    std::sort(unbalanced.begin(), unbalanced.end());
    bool improved = false;
    for (auto [_, p] : unbalanced) {
      for (int step = 0; step < kStepsPerRep && state_.Penalty(p) > kRounding && !Expired();
           ++step) {
        if (!ImproveRep(p)) break;
        improved = true;
      }
      if (Expired()) break;
    }
    return improved;
  }

  // Units away from their owner go back when balance no longer needs them
  // away, or trade places with a unit of the owner that is cheaper to move.
  bool ReturnHomePass() {
    bool improved = false;
    for (size_t u = 0; u < model_.unit_count() && !Expired(); ++u) {
      int32_t owner = model_.Owner(u);
      if (owner < 0 || state_.RepOf(u) == owner || !Movable(u)) continue;
      auto eligible = model_.Eligible(u);
      if (!std::binary_search(eligible.begin(), eligible.end(), owner)) continue;
      Change best;
      if (state_.HasRoom(owner, u)) best.Offer(state_.MoveParts(u, owner), u, owner);
      for (uint32_t other : Sample(owner))
        if (MaySwap(u, other)) best.OfferSwap(state_.SwapParts(u, other), u, other);
      if (best.found) {
        Apply(best);
        improved = true;
      }
    }
    return improved;
  }

  bool MovePass() {
    bool improved = false;
    for (size_t u = 0; u < model_.unit_count() && !Expired(); ++u) {
      if (!Movable(u)) continue;
      Change best;
      for (int32_t q : model_.Eligible(u))
        if (q != state_.RepOf(u) && state_.HasRoom(q, u)) best.Offer(state_.MoveParts(u, q), u, q);
      if (best.found) {
        Apply(best);
        improved = true;
      }
    }
    return improved;
  }

  bool SwapPass() {
    if (model_.unit_count() > kExhaustiveSwapUnits) return false;
    bool improved = false;
    for (size_t a = 0; a < model_.unit_count() && !Expired(); ++a)
      for (size_t b = a + 1; b < model_.unit_count(); ++b)
        if (MaySwap(a, b) && state_.SwapDelta(a, b) < -kRounding) {
          Apply({0, 0, a, b, -1, true, true});
          improved = true;
        }
    return improved;
  }

  void Descend() {
    while (!Expired() && (MovePass() | SwapPass())) {
    }
  }

  AssignmentState& state_;
  const CostModel& model_;
  SearchLimits limits_;
  std::mt19937_64 rng_;
  std::vector<std::vector<uint32_t>> members_;
  std::vector<uint32_t> position_;
};

}  // namespace

void ImproveLocally(AssignmentState& state, const SearchLimits& limits) {
  Search(state, limits).Run();
}

}  // namespace acctseg::territory

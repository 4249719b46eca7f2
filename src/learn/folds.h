// Cross-validation folds: which rows each fold holds out. Stratified (each
// fold has the overall share of wins, give or take one row) and the same
// for the same rows and seed on every machine: the shuffle is written out
// here rather than left to std::shuffle, whose algorithm the standard does
// not fix. Every learner (boosted trees, scorecards) and the scikit-learn
// reference in bench/learn/ use these folds, so their figures compare.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace acctseg::learn {

// The fold (0..k-1) of each row. Errors (kUsage): k < 2, or fewer rows of
// either class than k ("too few wins for 5 folds: 3").
std::vector<int> StratifiedFolds(const std::vector<uint8_t>& outcome, int k, uint64_t seed);

// A uniform integer in [0, bound) from a splitmix64 state, the same on
// every platform (for shuffles and samples that must repeat).
uint64_t NextRandom(uint64_t& state);
uint64_t RandomBelow(uint64_t& state, uint64_t bound);

}  // namespace acctseg::learn

#include "learn/folds.h"

#include "common/error.h"

namespace acctseg::learn {

uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t RandomBelow(uint64_t& state, uint64_t bound) {
  // Rejection keeps every value equally likely.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x;
  do x = NextRandom(state);
  while (x >= limit);
  return x % bound;
}

std::vector<int> StratifiedFolds(const std::vector<uint8_t>& outcome, int k, uint64_t seed) {
  if (k < 2) throw Error(ErrorKind::kUsage, "--folds must be at least 2, got " + std::to_string(k));
  std::vector<size_t> rows_of[2];
  for (size_t r = 0; r < outcome.size(); ++r) rows_of[outcome[r] ? 1 : 0].push_back(r);
  for (int cls = 0; cls < 2; ++cls)
    if (rows_of[cls].size() < static_cast<size_t>(k))
      throw Error(ErrorKind::kUsage, std::string("too few ") + (cls ? "wins" : "losses") + " for " +
                                         std::to_string(k) + "-fold cross-validation: " +
                                         std::to_string(rows_of[cls].size()) +
                                         " (each fold needs one of each class)");
  std::vector<int> fold(outcome.size(), 0);
  uint64_t state = seed;
  size_t dealt = 0;  // continues across classes so fold sizes stay within one row
  for (std::vector<size_t>& rows : rows_of) {
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[RandomBelow(state, i)]);
    for (size_t row : rows) fold[row] = static_cast<int>(dealt++ % k);
  }
  return fold;
}

}  // namespace acctseg::learn

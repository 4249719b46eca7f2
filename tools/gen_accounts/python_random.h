// CPython 3.11's random.Random, draw for draw: the same Mersenne Twister
// seeding (Modules/_randommodule.c) and the same Python-level algorithms
// (Lib/random.py), with the floating-point operations in the same order and
// the same libm calls, so that a seeded instance yields bit-identical values.
// Only the methods that tests/data/gen_accounts.py calls are here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace gen_accounts {

class PythonRandom {
 public:
  // random.Random(seed) for an int seed written in decimal ("-12", "7").
  // Throws std::invalid_argument if it is not an integer.
  explicit PythonRandom(std::string_view decimal_seed);

  // Next raw 32-bit output of MT19937 (genrand_uint32).
  uint32_t NextUint32();

  // random(): a float in [0, 1) from 53 random bits.
  double Random();

  // getrandbits(k) for 0 < k <= 64.
  uint64_t GetRandBits(int k);

  // _randbelow(n) = _randbelow_with_getrandbits: uniform in [0, n), n > 0.
  uint64_t RandBelow(uint64_t n);

  // randrange(start, stop) with step 1, start < stop.
  uint64_t RandRange(uint64_t start, uint64_t stop) { return start + RandBelow(stop - start); }

  // Index that choice(seq) picks from a sequence of `size` elements.
  size_t ChoiceIndex(size_t size) { return RandBelow(size); }

  double Uniform(double a, double b) { return a + (b - a) * Random(); }
  double Gauss(double mu, double sigma);
  double ExpoVariate(double lambd);
  // Only alpha > 1 (Cheng's algorithm), the branch betavariate(2, 5) uses.
  double GammaVariate(double alpha, double beta);
  double BetaVariate(double alpha, double beta);

  // sample(range(start, stop), k): k distinct values in selection order.
  std::vector<uint64_t> SampleRange(uint64_t start, uint64_t stop, uint64_t k);

  // shuffle(items), in place.
  template <typename T>
  void Shuffle(std::span<T> items) {
    for (size_t i = items.size(); i-- > 1;) std::swap(items[i], items[RandBelow(i + 1)]);
  }

 private:
  static constexpr int kStateWords = 624;

  void InitGenrand(uint32_t seed);
  void InitByArray(std::span<const uint32_t> key);
  void Twist();

  std::array<uint32_t, kStateWords> state_{};
  int next_word_ = kStateWords;
  // gauss() makes two normal values at a time and keeps the second one for
  // the next call (self.gauss_next); every gauss() caller shares it.
  bool has_gauss_next_ = false;
  double gauss_next_ = 0.0;
};

}  // namespace gen_accounts

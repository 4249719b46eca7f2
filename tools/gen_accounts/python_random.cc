#include "python_random.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "huge_pages.h"

namespace gen_accounts {

namespace {

// The constants random.py computes at import time, written out bit for bit
// (from float.hex()) so that no compile-time folding can round them another way.
constexpr double kLog4 = 0x1.62e42fefa39efp+0;          // LOG4 = log(4.0)
constexpr double kSgMagicConst = 0x1.40859baee748fp+1;  // SG_MAGICCONST = 1.0 + log(4.5)
constexpr double kTwoPi = 0x1.921fb54442d18p+2;         // TWOPI = 2.0 * pi

constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;
constexpr int kShift = 397;  // MT19937's M

// abs(seed) as 32-bit words, least significant first, at least one word:
// the key random_seed() passes to init_by_array.
std::vector<uint32_t> SeedKey(std::string_view decimal) {
  if (!decimal.empty() && (decimal.front() == '-' || decimal.front() == '+')) {
    decimal.remove_prefix(1);
  }
  if (decimal.empty()) throw std::invalid_argument("seed must be an integer");
  std::vector<uint32_t> words{0};
  for (char c : decimal) {
    if (c < '0' || c > '9') throw std::invalid_argument("seed must be an integer");
    uint64_t carry = static_cast<uint64_t>(c - '0');
    for (uint32_t& word : words) {
      uint64_t product = uint64_t{word} * 10 + carry;
      word = static_cast<uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) words.push_back(static_cast<uint32_t>(carry));
  }
  return words;
}

// sample()'s small-population branch: a list of the population from which
// each pick is swapped out. Offsets are stored in the narrowest type that
// holds them, since at 100M rows the population is a billion ids.
template <typename Offset>
void SampleFromPool(PythonRandom& rng, uint64_t start, uint64_t n, std::span<uint64_t> result) {
  HugePageVector<Offset> pool(n);
  std::iota(pool.begin(), pool.end(), Offset{0});
  for (uint64_t i = 0; i < result.size(); ++i) {
    uint64_t j = rng.RandBelow(n - i);
    result[i] = start + pool[j];
    pool[j] = pool[n - i - 1];
  }
}

// The offsets sample()'s large-population branch has already picked: a
// bitset over the whole range where that is smaller than a hash set of k
// values (the account-id sample), a hash set otherwise (the parent cycles
// pick three rows out of millions).
class PickedOffsets {
 public:
  PickedOffsets(uint64_t range, uint64_t k) : use_bits_(range / 8 <= k * kHashSetBytesPerValue) {
    if (use_bits_) {
      bits_.resize(range / 64 + 1);
    } else {
      set_.reserve(k);
    }
  }

  // Adds the offset; false if it was already there.
  bool Insert(uint64_t offset) {
    if (!use_bits_) return set_.insert(offset).second;
    uint64_t& word = bits_[offset / 64];
    uint64_t bit = uint64_t{1} << (offset % 64);
    if (word & bit) return false;
    word |= bit;
    return true;
  }

 private:
  static constexpr uint64_t kHashSetBytesPerValue = 48;  // node, bucket, load factor

  bool use_bits_;
  HugePageVector<uint64_t> bits_;
  std::unordered_set<uint64_t> set_;
};

}  // namespace

PythonRandom::PythonRandom(std::string_view decimal_seed) { InitByArray(SeedKey(decimal_seed)); }

void PythonRandom::InitGenrand(uint32_t seed) {
  state_[0] = seed;
  for (int i = 1; i < kStateWords; ++i) {
    uint32_t previous = state_[i - 1];
    state_[i] = 1812433253U * (previous ^ (previous >> 30)) + static_cast<uint32_t>(i);
  }
  next_word_ = kStateWords;
}

void PythonRandom::InitByArray(std::span<const uint32_t> key) {
  InitGenrand(19650218U);
  size_t i = 1, j = 0;
  for (size_t k = std::max<size_t>(kStateWords, key.size()); k > 0; --k) {
    uint32_t previous = state_[i - 1];
    state_[i] = (state_[i] ^ ((previous ^ (previous >> 30)) * 1664525U)) + key[j] +
                static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kStateWords) {
      state_[0] = state_[kStateWords - 1];
      i = 1;
    }
    if (j >= key.size()) j = 0;
  }
  for (size_t k = kStateWords - 1; k > 0; --k) {
    uint32_t previous = state_[i - 1];
    state_[i] =
        (state_[i] ^ ((previous ^ (previous >> 30)) * 1566083941U)) - static_cast<uint32_t>(i);
    ++i;
    if (i >= kStateWords) {
      state_[0] = state_[kStateWords - 1];
      i = 1;
    }
  }
  state_[0] = 0x80000000U;  // MSB is 1, assuring a non-zero initial array
}

void PythonRandom::Twist() {
  auto mixed = [&](int from, int next) {
    uint32_t y = (state_[from] & kUpperMask) | (state_[next] & kLowerMask);
    return (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  };
  int k = 0;
  for (; k < kStateWords - kShift; ++k) state_[k] = state_[k + kShift] ^ mixed(k, k + 1);
  for (; k < kStateWords - 1; ++k) {
    state_[k] = state_[k + kShift - kStateWords] ^ mixed(k, k + 1);
  }
  state_[kStateWords - 1] = state_[kShift - 1] ^ mixed(kStateWords - 1, 0);
  next_word_ = 0;
}

uint32_t PythonRandom::NextUint32() {
  if (next_word_ >= kStateWords) Twist();
  uint32_t y = state_[next_word_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

double PythonRandom::Random() {
  uint32_t a = NextUint32() >> 5, b = NextUint32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t PythonRandom::GetRandBits(int k) {
  if (k <= 0 || k > 64) throw std::invalid_argument("getrandbits: k must be in 1..64");
  // Whole 32-bit words from the least significant up; the last, partial
  // word keeps the top bits of its draw.
  uint64_t bits = 0;
  for (int shift = 0; k > 0; shift += 32, k -= 32) {
    uint32_t word = NextUint32();
    if (k < 32) word >>= 32 - k;
    bits |= uint64_t{word} << shift;
  }
  return bits;
}

uint64_t PythonRandom::RandBelow(uint64_t n) {
  int k = std::bit_width(n);  // n.bit_length(), not that of n - 1
  uint64_t r = GetRandBits(k);
  while (r >= n) r = GetRandBits(k);
  return r;
}

double PythonRandom::Gauss(double mu, double sigma) {
  double z;
  if (has_gauss_next_) {
    z = gauss_next_;
    has_gauss_next_ = false;
  } else {
    double x2pi = Random() * kTwoPi;
    double g2rad = std::sqrt(-2.0 * std::log(1.0 - Random()));
    z = std::cos(x2pi) * g2rad;
    gauss_next_ = std::sin(x2pi) * g2rad;
    has_gauss_next_ = true;
  }
  return mu + z * sigma;
}

double PythonRandom::ExpoVariate(double lambd) { return -std::log(1.0 - Random()) / lambd; }

double PythonRandom::GammaVariate(double alpha, double beta) {
  if (!(alpha > 1.0) || !(beta > 0.0)) {
    throw std::domain_error("gammavariate: only alpha > 1 and beta > 0 are implemented");
  }
  // R.C.H. Cheng, "The generation of Gamma variables with non-integral shape
  // parameters", Applied Statistics (1977), 26, No. 1, p71-74.
  double ainv = std::sqrt(2.0 * alpha - 1.0);
  double bbb = alpha - kLog4;
  double ccc = alpha + ainv;
  for (;;) {
    double u1 = Random();
    if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
    double u2 = 1.0 - Random();
    double v = std::log(u1 / (1.0 - u1)) / ainv;
    double x = alpha * std::exp(v);
    double z = u1 * u1 * u2;
    double r = bbb + ccc * v - x;
    if (r + kSgMagicConst - 4.5 * z >= 0.0 || r >= std::log(z)) return x * beta;
  }
}

double PythonRandom::BetaVariate(double alpha, double beta) {
  double y = GammaVariate(alpha, 1.0);
  if (y != 0.0) return y / (y + GammaVariate(beta, 1.0));
  return 0.0;
}

std::vector<uint64_t> PythonRandom::SampleRange(uint64_t start, uint64_t stop, uint64_t k) {
  uint64_t n = stop > start ? stop - start : 0;
  if (k > n) throw std::invalid_argument("sample larger than population");
  std::vector<uint64_t> result(k);
  // sample() keeps a list of the population when that is smaller than a set
  // of k items would be; the choice of branch decides the draws.
  uint64_t setsize = 21;
  if (k > 5) {
    double exponent = std::ceil(std::log(static_cast<double>(k * 3)) / kLog4);
    setsize += uint64_t{1} << (2 * static_cast<int>(exponent));  // 4 ** exponent
  }
  if (n <= setsize) {
    if (n <= uint64_t{UINT32_MAX} + 1) {
      SampleFromPool<uint32_t>(*this, start, n, result);
    } else {
      SampleFromPool<uint64_t>(*this, start, n, result);
    }
    return result;
  }
  PickedOffsets picked(n, k);
  for (uint64_t& value : result) {
    uint64_t j = RandBelow(n);
    while (!picked.Insert(j)) j = RandBelow(n);
    value = start + j;
  }
  return result;
}

}  // namespace gen_accounts

#include "learn/tabled_credit.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ACCTSEG_X86_KERNELS 1
#endif

namespace acctseg::learn {
namespace {

// Units split on few features (the benchmark's 60 trees: 4 to 9): with
// their number known at compile time, the columns' addresses stay in
// registers and the per-feature loops unroll. 0: any number.
constexpr size_t kLargestSpecialised = 10;

// Rows [from, block.rows) one at a time.
template <size_t kFeatures>
void CreditRows(const TabledUnitBlock& block, size_t from) {
  const size_t features = kFeatures ? kFeatures : block.features;
  for (size_t r = from; r < block.rows; ++r) {
    uint32_t at = 0;
    for (size_t k = 0; k < features; ++k) at += block.classes[k][block.bins[k][r]];
    const float* values = block.table + at;
    // One unit of a tree holds the row's leaf; the others add 0.
    block.margins[r] += values[0];
    for (size_t k = 0; k < features; ++k) block.credits[k][r] += values[1 + k];
  }
}

#ifdef ACCTSEG_X86_KERNELS
// Eight rows at a time: the same additions lane by lane, with the table
// and class lookups as gathers.
template <size_t kFeatures>
__attribute__((target("avx2"))) void CreditRowsAvx2(const TabledUnitBlock& block) {
  const size_t features = kFeatures ? kFeatures : block.features;
  size_t r = 0;
  for (; r + 8 <= block.rows; r += 8) {
    __m256i at = _mm256_setzero_si256();
    for (size_t k = 0; k < features; ++k) {
      const __m256i bins = _mm256_cvtepu16_epi32(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(block.bins[k] + r)));
      at = _mm256_add_epi32(
          at, _mm256_i32gather_epi32(reinterpret_cast<const int*>(block.classes[k]), bins, 4));
    }
    const __m256 leaf = _mm256_i32gather_ps(block.table, at, 4);
    _mm256_storeu_ps(block.margins + r, _mm256_add_ps(_mm256_loadu_ps(block.margins + r), leaf));
    for (size_t k = 0; k < features; ++k) {
      const __m256 credit = _mm256_i32gather_ps(block.table + 1 + k, at, 4);
      float* credits = block.credits[k] + r;
      _mm256_storeu_ps(credits, _mm256_add_ps(_mm256_loadu_ps(credits), credit));
    }
  }
  CreditRows<kFeatures>(block, r);
}

bool HasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#endif

template <size_t kFeatures>
void Credit(const TabledUnitBlock& block, bool vector) {
  if constexpr (kFeatures > 0 && kFeatures < kLargestSpecialised) {
    if (block.features > kFeatures) return Credit<kFeatures + 1>(block, vector);
  }
  if (kFeatures > 0 && block.features != kFeatures) return Credit<0>(block, vector);
#ifdef ACCTSEG_X86_KERNELS
  if (vector) return CreditRowsAvx2<kFeatures>(block);
#endif
  CreditRows<kFeatures>(block, 0);
}

}  // namespace

void CreditTabledUnit(const TabledUnitBlock& block) {
#ifdef ACCTSEG_X86_KERNELS
  Credit<1>(block, HasAvx2());
#else
  Credit<1>(block, false);
#endif
}

void CreditTabledUnitScalar(const TabledUnitBlock& block) { Credit<1>(block, false); }

}  // namespace acctseg::learn

#include "learn/tabled_credit.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#define ACCTSEG_X86_KERNELS 1
#endif

namespace acctseg::learn {
namespace {

// The benchmark's units split on 4 to 9 features each.
constexpr size_t kMostFeatures = 64;

// One run of a row's sums, as a vector the compiler lowers to the widest
// instructions of the function it is inlined into (one AVX-512 addition,
// two AVX2 ones, or four SSE ones): the same lane-wise additions.
typedef float Run __attribute__((vector_size(kCreditLanes * sizeof(float))));

// `values` added to `sum`, lane by lane. (Run passes by reference: a
// vector returned by value would change the ABI between the targets.)
[[gnu::always_inline]] inline void AddRun(Run& sum, const float* values) {
  Run value;
  std::memcpy(&value, values, sizeof(Run));
  sum += value;
}

// The row's cell in `unit`: the offset of its values in the unit's table.
[[gnu::always_inline]] inline uint32_t CellOffset(const ShapCells::BinCode* const* bins,
                                                  const uint32_t* const* classes, size_t features,
                                                  size_t row) {
  uint32_t at = 0;
  for (size_t k = 0; k < features; ++k) at += classes[k][bins[k][row]];
  return at;
}

// Every unit in the first run (models of up to 15 features, the common
// case): a row's run is loaded once, takes each unit's values, and is
// stored once.
[[gnu::always_inline]] inline void CreditFirstRun(const TabledUnit* units, size_t count,
                                                  const TabledBlock& block) {
  // Local copies of the addresses: the sums' stores could alias the
  // units' arrays as far as the compiler knows, which would reload every
  // address every row.
  const ShapCells::BinCode* bins[kUnitsPerPass][kMostFeatures];
  const uint32_t* classes[kUnitsPerPass][kMostFeatures];
  const float* tables[kUnitsPerPass];
  size_t features[kUnitsPerPass];
  for (size_t u = 0; u < count; ++u) {
    tables[u] = units[u].table;
    features[u] = units[u].features;
    for (size_t k = 0; k < units[u].features; ++k) {
      bins[u][k] = units[u].bins[k];
      classes[u][k] = units[u].classes[k];
    }
  }
  for (size_t r = 0; r < block.rows; ++r) {
    float* row = block.sums + r * block.row_lanes;
    Run sums;
    std::memcpy(&sums, row, sizeof(Run));
    for (size_t u = 0; u < count; ++u)
      AddRun(sums, tables[u] + CellOffset(bins[u], classes[u], features[u], r));
    std::memcpy(row, &sums, sizeof(Run));
  }
}

// Any runs: unit after unit, each run of each row.
[[gnu::always_inline]] inline void CreditAnyRuns(const TabledUnit* units, size_t count,
                                                 const TabledBlock& block) {
  for (size_t u = 0; u < count; ++u) {
    const TabledUnit& unit = units[u];
    for (size_t r = 0; r < block.rows; ++r) {
      const float* values = unit.table + CellOffset(unit.bins, unit.classes, unit.features, r);
      for (size_t run = 0; run < unit.runs; ++run) {
        float* sums = block.sums + r * block.row_lanes + unit.run_of[run] * kCreditLanes;
        Run sum;
        std::memcpy(&sum, sums, sizeof(Run));
        AddRun(sum, values + run * kCreditLanes);
        std::memcpy(sums, &sum, sizeof(Run));
      }
    }
  }
}

[[gnu::always_inline]] inline void Credit(const TabledUnit* units, size_t count,
                                          const TabledBlock& block) {
  bool first_run_only = true;
  for (size_t u = 0; u < count; ++u)
    first_run_only &=
        units[u].runs == 1 && units[u].run_of[0] == 0 && units[u].features <= kMostFeatures;
  if (first_run_only) return CreditFirstRun(units, count, block);
  CreditAnyRuns(units, count, block);
}

// Where a row's values are in each unit of a pass, a lane per unit.
typedef uint32_t PassCells __attribute__((vector_size(kPassUnits * sizeof(uint32_t))));

// Rows whose cells a pass finds before it adds any of their values, and
// rows whose additions are interleaved. A row's additions in a pass depend
// on each other, each waiting on its value's read: found and added row by
// row, the processor's window held too few rows to overlap their chains
// (bench/learn/README.md, "The cells found ahead of the additions").
constexpr size_t kRowsFoundAhead = 64;
constexpr size_t kRowsAddedTogether = 4;

// Adds the values of `units` units (unit u's at table + at[j][u]) to the
// sums of kRows consecutive rows (`row_lanes` floats apart), unit after
// unit, the rows side by side.
template <size_t kRows>
[[gnu::always_inline]] inline void AddRows(const float* table, const uint32_t (*at)[kPassUnits],
                                           size_t units, float* rows, size_t row_lanes) {
  Run sums[kRows];
  for (size_t j = 0; j < kRows; ++j) std::memcpy(&sums[j], rows + j * row_lanes, sizeof(Run));
  for (size_t u = 0; u < units; ++u)
    for (size_t j = 0; j < kRows; ++j) AddRun(sums[j], table + at[j][u]);
  for (size_t j = 0; j < kRows; ++j) std::memcpy(rows + j * row_lanes, &sums[j], sizeof(Run));
}

// Adds to `sum` the lanes of a row's entries (`entries`) that the pass
// uses; kAllEntries: it uses every one.
template <bool kAllEntries>
[[gnu::always_inline]] inline void AddLanes(const TabledPass& pass, const uint16_t* entries,
                                            PassCells& sum) {
  const size_t used = kAllEntries ? pass.row_entries : pass.used;
  for (size_t k = 0; k < used; ++k) {
    PassCells add;
    const size_t entry = entries[kAllEntries ? k : pass.uses[k]];
    std::memcpy(&add, pass.lanes + entry * kPassUnits, sizeof(PassCells));
    sum += add;
  }
}

// kUnits > 0: a pass of that many units, unrolled; 0: pass.units of them.
template <size_t kUnits, bool kAllEntries>
[[gnu::always_inline]] inline void CreditPass(const TabledPass& pass, const TabledBlock& block) {
  const size_t units = kUnits > 0 ? kUnits : pass.units;
  const float* table = pass.table;
  PassCells starts;
  std::memcpy(&starts, pass.starts, sizeof(PassCells));
  alignas(64) uint32_t at[kRowsFoundAhead][kPassUnits];
  for (size_t first = 0; first < block.rows; first += kRowsFoundAhead) {
    const size_t count = std::min(kRowsFoundAhead, block.rows - first);
    const uint16_t* entries = pass.entries + first * pass.row_entries;
    for (size_t i = 0; i < count; ++i) {
      PassCells sum = starts;
      AddLanes<kAllEntries>(pass, entries + i * pass.row_entries, sum);
      std::memcpy(at[i], &sum, sizeof(PassCells));
    }
    float* rows = block.sums + first * block.row_lanes;
    size_t i = 0;
    for (; i + kRowsAddedTogether <= count; i += kRowsAddedTogether)
      AddRows<kRowsAddedTogether>(table, at + i, units, rows + i * block.row_lanes,
                                  block.row_lanes);
    for (; i < count; ++i)
      AddRows<1>(table, at + i, units, rows + i * block.row_lanes, block.row_lanes);
  }
}

[[gnu::always_inline]] inline void CreditPassAnyWidth(const TabledPass& pass,
                                                      const TabledBlock& block) {
  // Passes of every feature (most, in a model of a few features) skip the
  // indirection through `uses`.
  const bool all = pass.used == pass.row_entries;
  if (pass.units == kPassUnits)
    return all ? CreditPass<kPassUnits, true>(pass, block)
               : CreditPass<kPassUnits, false>(pass, block);
  if (all) return CreditPass<0, true>(pass, block);
  CreditPass<0, false>(pass, block);
}

#ifdef ACCTSEG_X86_KERNELS
__attribute__((target("avx512f"))) void CreditPassAvx512(const TabledPass& pass,
                                                         const TabledBlock& block) {
  CreditPassAnyWidth(pass, block);
}
__attribute__((target("avx2"))) void CreditPassAvx2(const TabledPass& pass,
                                                    const TabledBlock& block) {
  CreditPassAnyWidth(pass, block);
}
#endif

#ifdef ACCTSEG_X86_KERNELS
__attribute__((target("avx512f"))) void CreditAvx512(const TabledUnit* units, size_t count,
                                                     const TabledBlock& block) {
  Credit(units, count, block);
}
__attribute__((target("avx2"))) void CreditAvx2(const TabledUnit* units, size_t count,
                                                const TabledBlock& block) {
  Credit(units, count, block);
}

enum class Widest { kAvx512, kAvx2, kNone };
Widest WidestVectors() {
  static const Widest widest = __builtin_cpu_supports("avx512f") ? Widest::kAvx512
                               : __builtin_cpu_supports("avx2")  ? Widest::kAvx2
                                                                 : Widest::kNone;
  return widest;
}
#endif

}  // namespace

void CreditTabledUnits(const TabledUnit* units, size_t count, const TabledBlock& block) {
#ifdef ACCTSEG_X86_KERNELS
  switch (WidestVectors()) {
    case Widest::kAvx512:
      return CreditAvx512(units, count, block);
    case Widest::kAvx2:
      return CreditAvx2(units, count, block);
    case Widest::kNone:
      break;
  }
#endif
  Credit(units, count, block);
}

void CreditTabledPass(const TabledPass& pass, const TabledBlock& block) {
#ifdef ACCTSEG_X86_KERNELS
  switch (WidestVectors()) {
    case Widest::kAvx512:
      return CreditPassAvx512(pass, block);
    case Widest::kAvx2:
      return CreditPassAvx2(pass, block);
    case Widest::kNone:
      break;
  }
#endif
  CreditPassAnyWidth(pass, block);
}

void CreditTabledUnitsScalar(const TabledUnit* units, size_t count, const TabledBlock& block) {
  // Lane by lane, unit after unit: the order the header promises.
  for (size_t u = 0; u < count; ++u) {
    const TabledUnit& unit = units[u];
    for (size_t r = 0; r < block.rows; ++r) {
      const uint32_t at = CellOffset(unit.bins, unit.classes, unit.features, r);
      for (size_t run = 0; run < unit.runs; ++run)
        for (size_t lane = 0; lane < kCreditLanes; ++lane)
          block.sums[r * block.row_lanes + unit.run_of[run] * kCreditLanes + lane] +=
              unit.table[at + run * kCreditLanes + lane];
    }
  }
}

}  // namespace acctseg::learn

#include "learn/tabled_credit.h"

#include <gtest/gtest.h>

#include <cstring>
#include <numeric>
#include <vector>

#include "common/cache_aligned.h"
#include "learn/folds.h"

namespace acctseg::learn {
namespace {

// A random unit of `features` features (each with a few bins mapping to
// classes) over `rows` rows, adding to `runs` of a row's sums.
struct RandomUnit {
  std::vector<uint32_t> runs;
  std::vector<std::vector<uint32_t>> classes;
  std::vector<std::vector<ShapCells::BinCode>> bins;
  std::vector<float> table;
  std::vector<const ShapCells::BinCode*> bin_columns;
  std::vector<const uint32_t*> class_tables;

  RandomUnit(uint64_t& state, size_t features, size_t rows, std::vector<uint32_t> run_list)
      : runs(std::move(run_list)), classes(features), bins(features) {
    const uint32_t bins_per_feature = 7, classes_per_feature = 3;
    const size_t width = runs.size() * kCreditLanes;
    uint32_t cells = 1;
    for (size_t k = 0; k < features; ++k) {
      for (uint32_t b = 0; b < bins_per_feature; ++b)
        classes[k].push_back(static_cast<uint32_t>(RandomBelow(state, classes_per_feature)) *
                             cells * static_cast<uint32_t>(width));
      cells *= classes_per_feature;
      for (size_t r = 0; r < rows; ++r)
        bins[k].push_back(static_cast<ShapCells::BinCode>(RandomBelow(state, bins_per_feature)));
      bin_columns.push_back(bins[k].data());
      class_tables.push_back(classes[k].data());
    }
    table.resize(cells * width);
    for (float& v : table) v = static_cast<float>((NextRandom(state) >> 40) * 0x1.0p-24) - 0.5f;
  }
  TabledUnit View() const {
    return {table.data(),        classes.size(), bin_columns.data(),
            class_tables.data(), runs.data(),    runs.size()};
  }
  uint32_t CellOffset(size_t row) const {
    uint32_t at = 0;
    for (size_t k = 0; k < classes.size(); ++k) at += classes[k][bins[k][row]];
    return at;
  }
};

std::vector<float> StartingSums(size_t count) {
  uint64_t state = 5;  // the same every time
  std::vector<float> sums(count);
  for (float& s : sums) s = static_cast<float>((NextRandom(state) >> 40) * 0x1.0p-20);
  return sums;
}

// Passes of 1 to kUnitsPerPass units, of 0 to 9 features each, over rows
// whose sums take one run or three, credited by the dispatching loop and
// by the plain one: the same bytes, whether every unit adds to the first
// run only (one load and store per row) or some add to others.
TEST(TabledCredit, VectorAndPlainLoopsGiveTheSameBytes) {
  uint64_t state = 17;
  for (const size_t row_runs : {1, 3}) {
    const size_t row_lanes = row_runs * kCreditLanes;
    for (size_t units = 1; units <= kUnitsPerPass; ++units) {
      for (size_t rows : {0, 5, 61, 1000}) {
        std::vector<RandomUnit> made;
        std::vector<TabledUnit> views;
        for (size_t u = 0; u < units; ++u) {
          // With three runs, every other unit adds to the last run too.
          std::vector<uint32_t> runs = {0};
          if (row_runs > 1 && u % 2 == 1) runs.push_back(static_cast<uint32_t>(row_runs - 1));
          made.emplace_back(state, (u * 5 + rows) % 10, rows, runs);
        }
        for (const RandomUnit& unit : made) views.push_back(unit.View());
        std::vector<float> sums[2] = {StartingSums(rows * row_lanes),
                                      StartingSums(rows * row_lanes)};
        for (int pass = 0; pass < 2; ++pass) {
          const TabledBlock block{sums[pass].data(), row_lanes, rows};
          pass == 0 ? CreditTabledUnits(views.data(), units, block)
                    : CreditTabledUnitsScalar(views.data(), units, block);
        }
        // (memcmp of no rows would pass the null data() of empty vectors.)
        if (rows == 0) continue;
        ASSERT_EQ(0, std::memcmp(sums[0].data(), sums[1].data(), sums[0].size() * sizeof(float)))
            << units << " units, " << rows << " rows, " << row_runs << " runs a row";
        // And the plain loop is what it says: row 0's margin lane by hand,
        // the units' values added one after the other.
        float margin = StartingSums(row_lanes)[0];
        for (const RandomUnit& unit : made) margin += unit.table[unit.CellOffset(0)];
        EXPECT_EQ(sums[1][0], margin);
        // A run no unit adds to is left alone.
        if (row_runs == 3) {
          EXPECT_EQ(sums[1][kCreditLanes], StartingSums(row_lanes)[kCreditLanes]);
        }
      }
    }
  }
}

// Passes of 1 to kPassUnits units over up to 15 features: each unit splits
// on some of them; the pass finds the cells from the lanes of the rows'
// entries it uses (those of its units' features, or all of a row's). The
// same bytes as the units credited one after another by the plain loop.
TEST(TabledCredit, PassesFindTheSameCellsAsUnitByUnit) {
  uint64_t state = 29;
  const size_t features = 15, rows = 777, bins_per_feature = 11;
  std::vector<std::vector<ShapCells::BinCode>> bins(features);
  for (auto& column : bins)
    for (size_t r = 0; r < rows; ++r)
      column.push_back(static_cast<ShapCells::BinCode>(RandomBelow(state, bins_per_feature)));
  for (size_t units = 1; units <= kPassUnits; ++units) {
    // Unit u splits on a few features (none for some), 2 to 4 classes each.
    struct Unit {
      std::vector<uint32_t> features;
      std::vector<std::vector<uint32_t>> classes;  // per feature: bin -> class x stride
      std::vector<float> table;
      std::vector<const ShapCells::BinCode*> bin_columns;
      std::vector<const uint32_t*> scaled;
      std::vector<std::vector<uint32_t>> scaled_classes;
    };
    std::vector<Unit> made(units);
    for (Unit& unit : made) {
      uint32_t cells = 1;
      for (uint32_t f = 0; f < features; ++f) {
        if (RandomBelow(state, 3) != 0) continue;
        const uint32_t classes = 2 + static_cast<uint32_t>(RandomBelow(state, 3));
        if (cells * classes > 4096) break;  // the test's memory
        unit.features.push_back(f);
        std::vector<uint32_t>& of_bin = unit.classes.emplace_back();
        for (size_t b = 0; b < bins_per_feature; ++b)
          of_bin.push_back(static_cast<uint32_t>(RandomBelow(state, classes)) * cells);
        cells *= classes;
      }
      unit.table.resize(cells * kCreditLanes);
      for (float& v : unit.table) v = static_cast<float>((NextRandom(state) >> 40) * 0x1.0p-24);
      for (size_t k = 0; k < unit.features.size(); ++k) {
        unit.bin_columns.push_back(bins[unit.features[k]].data());
        std::vector<uint32_t>& scaled = unit.scaled_classes.emplace_back();
        for (uint32_t c : unit.classes[k]) scaled.push_back(c * kCreditLanes);
      }
      for (const auto& scaled : unit.scaled_classes) unit.scaled.push_back(scaled.data());
    }
    // The pass: the units' cells end to end, where each begins, and every
    // feature's lanes, 0 for units that do not split on it.
    std::vector<float> table;
    alignas(64) uint32_t starts[kPassUnits] = {};
    for (size_t u = 0; u < units; ++u) {
      starts[u] = static_cast<uint32_t>(table.size());
      table.insert(table.end(), made[u].table.begin(), made[u].table.end());
    }
    // Rows' entries: feature f's bin b is entry f x bins_per_feature + b.
    std::vector<uint16_t> entries(rows * features);
    for (size_t r = 0; r < rows; ++r)
      for (size_t f = 0; f < features; ++f)
        entries[r * features + f] = static_cast<uint16_t>(f * bins_per_feature + bins[f][r]);
    CacheAlignedVector<uint32_t> lanes(features * bins_per_feature * kPassUnits, 0);
    std::vector<uint32_t> uses;
    for (uint32_t f = 0; f < features; ++f) {
      bool used = false;
      for (size_t u = 0; u < units; ++u)
        for (size_t k = 0; k < made[u].features.size(); ++k)
          if (made[u].features[k] == f) {
            used = true;
            for (size_t b = 0; b < bins_per_feature; ++b)
              lanes[(f * bins_per_feature + b) * kPassUnits + u] =
                  made[u].classes[k][b] * kCreditLanes;
          }
      if (used) uses.push_back(f);
    }
    // The pass adds up the entries its units use, or every entry (those
    // no unit uses add 0).
    std::vector<uint32_t> every(features);
    std::iota(every.begin(), every.end(), 0);
    static constexpr uint32_t kFirstRun = 0;
    std::vector<TabledUnit> views;
    for (const Unit& unit : made)
      views.push_back({unit.table.data(), unit.features.size(), unit.bin_columns.data(),
                       unit.scaled.data(), &kFirstRun, 1});
    std::vector<float> expected = StartingSums(rows * kCreditLanes);
    for (size_t u = 0; u < units; ++u)
      CreditTabledUnitsScalar(&views[u], 1, {expected.data(), kCreditLanes, rows});
    for (const std::vector<uint32_t>* added : {&uses, &every}) {
      std::vector<float> sums = StartingSums(rows * kCreditLanes);
      CreditTabledPass({table.data(), starts, units, entries.data(), features, lanes.data(),
                        added->data(), added->size()},
                       {sums.data(), kCreditLanes, rows});
      ASSERT_EQ(0, std::memcmp(sums.data(), expected.data(), sums.size() * sizeof(float)))
          << units << " units, " << added->size() << " entries a row";
    }
  }
}

}  // namespace
}  // namespace acctseg::learn

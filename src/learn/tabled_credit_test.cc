#include "learn/tabled_credit.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "learn/folds.h"

namespace acctseg::learn {
namespace {

// A random unit of `features` features (each with a few bins mapping to
// classes) over `rows` rows whose credits and margins already hold sums,
// credited by the dispatching loop and by the plain one: the same bytes,
// for every specialised feature count, one beyond, and rows that leave a
// remainder after the eight-row steps.
TEST(TabledCredit, VectorAndPlainLoopsGiveTheSameBytes) {
  uint64_t state = 17;
  auto uniform = [&] { return static_cast<float>((NextRandom(state) >> 40) * 0x1.0p-24) - 0.5f; };
  for (size_t features = 0; features <= 12; ++features) {
    for (size_t rows : {0, 5, 8, 61, 1000}) {
      const uint32_t bins_per_feature = 7, classes_per_feature = 3;
      const size_t width = 1 + features;
      uint32_t cells = 1;
      std::vector<std::vector<uint32_t>> classes(features);
      std::vector<std::vector<ShapCells::BinCode>> bins(features);
      for (size_t k = 0; k < features; ++k) {
        for (uint32_t b = 0; b < bins_per_feature; ++b)
          classes[k].push_back(static_cast<uint32_t>(RandomBelow(state, classes_per_feature)) *
                               cells * static_cast<uint32_t>(width));
        cells *= classes_per_feature;
        for (size_t r = 0; r < rows; ++r)
          bins[k].push_back(static_cast<ShapCells::BinCode>(RandomBelow(state, bins_per_feature)));
      }
      std::vector<float> table(cells * width);
      for (float& v : table) v = uniform();
      std::vector<std::vector<float>> credits[2];
      std::vector<float> margins[2];
      for (int pass = 0; pass < 2; ++pass) {
        uint64_t values = 5;  // the same starting sums both times
        credits[pass].assign(features, std::vector<float>(rows));
        for (auto& column : credits[pass])
          for (float& c : column) c = static_cast<float>((NextRandom(values) >> 40) * 0x1.0p-20);
        margins[pass].assign(rows, 0.25f);
        std::vector<const ShapCells::BinCode*> bin_columns;
        std::vector<const uint32_t*> class_tables;
        std::vector<float*> credit_columns;
        for (size_t k = 0; k < features; ++k) {
          bin_columns.push_back(bins[k].data());
          class_tables.push_back(classes[k].data());
          credit_columns.push_back(credits[pass][k].data());
        }
        const TabledUnitBlock block{table.data(),
                                    features,
                                    bin_columns.data(),
                                    class_tables.data(),
                                    credit_columns.data(),
                                    margins[pass].data(),
                                    rows};
        for (int unit = 0; unit < 3; ++unit)  // sums over several units
          pass == 0 ? CreditTabledUnit(block) : CreditTabledUnitScalar(block);
      }
      // (memcmp of no rows would pass the null data() of empty vectors.)
      for (size_t k = 0; k < features && rows > 0; ++k)
        ASSERT_EQ(0, std::memcmp(credits[0][k].data(), credits[1][k].data(), rows * sizeof(float)))
            << features << " features, " << rows << " rows";
      if (rows > 0)
        ASSERT_EQ(0, std::memcmp(margins[0].data(), margins[1].data(), rows * sizeof(float)));
      // And the plain loop is what it says: row 0 by hand.
      if (rows > 0 && features > 0) {
        uint32_t at = 0;
        for (size_t k = 0; k < features; ++k) at += classes[k][bins[k][0]];
        EXPECT_EQ(margins[1][0], ((0.25f + table[at]) + table[at]) + table[at]);
      }
    }
  }
}

}  // namespace
}  // namespace acctseg::learn

#include "learn/reason_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "learn/folds.h"
#include "table/column.h"

namespace acctseg::learn {
namespace {

// The reference: what the C library's printf writes.
std::string Printf(const char* format, double value) {
  std::string text(512, '\0');
  text.resize(static_cast<size_t>(std::snprintf(text.data(), text.size(), format, value)));
  return text;
}

double RandomDouble(uint64_t& state) {
  // Every kind of value a feature holds: whole numbers around the fast
  // path's edges, fractions, huge, tiny and negative ones.
  const double unit = (NextRandom(state) >> 11) * 0x1.0p-53;
  switch (RandomBelow(state, 6)) {
    case 0:
      return std::round(unit * 2.2e6) - 1.1e6;
    case 1:
      return std::round(unit * 2000) / 8 - 100;
    case 2:
      return (unit - 0.5) * std::pow(10.0, static_cast<double>(RandomBelow(state, 40)) - 20);
    case 3:
      return 999'999.5 + std::round(unit * 8) / 4 - 1;
    case 4:
      return std::bit_cast<double>(NextRandom(state));
    default:
      return unit * 1e4;
  }
}

TEST(ReasonText, NumbersAsPrintfWritesThem) {
  for (double v : {0.0, -0.0, 1.0, -1.0, 999999.0, 1e6, -1e6, 999999.5, 123456789.0, 0.1, 1e-5,
                   1e300, -2.5e-300, std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::denorm_min()}) {
    std::string text;
    AppendNumberText(text, v);
    EXPECT_EQ(text, Printf("%.6g", v)) << v;
  }
  uint64_t state = 3;
  for (int i = 0; i < 200000; ++i) {
    const double v = RandomDouble(state);
    if (std::isnan(v)) continue;  // missing values are "(missing)", never formatted
    std::string text;
    AppendNumberText(text, v);
    ASSERT_EQ(text, Printf("%.6g", v)) << v;
  }
}

// An integer column's values are written as their doubles are, six
// digits or fewer as they are, longer ones rounded to six.
TEST(ReasonText, IntegersAsPrintfWritesTheirDoubles) {
  std::vector<int64_t> values = {0,
                                 1,
                                 -1,
                                 999'999,
                                 -999'999,
                                 1'000'000,
                                 -1'000'000,
                                 1'234'567,
                                 99'999'950,
                                 std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::min()};
  uint64_t state = 5;
  for (int i = 0; i < 100000; ++i) {
    // Negated as unsigned: -INT64_MIN would overflow.
    const uint64_t bits = NextRandom(state) >> RandomBelow(state, 64);
    values.push_back(static_cast<int64_t>(RandomBelow(state, 2) ? bits : 0 - bits));
  }
  for (const int64_t v : values) {
    char text[kNumberTextBytes];
    const std::string_view written(text, WriteIntegerText(text, v) - text);
    ASSERT_EQ(written, Printf("%.6g", static_cast<double>(v))) << v;
  }
}

// NumbersAt over a range is NumberAt row for row, bit for bit: every
// numeric type, values stored narrow and as bits, NULLs, a range that
// starts inside the column and crosses NumbersAt's chunks.
TEST(ReasonText, NumbersAtIsNumberAtRowForRow) {
  uint64_t state = 41;
  const size_t rows = 3000;
  for (const DataType type : {DataType::Int64(), DataType::Decimal(3), DataType::Bool(),
                              DataType::Date(), DataType::Timestamp()}) {
    for (const bool nulls : {false, true}) {
      Column column = Column::Make(type, rows, nulls);
      for (size_t r = 0; r < rows; ++r) {
        const int64_t value = type.id == TypeId::kBool
                                  ? static_cast<int64_t>(RandomBelow(state, 2))
                                  : static_cast<int64_t>(RandomBelow(state, 2'000'001)) - 1'000'000;
        column.ints.Set(r, value);
        if (nulls && RandomBelow(state, 7) == 0) column.nulls.Set(r, true);
      }
      column.Narrow();
      std::vector<double> numbers(rows - 5);
      NumbersAt(column, 5, numbers.size(), numbers.data());
      for (size_t i = 0; i < numbers.size(); ++i) {
        const double expected = NumberAt(column, 5 + i);
        ASSERT_EQ(std::bit_cast<uint64_t>(expected), std::bit_cast<uint64_t>(numbers[i]))
            << "row " << 5 + i << " of type " << static_cast<int>(type.id);
      }
    }
  }
}

// A boolean reads as the policy language writes it: `big = TRUE`, not 1.
TEST(ReasonText, BooleansAreTrueAndFalse) {
  Column column = Column::Make(DataType::Bool(), 2, false);
  column.ints.Set(0, 1);
  column.ints.Set(1, 0);
  char text[kValueTextBytes];
  EXPECT_EQ(std::string(text, WriteColumnValueText(text, column, 0)), "TRUE");
  EXPECT_EQ(std::string(text, WriteColumnValueText(text, column, 1)), "FALSE");
}

TEST(ReasonText, ReasonsAsPrintfWritesThem) {
  uint64_t state = 5;
  for (int i = 0; i < 200000; ++i) {
    double contribution = RandomDouble(state);
    if (i % 3 == 0) contribution = static_cast<float>((RandomBelow(state, 4001) - 2000.0) / 1e3);
    std::string text = "x";
    AppendReasonText(text, "industry", "Software", contribution);
    ASSERT_EQ(text, "xindustry = Software: " + Printf("%+.2f", contribution)) << contribution;
  }
  for (double v : {0.0, -0.0, 0.005, -0.005, 0.015, -0.004999, std::nan(""),
                   -std::numeric_limits<double>::infinity()}) {
    std::string text;
    AppendReasonText(text, "a", "b", v);
    EXPECT_EQ(text, "a = b: " + Printf("%+.2f", v)) << v;
  }
}

// A contribution kept as a code (a reasons column kept as codes) says what
// its text says: "%+.2f" of the float, ties to even and "-0.00" included.
TEST(ReasonText, ContributionCodesWriteWhatPrintfWrites) {
  auto check = [](float contribution) {
    uint32_t code = 0;
    const bool coded = EncodeContribution(contribution, code);
    const double hundredths = std::fabs(static_cast<double>(contribution)) * 100;
    if (!coded) {
      EXPECT_TRUE(!std::isfinite(contribution) || hundredths >= 2147483647.5) << contribution;
      return;
    }
    std::string text = "x";
    AppendContributionText(text, code);
    ASSERT_EQ(text, "x" + Printf("%+.2f", contribution)) << contribution;
    ASSERT_LE(text.size() - 1, kContributionTextBytes);
  };
  for (float v : {0.0f,
                  -0.0f,
                  0.005f,
                  -0.005f,
                  0.125f,
                  -0.125f,
                  0.375f,
                  0.625f,
                  2.875f,
                  -0.004f,
                  0.995f,
                  9.995f,
                  21474836.0f,
                  21474837.0f,
                  -21474830.0f,
                  1e30f,
                  std::numeric_limits<float>::denorm_min(),
                  std::numeric_limits<float>::max(),
                  std::numeric_limits<float>::infinity(),
                  std::nanf("")})
    check(v);
  uint64_t state = 13;
  for (int i = 0; i < 300000; ++i) {
    switch (RandomBelow(state, 4)) {
      case 0:  // every tie, odd eighths: half a hundredth exactly
        check(static_cast<float>(2.0 * RandomBelow(state, 4000) + 1) / 8 - 500);
        break;
      case 1:
        check(std::bit_cast<float>(static_cast<uint32_t>(NextRandom(state))));
        break;
      case 2:
        check(static_cast<float>((RandomBelow(state, 200001) - 100000.0) / 1e4));
        break;
      default:
        check(static_cast<float>(RandomDouble(state)));
    }
  }
}

TEST(ReasonText, TopContributionsAsAPartialSort) {
  uint64_t state = 11;
  for (int i = 0; i < 20000; ++i) {
    // Up to 40 features: taken as maxima up to 32, by insertion beyond.
    const size_t features = 1 + RandomBelow(state, 40), top = 1 + RandomBelow(state, features);
    std::vector<float> row(features);
    // Few distinct magnitudes of both signs, so ties are common; -0 ties
    // with +0, and infinities of both signs outrank every number.
    constexpr float kOdd[] = {-0.0f, std::numeric_limits<float>::infinity(),
                              -std::numeric_limits<float>::infinity()};
    for (float& c : row)
      c = RandomBelow(state, 10) == 0 ? kOdd[RandomBelow(state, 3)]
                                      : (static_cast<float>(RandomBelow(state, 7)) - 3.0f) / 4.0f;
    std::vector<uint32_t> expected(features), got(top);
    std::iota(expected.begin(), expected.end(), 0u);
    std::partial_sort(expected.begin(), expected.begin() + top, expected.end(),
                      [&](uint32_t a, uint32_t b) {
                        float ca = std::fabs(row[a]), cb = std::fabs(row[b]);
                        return ca != cb ? ca > cb : a < b;
                      });
    TopContributions(row.data(), features, top, got.data());
    expected.resize(top);
    ASSERT_EQ(got, expected);
  }
}

}  // namespace
}  // namespace acctseg::learn

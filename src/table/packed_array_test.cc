#include "table/packed_array.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace acctseg {
namespace {

TEST(PackedInts, WidthForEachRange) {
  EXPECT_EQ(PackedInts::WidthFor(-128, 127), 1);
  EXPECT_EQ(PackedInts::WidthFor(0, 128), 2);
  EXPECT_EQ(PackedInts::WidthFor(-129, 0), 2);
  EXPECT_EQ(PackedInts::WidthFor(-32768, 32767), 2);
  EXPECT_EQ(PackedInts::WidthFor(0, 32768), 4);
  EXPECT_EQ(PackedInts::WidthFor(std::numeric_limits<int32_t>::min(), 0), 4);
  EXPECT_EQ(PackedInts::WidthFor(0, int64_t{1} << 31), 8);
  EXPECT_EQ(PackedInts::WidthFor(std::numeric_limits<int64_t>::min(), 0), 8);
}

TEST(PackedInts, NarrowKeepsEveryValue) {
  for (std::vector<int64_t> values : std::vector<std::vector<int64_t>>{
           {0, 1, -128, 127},
           {0, 300, -300},
           {70000, -1},
           {int64_t{1} << 40, 0, -(int64_t{1} << 40)},
           {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}}) {
    PackedInts packed(values);
    packed.Narrow(2);
    EXPECT_EQ(packed.ToVector(), values);
    for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(packed[i], values[i]);
  }
  PackedInts scores(std::vector<int64_t>{0, 55, 100});
  scores.Narrow();
  EXPECT_EQ(scores.width(), 1);
  EXPECT_EQ(scores.bytes(), 3u);
}

TEST(PackedInts, NarrowOnManyThreadsFindsTheRangeOfEveryMorsel) {
  // The largest value sits in the last of several morsels.
  std::vector<int64_t> values(300000, 5);
  values.back() = 40000;
  PackedInts packed(values);
  packed.Narrow(4);
  EXPECT_EQ(packed.width(), 4);
  EXPECT_EQ(packed[values.size() - 1], 40000);
  EXPECT_EQ(packed[0], 5);
}

TEST(PackedInts, SetWidensWhenTheValueDoesNotFit) {
  PackedInts packed(std::vector<int64_t>{1, 2, 3});
  packed.Narrow();
  ASSERT_EQ(packed.width(), 1);
  packed.Set(1, -7);
  EXPECT_EQ(packed.width(), 1);
  packed.Set(2, 1000);
  EXPECT_EQ(packed.width(), 2);
  packed.Set(0, int64_t{1} << 35);
  EXPECT_EQ(packed.width(), 8);
  EXPECT_EQ(packed.ToVector(), (std::vector<int64_t>{int64_t{1} << 35, -7, 1000}));
}

TEST(PackedInts, GrowsAndShrinksAtItsWidth) {
  PackedInts packed(std::vector<int64_t>{10, 20});
  packed.Narrow();
  packed.push_back(30);
  packed.push_back(-100000);  // widens
  EXPECT_EQ(packed.width(), 4);
  packed.Erase(1);
  EXPECT_EQ(packed.ToVector(), (std::vector<int64_t>{10, 30, -100000}));
  packed.resize(4);
  EXPECT_EQ(packed[3], 0);
}

TEST(PackedInts, ReservedRowsAreGrownIntoInPlace) {
  // Narrow values, then room: pushing values of the same width up to the
  // room keeps the array where it is (a live universe's creates copy no
  // column), and the values are kept.
  PackedInts packed(std::vector<int64_t>(1000, 7));
  packed.Narrow();
  ASSERT_EQ(packed.width(), 1);
  packed.reserve(5000);
  const void* before = packed.MutableBytes();
  for (int64_t i = 0; i < 4000; ++i) packed.push_back(i % 100);
  EXPECT_EQ(packed.MutableBytes(), before);
  EXPECT_EQ(packed.size(), 5000u);
  EXPECT_EQ(packed[999], 7);
  EXPECT_EQ(packed[4999], 3999 % 100);
}

TEST(PackedInts, CopyToWidensARange) {
  PackedInts packed(std::vector<int64_t>{-1, 2, -3, 4, -5});
  packed.Narrow();
  int64_t out[3];
  packed.CopyTo(1, 3, out);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], -3);
  EXPECT_EQ(out[2], 4);
}

TEST(PackedInts, WideGivesAWritableArray) {
  PackedInts packed(std::vector<int64_t>{1, 2});
  packed.Narrow();
  int64_t* wide = packed.Wide();
  wide[0] = int64_t{1} << 50;
  EXPECT_EQ(packed.width(), 8);
  EXPECT_EQ(packed[0], int64_t{1} << 50);
  EXPECT_EQ(packed[1], 2);
}

TEST(PackedInts, StoredBytesRoundTrip) {
  PackedInts packed(std::vector<int64_t>{-2, 0, 32000});
  packed.Narrow();
  ASSERT_EQ(packed.width(), 2);
  EXPECT_EQ(packed.StoredBytes().size(), 6u);
  PackedInts back = PackedInts::FromStoredBytes(packed.width(), packed.StoredBytes());
  EXPECT_EQ(back.width(), 2);
  EXPECT_EQ(back, packed);
}

TEST(PackedInts, ZerosAndOnesAreStoredABitAValue) {
  // 130 values: three words, the last partly used.
  std::vector<int64_t> flags(130, 0);
  for (size_t row : {0, 1, 63, 64, 100, 129}) flags[row] = 1;
  PackedInts packed(flags);
  packed.Narrow(2);
  EXPECT_TRUE(packed.is_bits());
  EXPECT_EQ(packed.width(), PackedInts::kBitWidth);
  EXPECT_EQ(packed.bytes(), 3 * sizeof(uint64_t));
  EXPECT_EQ(packed.ToVector(), flags);
  for (size_t row = 0; row < flags.size(); ++row) EXPECT_EQ(packed[row], flags[row]) << row;
  int64_t out[70];
  packed.CopyTo(60, 70, out);  // across both word boundaries
  for (size_t i = 0; i < 70; ++i) EXPECT_EQ(out[i], flags[60 + i]) << i;
  // All zeros narrow to bits too; a -1 or a 2 does not.
  PackedInts zeros(std::vector<int64_t>(5, 0));
  zeros.Narrow();
  EXPECT_TRUE(zeros.is_bits());
  for (int64_t other : {-1, 2}) {
    PackedInts not_bits(std::vector<int64_t>{0, 1, other});
    not_bits.Narrow();
    EXPECT_EQ(not_bits.width(), 1) << other;
  }
}

TEST(PackedInts, BitsWidenWhenSetToAnythingButZeroOrOne) {
  PackedInts packed(std::vector<int64_t>{1, 0, 1});
  packed.Narrow();
  ASSERT_TRUE(packed.is_bits());
  packed.Set(1, 1);
  packed.Set(0, 0);
  EXPECT_TRUE(packed.is_bits());
  EXPECT_EQ(packed.ToVector(), (std::vector<int64_t>{0, 1, 1}));
  packed.push_back(1);
  packed.Erase(0);
  EXPECT_TRUE(packed.is_bits());
  EXPECT_EQ(packed.ToVector(), (std::vector<int64_t>{1, 1, 1}));
  packed.Set(2, -3);
  EXPECT_EQ(packed.width(), 1);
  EXPECT_EQ(packed.ToVector(), (std::vector<int64_t>{1, 1, -3}));
  packed.Set(2, 0);
  packed.Narrow();
  ASSERT_TRUE(packed.is_bits());
  int64_t* wide = packed.Wide();  // a writer's bulk array: back to 8 bytes
  wide[0] = 500;
  EXPECT_EQ(packed.width(), 8);
  EXPECT_EQ(packed.ToVector(), (std::vector<int64_t>{500, 1, 0}));
}

TEST(PackedInts, BitsConvertOnManyThreadsWhoseRangesShareWords) {
  // Ranges of the parallel conversion do not start on word boundaries.
  std::vector<int64_t> values(200003);
  for (size_t i = 0; i < values.size(); ++i) values[i] = (i * 7919 % 13) < 5 ? 1 : 0;
  PackedInts packed(values);
  packed.Narrow(4);
  ASSERT_TRUE(packed.is_bits());
  EXPECT_EQ(packed.ToVector(), values);
  packed.ConvertTo(2, 4);
  EXPECT_EQ(packed.width(), 2);
  EXPECT_EQ(packed.ToVector(), values);
}

TEST(PackedInts, BitsRoundTripThroughTheirStoredWords) {
  PackedInts packed(std::vector<int64_t>{1, 0, 0, 1, 1});
  packed.Narrow();
  ASSERT_TRUE(packed.is_bits());
  EXPECT_EQ(packed.StoredBytes().size(), sizeof(uint64_t));
  PackedInts back = PackedInts::FromStoredBits(5, packed.StoredBytes());
  EXPECT_TRUE(back.is_bits());
  EXPECT_EQ(back, packed);
  EXPECT_THROW(PackedInts::FromStoredBits(65, packed.StoredBytes()), std::invalid_argument);
  EXPECT_THROW(PackedInts::FromStoredBytes(PackedInts::kBitWidth, packed.StoredBytes()),
               std::invalid_argument);
  EXPECT_THROW(PackedInts::Zeros(PackedInts::kBitWidth, 5), std::invalid_argument);
  EXPECT_THROW(packed.MutableBytes(), std::logic_error);
}

TEST(PackedInts, EqualityComparesValuesNotWidths) {
  PackedInts narrow(std::vector<int64_t>{1, 2});
  narrow.Narrow();
  EXPECT_EQ(narrow, PackedInts(std::vector<int64_t>{1, 2}));
  EXPECT_FALSE(narrow == PackedInts(std::vector<int64_t>{1, 3}));
  EXPECT_FALSE(narrow == PackedInts(std::vector<int64_t>{1}));
}

}  // namespace
}  // namespace acctseg

namespace acctseg {
namespace {

TEST(PackedCodes, WidthFollowsTheLargestCode) {
  EXPECT_EQ(PackedCodes::WidthFor(0, 255), 1);
  EXPECT_EQ(PackedCodes::WidthFor(0, 256), 2);
  EXPECT_EQ(PackedCodes::WidthFor(0, 65535), 2);
  EXPECT_EQ(PackedCodes::WidthFor(0, 65536), 4);
  EXPECT_EQ(PackedCodes::WidthFor(0, UINT32_MAX), 4);

  PackedCodes segments(std::vector<uint32_t>{0, 4, 2, 255});
  segments.Narrow(2);
  EXPECT_EQ(segments.width(), 1);
  EXPECT_EQ(segments.ToVector(), (std::vector<uint32_t>{0, 4, 2, 255}));
  EXPECT_EQ(segments[3], 255u);
}

TEST(PackedCodes, SetWidensForANewCodeAndEraseKeepsTheRest) {
  PackedCodes codes(std::vector<uint32_t>{1, 2, 3});
  codes.Narrow();
  ASSERT_EQ(codes.width(), 1);
  codes.Set(0, 300);
  EXPECT_EQ(codes.width(), 2);
  codes.push_back(70000);
  EXPECT_EQ(codes.width(), 4);
  codes.Erase(1);
  EXPECT_EQ(codes.ToVector(), (std::vector<uint32_t>{300, 3, 70000}));
}

TEST(PackedCodes, StoredBytesRoundTripAndRefuseAWidthCodesDoNotHave) {
  PackedCodes codes(std::vector<uint32_t>{7, 1000, 9});
  codes.Narrow();
  ASSERT_EQ(codes.width(), 2);
  PackedCodes back = PackedCodes::FromStoredBytes(2, codes.StoredBytes());
  EXPECT_EQ(back, codes);
  EXPECT_EQ(back.width(), 2);
  EXPECT_THROW(PackedCodes::FromStoredBytes(8, codes.StoredBytes()), std::invalid_argument);
}

TEST(PackedInts, ZerosAtAWidthAreWritableInPlace) {
  PackedInts values = PackedInts::Zeros(2, 5);
  EXPECT_EQ(values.width(), 2);
  EXPECT_EQ(values.ToVector(), (std::vector<int64_t>{0, 0, 0, 0, 0}));
  static_cast<int16_t*>(values.MutableBytes())[3] = -300;
  EXPECT_EQ(values[3], -300);
  values.ConvertTo(8);
  EXPECT_EQ(values.width(), 8);
  EXPECT_EQ(values.ToVector(), (std::vector<int64_t>{0, 0, 0, -300, 0}));
  EXPECT_THROW(PackedCodes::Zeros(8, 1), std::invalid_argument);
}

// Gather keeps the source's width (a byte for bits), reads every row asked
// for, repeats and any order included, and gives an empty array wide.
TEST(PackedInts, GatherKeepsTheWidthAndTheValues) {
  const std::vector<uint32_t> rows = {7, 0, 3, 3, 9, 1};
  for (std::vector<int64_t> values :
       std::vector<std::vector<int64_t>>{{-5, 100, 0, 7, -128, 127, 1, 2, 3, 4},
                                         {-5, 1000, 0, 7, -30000, 127, 1, 2, 3, 4},
                                         {-5, 100000, 0, 7, -128, 127, 1, 2, 3, 4},
                                         {-5, int64_t{1} << 40, 0, 7, -128, 127, 1, 2, 3, 4},
                                         {0, 1, 1, 0, 1, 0, 0, 1, 1, 0}}) {
    PackedInts from(values);
    from.Narrow();
    const PackedInts gathered = from.Gather(rows);
    EXPECT_EQ(gathered.width(), from.is_bits() ? 1 : from.width()) << from.width();
    ASSERT_EQ(gathered.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(gathered[i], values[rows[i]]) << i;
    EXPECT_TRUE(from.Gather({}).is_wide());
  }
  PackedCodes codes(std::vector<uint32_t>{4, 70000, 2, 9, 1, 0, 3, 3, 8, 5});
  codes.Narrow();
  EXPECT_EQ(codes.Gather(rows).width(), 4);
  EXPECT_EQ(codes.Gather(rows), PackedCodes({3, 4, 9, 9, 5, 70000}));
}

TEST(PackedMasks, KeepsEveryBitAtEachWidth) {
  PackedMasks masks = PackedMasks::Zeros(1, 3);
  masks.Set(1, 0x81);
  EXPECT_EQ(masks.width(), 1);
  masks.Set(2, uint64_t{1} << 40);  // widens
  EXPECT_EQ(masks.width(), 8);
  EXPECT_EQ(masks.ToVector(), (std::vector<uint64_t>{0, 0x81, uint64_t{1} << 40}));
}

}  // namespace
}  // namespace acctseg

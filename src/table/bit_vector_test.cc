#include "table/bit_vector.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

namespace acctseg {
namespace {

std::vector<uint8_t> Flags(const BitVector& mask) {
  std::vector<uint8_t> flags(mask.size());
  mask.CopyTo(0, flags.size(), flags.data());
  return flags;
}

TEST(BitVectorTest, SetAndReadRowsAcrossWords) {
  BitVector mask(130, false);
  EXPECT_FALSE(mask.Any());
  for (size_t row : {0, 63, 64, 127, 129}) mask.Set(row, true);
  EXPECT_TRUE(mask.Any());
  for (size_t row = 0; row < 130; ++row)
    EXPECT_EQ(mask[row], row == 0 || row == 63 || row == 64 || row == 127 || row == 129) << row;
  mask.Set(64, false);
  mask.Set(64, false);  // already clear: unchanged
  EXPECT_FALSE(mask[64]);
  EXPECT_EQ(mask.words().size(), 3u);
}

TEST(BitVectorTest, ReservedRowsAreGrownIntoInPlace) {
  BitVector mask(10, true);
  mask.reserve(10'000);
  const uint64_t* before = mask.words().data();
  for (size_t row = 10; row < 10'000; ++row) mask.push_back(row % 3 == 0);
  EXPECT_EQ(mask.words().data(), before);
  EXPECT_TRUE(mask[9]);
  EXPECT_TRUE(mask[9'999]);
  EXPECT_FALSE(mask[9'998]);
}

TEST(BitVectorTest, BitsPastTheLastRowStayZero) {
  BitVector all(70, true);
  EXPECT_EQ(all.words()[1], (uint64_t{1} << 6) - 1);
  BitVector loaded = BitVector::FromWords(70, {~uint64_t{0}, ~uint64_t{0}});
  EXPECT_EQ(loaded, all);
  all.resize(65);
  EXPECT_EQ(all.words()[1], 1u);
  all.resize(100);  // grown rows are not NULL, whatever the bits were before
  for (size_t row = 65; row < 100; ++row) EXPECT_FALSE(all[row]) << row;
  EXPECT_TRUE(all[64]);
}

TEST(BitVectorTest, FromBytesAndCopyToRoundTrip) {
  std::vector<uint8_t> flags(200);
  for (size_t i = 0; i < flags.size(); ++i) flags[i] = i % 7 == 3 ? 2 : 0;  // nonzero is NULL
  BitVector mask = BitVector::FromBytes(flags);
  std::vector<uint8_t> back(150);
  mask.CopyTo(50, back.size(), back.data());
  for (size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i], flags[50 + i] != 0) << i;
  EXPECT_EQ(BitVector({0, 1, 0}), BitVector::FromBytes(std::vector<uint8_t>{0, 1, 0}));
}

// push_back and Erase against a vector<bool> model, across word boundaries.
TEST(BitVectorTest, AppendsAndErasesAsAVectorWould) {
  std::mt19937 random(7);
  BitVector mask;
  std::vector<bool> model;
  for (int step = 0; step < 2000; ++step) {
    if (model.empty() || random() % 3 != 0) {
      const bool null = random() % 2 == 0;
      mask.push_back(null);
      model.push_back(null);
    } else {
      const size_t row = random() % model.size();
      mask.Erase(row);
      model.erase(model.begin() + static_cast<std::ptrdiff_t>(row));
    }
    ASSERT_EQ(mask.size(), model.size());
  }
  for (size_t row = 0; row < model.size(); ++row) EXPECT_EQ(mask[row], model[row]) << row;
  EXPECT_EQ(mask.words().size(), BitVector::WordsFor(model.size()));
  EXPECT_EQ(mask, BitVector::FromWords(mask.size(), {mask.words().begin(), mask.words().end()}));
}

// Threads that write neighbouring ranges which share words (a step's
// morsels do not start on word boundaries) must not lose each other's bits.
TEST(BitVectorTest, ThreadsWritingRangesThatShareWordsKeepEveryBit) {
  const size_t rows = 100'003;
  std::vector<uint8_t> flags(rows);
  std::mt19937 random(11);
  for (uint8_t& flag : flags) flag = random() % 3 == 0;
  for (bool by_range : {false, true}) {
    BitVector mask(rows, true);  // every bit must be rewritten, clears included
    std::vector<std::thread> threads;
    const size_t ranges = 97;  // ~1,031 rows each: most edges inside a word
    for (size_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (size_t r = t; r < ranges; r += 4) {
          const size_t begin = r * rows / ranges, end = (r + 1) * rows / ranges;
          if (by_range) {
            mask.SetFrom(begin, end - begin, flags.data() + begin);
          } else {
            for (size_t row = begin; row < end; ++row) mask.Set(row, flags[row]);
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(Flags(mask), flags) << (by_range ? "SetFrom" : "Set");
  }
}

}  // namespace
}  // namespace acctseg

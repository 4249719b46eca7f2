#include "common/radix_sort.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace acctseg {
namespace {

void SortWords(std::vector<uint64_t>& words) {
  RadixSort(words.data(), words.data() + words.size(), 0, 8, WordByte, std::less<uint64_t>());
}

// Every shape the tier's words take: few or many distinct keys, high bytes
// all zero (narrow words), one byte in common, sorted, reversed.
TEST(RadixSortTest, WordsSortAsStdSortSortsThem) {
  std::mt19937_64 rng(3);
  for (int shape = 0; shape < 6; ++shape)
    for (size_t n : {0, 1, 63, 64, 65, 1000, 100000}) {
      std::vector<uint64_t> words(n);
      for (size_t i = 0; i < n; ++i) {
        const uint64_t r = rng();
        words[i] = shape == 0   ? r
                   : shape == 1 ? r % 7
                   : shape == 2 ? r >> 40
                   : shape == 3 ? (uint64_t{0xAB} << 56) | (r >> 20)
                   : shape == 4 ? i
                                : n - i;
      }
      std::vector<uint64_t> expected = words;
      std::sort(expected.begin(), expected.end());
      SortWords(words);
      EXPECT_EQ(words, expected) << "shape " << shape << ", " << n << " words";
    }
}

// Texts by a 4-byte prefix: equal prefixes (and texts shorter than it,
// zero-padded) are left to the comparison, which sees whole texts.
TEST(RadixSortTest, TiesOfTheKeyBytesGoToTheComparison) {
  struct Item {
    uint32_t prefix;
    std::string text;
  };
  std::mt19937_64 rng(5);
  std::vector<Item> items;
  const std::string stems[] = {"", "A", "A0", "A00", "A001", "A0012", "B", "A\x01"};
  for (int i = 0; i < 20000; ++i) {
    std::string text = stems[rng() % 8] + std::to_string(rng() % 50);
    if (rng() % 3 == 0) text = stems[rng() % 8];
    uint32_t prefix = 0;
    for (size_t k = 0; k < 4; ++k)
      prefix = prefix << 8 | (k < text.size() ? static_cast<unsigned char>(text[k]) : 0);
    items.push_back({prefix, text});
  }
  auto less = [](const Item& a, const Item& b) {
    return a.prefix != b.prefix ? a.prefix < b.prefix : a.text < b.text;
  };
  std::vector<Item> expected = items;
  std::stable_sort(expected.begin(), expected.end(), less);
  RadixSort(
      items.data(), items.data() + items.size(), 0, 4,
      [](const Item& item, int byte) {
        return static_cast<int>(item.prefix >> (24 - 8 * byte) & 0xff);
      },
      less);
  ASSERT_EQ(items.size(), expected.size());
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i].text, expected[i].text) << i;
}

}  // namespace
}  // namespace acctseg

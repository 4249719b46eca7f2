// Dictionary (table/dictionary.h): entries stored as a length and text
// (table/dictionary_entry.h), probes that compare texts, growth that
// hashes the texts again.
#include "table/dictionary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace acctseg {
namespace {

TEST(DictionaryTest, KeepsTextsOfEveryLengthByteForByte) {
  // Lengths whose varint takes one, two and three bytes, and the edges.
  std::vector<std::string> texts = {"",
                                    "a",
                                    std::string(127, 'x'),
                                    std::string(128, 'y'),
                                    std::string(16383, 'z'),
                                    std::string(16384, 'w'),
                                    std::string(70000, 'v'),
                                    std::string("nul\0inside", 10)};
  Dictionary dictionary;
  std::vector<uint32_t> codes;
  for (const std::string& text : texts) codes.push_back(dictionary.Intern(text));
  ASSERT_EQ(dictionary.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(codes[i], i);
    EXPECT_EQ(dictionary.Get(codes[i]), texts[i]) << "entry " << i;
    EXPECT_EQ(dictionary.Find(texts[i]), codes[i]);
    EXPECT_EQ(dictionary.Intern(texts[i]), codes[i]);  // no second entry
  }
  EXPECT_EQ(dictionary.size(), texts.size());
  EXPECT_FALSE(dictionary.Find(std::string(128, 'x')).has_value());
}

TEST(DictionaryTest, GrowingKeepsCodesAndViews) {
  Dictionary dictionary;
  const std::string_view first = dictionary.Get(dictionary.Intern("first"));
  std::vector<std::string> texts;
  for (int i = 0; i < 100000; ++i) texts.push_back("A" + std::to_string(i * 7919));
  for (size_t i = 0; i < texts.size(); ++i) ASSERT_EQ(dictionary.Intern(texts[i]), i + 1);
  EXPECT_EQ(first, "first");  // blocks never move
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(dictionary.Find(texts[i]), i + 1);
    ASSERT_EQ(dictionary.Get(static_cast<uint32_t>(i + 1)), texts[i]);
  }
  EXPECT_FALSE(dictionary.Find("A1").has_value());
}

TEST(DictionaryTest, FindsTheEntriesOfAnotherDictionary) {
  // More entries than one batch of hashes (256), some absent here.
  Dictionary here, other;
  for (int i = 0; i < 1000; i += 2) here.Intern("k" + std::to_string(i));
  for (int i = 0; i < 1000; ++i) other.Intern("k" + std::to_string(i));
  std::vector<uint32_t> found(700);
  here.FindEntriesOf(other, 300, 1000, found.data());
  for (int c = 300; c < 1000; ++c) {
    if (c % 2 == 0)
      EXPECT_EQ(found[c - 300], static_cast<uint32_t>(c / 2)) << c;
    else
      EXPECT_EQ(found[c - 300], UINT32_MAX) << c;
  }
}

}  // namespace
}  // namespace acctseg

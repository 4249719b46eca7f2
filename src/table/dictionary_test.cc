// Dictionary (table/dictionary.h): entries stored as a length and text
// (table/dictionary_entry.h), probes that compare texts where the slot's
// tag agrees, growth that hashes the texts again.
#include "table/dictionary.h"

#include <gtest/gtest.h>

#include <charconv>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
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

TEST(DictionaryTest, FrozenKeepsItsEntriesWhileTheSourceGrowsAndAfterItIsGone) {
  auto source = std::make_shared<Dictionary>();
  for (int i = 0; i < 1000; ++i) source->Intern("account-" + std::to_string(i));
  std::shared_ptr<const Dictionary> frozen = Dictionary::Frozen(source);
  // Read on another thread while the source grows past several table
  // doublings and text blocks (a snapshot written beside the applies).
  std::thread reader([&frozen] {
    for (int round = 0; round < 20; ++round)
      for (uint32_t code = 0; code < 1000; ++code)
        ASSERT_EQ(frozen->Get(code), "account-" + std::to_string(code));
  });
  for (int i = 1000; i < 200000; ++i) source->Intern("account-" + std::to_string(i));
  reader.join();
  EXPECT_EQ(source->size(), 200000u);
  EXPECT_EQ(frozen->size(), 1000u);
  EXPECT_EQ(frozen->Find("account-999"), 999u);
  EXPECT_FALSE(frozen->Find("account-1000").has_value());  // interned after the freeze
  // A copy of a frozen one shares the same text; both outlive the source.
  std::shared_ptr<const Dictionary> again = Dictionary::Frozen(frozen);
  source.reset();
  frozen.reset();
  EXPECT_EQ(again->Get(7), "account-7");
  EXPECT_EQ(again->Find("account-512"), 512u);
}

TEST(DictionaryTest, FreezeIntoReplacesWhatAnEarlierFreezeLeft) {
  auto small = std::make_shared<Dictionary>(), large = std::make_shared<Dictionary>();
  for (int i = 0; i < 10; ++i) small->Intern("s" + std::to_string(i));
  for (int i = 0; i < 5000; ++i) large->Intern("l" + std::to_string(i));
  Dictionary frozen;
  Dictionary::FreezeInto(large, frozen);
  Dictionary::FreezeInto(small, frozen);  // smaller: nothing of the large one is left
  EXPECT_EQ(frozen.size(), 10u);
  EXPECT_EQ(frozen.Find("s9"), 9u);
  EXPECT_FALSE(frozen.Find("l3").has_value());
  Dictionary::FreezeInto(large, frozen);
  small.reset();
  large->Intern("after");
  large.reset();  // the frozen copy keeps the text alive
  EXPECT_EQ(frozen.size(), 5000u);
  EXPECT_EQ(frozen.Get(4999), "l4999");
  EXPECT_EQ(frozen.Find("l1234"), 1234u);
  EXPECT_FALSE(frozen.Find("after").has_value());
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

// More texts than one batch of lookups (256), in no order, some missing.
TEST(DictionaryTest, FindManyLooksUpEachTextOrSaysItIsMissing) {
  Dictionary dictionary;
  for (int i = 0; i < 600; ++i) dictionary.Intern("id" + std::to_string(i));
  std::vector<std::string> texts;
  for (int i = 0; i < 700; ++i) texts.push_back("id" + std::to_string((i * 7) % 700));
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<uint32_t> found(views.size());
  dictionary.FindMany(views.data(), views.size(), found.data());
  for (int i = 0; i < 700; ++i) {
    const int id = (i * 7) % 700;
    EXPECT_EQ(found[i], id < 600 ? static_cast<uint32_t>(id) : UINT32_MAX) << i;
  }
}

// Texts whose hashes share the home slot of a new dictionary's 64 slots
// and also the tag (the hash's top byte), and texts that share the home
// slot only: a probe must pass over each of them to the right one.
TEST(DictionaryTest, ProbesPassOverSlotsOfTheSameHomeWhateverTheirTags) {
  std::map<std::pair<uint64_t, uint64_t>, std::vector<std::string>> by_home_and_tag;
  std::vector<std::string> same_home;  // home slot 5, any tag
  const std::vector<std::string>* twins = nullptr;
  for (int i = 0; twins == nullptr || same_home.size() < 6; ++i) {
    std::string text = "t" + std::to_string(i);
    const uint64_t hash = Dictionary::Hash(text);
    if ((hash & 63) == 5 && same_home.size() < 6) same_home.push_back(text);
    auto& group = by_home_and_tag[{hash & 63, hash >> 56}];
    group.push_back(text);
    if (group.size() == 3) twins = &group;
  }
  Dictionary dictionary;
  std::vector<std::string> texts = *twins;
  texts.insert(texts.end(), same_home.begin(), same_home.end());
  std::vector<uint32_t> codes;
  for (const std::string& text : texts) codes.push_back(dictionary.Intern(text));
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(dictionary.Find(texts[i]), codes[i]) << texts[i];
    EXPECT_EQ(dictionary.Intern(texts[i]), codes[i]) << texts[i];
  }
  EXPECT_EQ(dictionary.size(), std::set<std::string>(texts.begin(), texts.end()).size());
  EXPECT_FALSE(dictionary.Find("absent").has_value());
}

// Past 2^23 entries the table has 2^25 slots and codes take 25 bits, so
// the tag keeps only 7: every entry must still be found where the tag
// bits and the code's share the slot.
TEST(DictionaryTest, TagsNarrowAsCodesTakeTheirBits) {
  constexpr uint32_t kEntries = (1u << 23) + 1000;
  Dictionary dictionary;
  dictionary.Reserve(kEntries);  // straight to 2^25 slots
  char text[16];
  for (uint32_t i = 0; i < kEntries; ++i) {
    const auto end = std::to_chars(text, text + sizeof(text), i).ptr;
    ASSERT_EQ(dictionary.Intern(std::string_view(text, end - text)), i);
  }
  for (uint32_t i = 0; i < kEntries; i += 997) ASSERT_EQ(dictionary.Find(std::to_string(i)), i);
  for (uint32_t i = kEntries - 50; i < kEntries; ++i)
    ASSERT_EQ(dictionary.Find(std::to_string(i)), i);
  for (uint32_t i = 0; i < 2000; ++i)
    ASSERT_FALSE(dictionary.Find("x" + std::to_string(i)).has_value());
  Dictionary other;
  for (uint32_t i = kEntries - 300; i < kEntries + 300; ++i) other.Intern(std::to_string(i));
  std::vector<uint32_t> found(other.size());
  dictionary.FindEntriesOf(other, 0, other.size(), found.data());
  for (uint32_t c = 0; c < other.size(); ++c)
    EXPECT_EQ(found[c], c < 300 ? kEntries - 300 + c : UINT32_MAX) << c;
}

}  // namespace
}  // namespace acctseg

// The dedupe engine apart from policies: the survivor order agrees with the
// tier's sort keys, and clusters are transitive over both kinds of link.
#include "steps/dedupe_clusters.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace acctseg {
namespace {

Column Strings(const std::vector<std::optional<std::string>>& values) {
  Column c = Column::Make(DataType::String(), values.size(), true);
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t i = 0; i < values.size(); ++i) {
    c.nulls.Set(i, !values[i].has_value());
    c.codes.Set(i, dictionary->Intern(values[i].value_or("")));
  }
  c.dictionary = dictionary;
  return c;
}

TEST(RowOrder, AgreesWithSortKeys) {
  std::mt19937 random(11);
  const size_t n = 300;
  Column numbers = Column::Make(DataType::Int64(), n, true);
  std::vector<std::optional<std::string>> texts;
  for (size_t i = 0; i < n; ++i) {
    numbers.nulls.Set(i, random() % 5 == 0);
    numbers.ints.Set(i, static_cast<int64_t>(random() % 4) - 2);
    const char* words[] = {"a", "ab", "b", "\xc3\x84", "Z", ""};  // Ä sorts after ASCII by bytes
    texts.push_back(random() % 6 == 0 ? std::nullopt
                                      : std::optional<std::string>(words[random() % 6]));
  }
  Column strings = Strings(texts);
  for (bool descending : {false, true}) {
    SortKeys keys({{&numbers, descending}, {&strings, !descending}}, 1);
    RowOrder order;
    order.Add(&numbers, descending);
    order.Add(&strings, !descending);
    for (int32_t a = 0; a < static_cast<int32_t>(n); ++a)
      for (int32_t b = 0; b < static_cast<int32_t>(n); ++b)
        ASSERT_EQ(order.Before(a, b), keys.Before(a, b)) << a << " " << b;
  }
}

TEST(FindDuplicates, ClustersAreTransitiveAndKeepOneLinkPerJoin) {
  // 0-1 share a domain, 1-2 a name, 2-3 similar names; 4 shares nothing.
  Column domain = Strings({"x.com", "x.com", std::nullopt, "", "y.com"});
  Column name = Strings({"alpha", "bravo", "bravo", "bravoo", "zulu"});
  DuplicateKeys keys{&domain, &name, nullptr, 0.9, 8};
  DuplicateClusters clusters = FindDuplicates(keys, 5, nullptr, 2);
  EXPECT_EQ(clusters.survivor, (std::vector<int32_t>{0, 0, 0, 0, -1}));
  EXPECT_EQ(clusters.cluster_count, 1u);
  ASSERT_EQ(clusters.links.size(), 3u);
  EXPECT_EQ(clusters.links[0].reason, DuplicateReason::kDomain);
  EXPECT_EQ(clusters.links[1].reason, DuplicateReason::kSameName);
  EXPECT_EQ(clusters.links[2].reason, DuplicateReason::kSimilarName);
  EXPECT_EQ(clusters.links[2].row, 3);
  EXPECT_EQ(clusters.links[2].other, 1);  // the first row named "bravo"
}

}  // namespace
}  // namespace acctseg

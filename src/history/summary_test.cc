// A run's summary: counts and sums per value, NULLs under "(none)", the
// same at one thread and at several (rows are tallied in slices on all
// threads and the slices added after).
#include "history/summary.h"

#include <gtest/gtest.h>

#include <fstream>

#include "util/store_fixtures.h"

namespace acctseg {
namespace {

constexpr const char* kPolicy = R"(policy: summary
input:
  name: accounts
  key: id
  columns: {id: string, kind: string, amount: integer, price: decimal(2)}
steps:
  - compute:
      band: "CASE WHEN amount >= 5 THEN 'high' WHEN amount < 5 THEN 'low' END"
output:
  columns: [id, kind, band]
summary:
  dimensions: [kind, band]
  measures: [amount, price]
)";

// Row i: kind "k<i % 3>" (empty every 7th row: a value of its own),
// amount i % 10 (NULL every 11th, and then so is the band), price i % 4 +
// 0.25.
std::string Accounts(size_t rows) {
  std::string csv = "id,kind,amount,price\n";
  for (size_t i = 0; i < rows; ++i)
    csv += "a" + std::to_string(i) + "," + (i % 7 == 0 ? "" : "k" + std::to_string(i % 3)) + "," +
           (i % 11 == 0 ? "" : std::to_string(i % 10)) + "," + std::to_string(i % 4) + ".25\n";
  return csv;
}

nlohmann::ordered_json Summary(const std::string& policy, const std::string& accounts,
                               int threads) {
  RunOptions options;
  options.threads = threads;
  auto plan = Plan::CompileFile(policy);  // outlives the execution, which refers to it
  auto execution = plan->Execute(accounts, options);
  return SummarizeRun(*execution);
}

TEST(SummaryTest, CountsAndSumsPerValueAtAnyThreadCount) {
  testing::TempDir dir;
  std::ofstream(dir.File("policy.yaml")) << kPolicy;
  // More rows than one slice takes (kParallelGrain), so several threads
  // tally several slices.
  const size_t rows = 300007;
  std::ofstream(dir.File("accounts.csv")) << Accounts(rows);
  const nlohmann::ordered_json one = Summary(dir.File("policy.yaml"), dir.File("accounts.csv"), 1);

  // Expected, counted here row by row.
  std::map<std::string, uint64_t> count;
  std::map<std::string, int64_t> amount, price_cents;
  for (size_t i = 0; i < rows; ++i) {
    const std::string kind = i % 7 == 0 ? "" : "k" + std::to_string(i % 3);
    ++count[kind];
    if (i % 11 != 0) amount[kind] += static_cast<int64_t>(i % 10);
    price_cents[kind] += static_cast<int64_t>(i % 4) * 100 + 25;
  }
  const nlohmann::ordered_json& kinds = one["dimensions"]["kind"];
  ASSERT_EQ(kinds.size(), 4u);
  for (const auto& [kind, n] : count) {
    EXPECT_EQ(kinds[kind]["count"].get<uint64_t>(), n) << kind;
    EXPECT_EQ(kinds[kind]["amount"].get<int64_t>(), amount[kind]) << kind;
    // A decimal's sum is its exact text at its scale.
    EXPECT_EQ(kinds[kind]["price"].get<std::string>(),
              std::to_string(price_cents[kind] / 100) + "." +
                  (price_cents[kind] % 100 < 10 ? "0" : "") +
                  std::to_string(price_cents[kind] % 100))
        << kind;
  }
  // A NULL band (a NULL amount: no CASE branch holds) is counted as "(none)".
  const nlohmann::ordered_json& bands = one["dimensions"]["band"];
  ASSERT_EQ(bands.size(), 3u);
  EXPECT_EQ(bands["(none)"]["count"].get<uint64_t>(), (rows + 10) / 11);
  EXPECT_EQ(bands["(none)"]["amount"].get<int64_t>(), 0);
  EXPECT_EQ(one["rows"].get<size_t>(), rows);

  // The dimensions in the policy's order, not sorted by name.
  EXPECT_EQ(one["dimensions"].begin().key(), "kind");

  for (int threads : {2, 3, 8})
    EXPECT_EQ(Summary(dir.File("policy.yaml"), dir.File("accounts.csv"), threads).dump(),
              one.dump())
        << threads << " threads";
}

// A CRM picklist's text "(none)" and NULL are two groups: they had been
// one, and one overwrote the other's counts.
TEST(SummaryTest, TheTextNoneIsNotNull) {
  testing::TempDir dir;
  std::ofstream(dir.File("policy.yaml")) << R"(input:
  columns: {id: string, kind: {type: string, empty_is_null: true}, amount: integer}
steps: []
output:
  columns: [id, kind]
summary:
  dimensions: [kind]
  measures: [amount]
)";
  std::ofstream(dir.File("accounts.csv"))
      << "id,kind,amount\na,(none),1\nb,,2\nc,(none),4\nd,x,8\n";
  const nlohmann::ordered_json kinds =
      Summary(dir.File("policy.yaml"), dir.File("accounts.csv"), 1)["dimensions"]["kind"];
  ASSERT_EQ(kinds.size(), 3u) << kinds.dump();
  EXPECT_EQ(kinds["(none)"]["count"].get<uint64_t>(), 1u);
  EXPECT_EQ(kinds["(none)"]["amount"].get<int64_t>(), 2);
  EXPECT_EQ(kinds["\"(none)\""]["count"].get<uint64_t>(), 2u);
  EXPECT_EQ(kinds["\"(none)\""]["amount"].get<int64_t>(), 5);
}

}  // namespace
}  // namespace acctseg

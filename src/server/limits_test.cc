// The server's small pieces without sockets: rate limit, metrics text,
// recent lists, rates, listen addresses.
#include <gtest/gtest.h>

#include <optional>

#include "common/error.h"
#include "server/change_note.h"
#include "server/event_rates.h"
#include "server/listen_address.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/recent_log.h"

namespace acctseg::server {
namespace {

TEST(RateLimiter, BurstThenRefill) {
  RateLimiter limiter(10);
  auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Allow("a", t0)) << i;
  EXPECT_FALSE(limiter.Allow("a", t0));
  EXPECT_TRUE(limiter.Allow("b", t0));
  EXPECT_TRUE(limiter.Allow("a", t0 + std::chrono::milliseconds(100)));
  EXPECT_FALSE(limiter.Allow("a", t0 + std::chrono::milliseconds(100)));
  // Below one request a second, the wait is over a second.
  RateLimiter slow(0.25);
  EXPECT_EQ(slow.Take("a", t0), 0);
  EXPECT_DOUBLE_EQ(slow.Take("a", t0), 4);
  EXPECT_DOUBLE_EQ(slow.Take("a", t0 + std::chrono::seconds(1)), 3);
  // (The guard caps a Retry-After at a day; RequestGuard's test.)
  EXPECT_EQ(slow.Take("a", t0 + std::chrono::seconds(4)), 0);
  RateLimiter unlimited(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(unlimited.Allow("a", t0));
}

TEST(ServerMetrics, PrometheusText) {
  Metrics metrics;
  metrics.Request("/v1/events", 200, 0.0003);
  metrics.Request("/v1/events", 200, 0.002);
  metrics.Request("/v1/events", 400, 0.0001);
  metrics.EventsApplied(2);
  metrics.AccountsChanged(5);
  std::string text = metrics.Render(10, 7);
  EXPECT_NE(text.find("acctseg_http_requests_total{route=\"/v1/events\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("acctseg_http_requests_total{route=\"/v1/events\",status=\"400\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "acctseg_http_request_duration_seconds_bucket{route=\"/v1/events\",le=\"0.0005\"} 2\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "acctseg_http_request_duration_seconds_bucket{route=\"/v1/events\",le=\"+Inf\"} 3\n"),
      std::string::npos);
  EXPECT_NE(text.find("acctseg_http_request_duration_seconds_count{route=\"/v1/events\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("acctseg_events_applied_total 2\n"), std::string::npos);
  EXPECT_NE(text.find("acctseg_accounts_changed_total 5\n"), std::string::npos);
  EXPECT_NE(text.find("acctseg_accounts 10\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE acctseg_http_request_duration_seconds histogram\n"),
            std::string::npos);
}

TEST(RecentLog, NewestFirstAndBounded) {
  RecentLog<nlohmann::ordered_json> log(3);
  for (int i = 1; i <= 5; ++i) log.Add(i);
  EXPECT_EQ(log.Newest(10).dump(), "[5,4,3]");
  EXPECT_EQ(log.Newest(2).dump(), "[5,4]");
  EXPECT_EQ(RecentLog<nlohmann::ordered_json>(2).Newest(5).dump(), "[]");
}

TEST(RecentLog, ChangeNotesReadAsTheJsonOfGetChanges) {
  RecentLog<ChangeNote> log(2);
  log.Add({7, "A1", "update", {"segment", "tier"}, 3, 1000});
  log.Add({8, "N1", "create", {}, 1, 2000});
  EXPECT_EQ(log.Newest(1).dump(), R"([{"event_id":8,"account_id":"N1","op":"create","changed":[],)"
                                  R"("accounts_changed":1,"at_ms":2000}])");
  EXPECT_EQ(log.Newest(2)[1].dump(),
            R"({"event_id":7,"account_id":"A1","op":"update","changed":["segment","tier"],)"
            R"("accounts_changed":3,"at_ms":1000})");
}

// What the 404 of a removed account reads (docs/serve.md): the account's
// newest change still kept, and nothing once the ring has dropped it.
TEST(RecentLog, FindsTheNewestMatchingEntryWhileItIsKept) {
  RecentLog<ChangeNote> log(3);
  log.Add({7, "A1", "update", {"segment"}, 1, 1000});
  log.Add({8, "A1", "remove", {}, 1, 2000});
  log.Add({9, "B2", "update", {"tier"}, 1, 3000});
  const auto of_a1 = [](const ChangeNote& note) { return note.account_id == "A1"; };
  std::optional<ChangeNote> found = log.FindNewest(of_a1);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->event_id, 8u);
  EXPECT_STREQ(found->op, "remove");
  EXPECT_FALSE(log.FindNewest([](const ChangeNote& note) { return note.account_id == "C3"; }));
  log.Add({10, "B2", "update", {}, 1, 4000});
  log.Add({11, "B2", "update", {}, 1, 5000});  // both A1 entries are gone now
  EXPECT_FALSE(log.FindNewest(of_a1));
}

TEST(EventRates, MeanOverTheLastTenSeconds) {
  EventRates rates;
  rates.Add(100'000, 50);
  rates.Add(105'500, 50);
  rates.Add(110'200, 999);  // the current second: not yet counted
  EXPECT_DOUBLE_EQ(rates.PerSecond(110'300), 10.0);
  EXPECT_DOUBLE_EQ(rates.PerSecond(125'000), 0.0);
}

TEST(ListenAddress, ParsesAndKnowsLoopback) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1:8080").port, 8080);
  EXPECT_EQ(ParseListenAddress("[::1]:0").host, "::1");
  EXPECT_EQ(ParseListenAddress("localhost:0").port, 0);
  EXPECT_THROW(ParseListenAddress("127.0.0.1"), Error);
  EXPECT_THROW(ParseListenAddress("127.0.0.1:http"), Error);
  EXPECT_THROW(ParseListenAddress(":80"), Error);
  EXPECT_THROW(ParseListenAddress("h:70000"), Error);
  // A URL, or a stray space, is a usage error before any bind is tried.
  for (const char* text :
       {"http://127.0.0.1:8080", " 127.0.0.1:8080", "127.0.0.1/x:80", "127.0.0.1\nx:80"}) {
    try {
      ParseListenAddress(text);
      ADD_FAILURE() << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << text;
      EXPECT_NE(std::string(e.what()).find("expected HOST:PORT"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.1"));  // what the bind reads as 127.0.0.1
  EXPECT_TRUE(IsLoopback("127.3.2.1"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("localhost"));
  EXPECT_FALSE(IsLoopback("0.0.0.0"));
  EXPECT_FALSE(IsLoopback("10.0.0.1"));
  EXPECT_FALSE(IsLoopback("::"));
}

}  // namespace
}  // namespace acctseg::server

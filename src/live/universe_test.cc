// LiveUniverse: events checked against the policy's column types (the
// field named), values of every input type (NULL included) applied exactly,
// lookups by domain, and the summary.
#include "live/universe.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "common/error.h"
#include "live/universe_cell.h"
#include "util/live_fixture.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

class LiveUniverseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("policy.yaml")) << testing::kTypedLivePolicy;
    std::ofstream csv(dir_.File("accounts.csv"));
    testing::WriteTypedLiveAccounts(csv, 60, 20);
    csv.close();
    plan_ = Plan::CompileFile(dir_.File("policy.yaml"));
    live_ = LiveUniverse::Load(plan_, {{"accounts", dir_.File("accounts.csv")}}, RunOptions{},
                               {"website"});
  }

  std::string Csv(const Table& table, const std::string& name) {
    return testing::CsvText(table, dir_.File(name));
  }

  void ExpectSameAsBatch() {
    live_->WriteAccountsCsv(dir_.File("now.csv"));
    ASSERT_EQ(Csv(live_->Outputs(), "live.csv"),
              Csv(plan_->Run(dir_.File("now.csv"), RunOptions{}).outputs, "batch.csv"));
  }

  // The message Validate gives for `event` (JSON), or "" if valid.
  std::string Problem(const std::string& event) {
    try {
      live_->Validate(ParseLiveEvent(nlohmann::json::parse(event), "events[3]", event),
                      "events[3]");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInput);
      return e.what();
    }
    return "";
  }

  // Random events of every kind and value type, checked against a batch run.
  void ApplyRandomEvents(int count, bool incremental);

  testing::TempDir dir_;
  std::shared_ptr<const Plan> plan_;
  std::unique_ptr<LiveUniverse> live_;
};

TEST_F(LiveUniverseTest, ValidateNamesTheField) {
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"seats": 5, "amount": 1.25}})"), "");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"seats": "many"}})"),
            "events[3].set.seats: expected an integer, got \"many\"");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"amount": 1.255}})"),
            "events[3].set.amount: expected a number with at most 2 decimals, from "
            "-92233720368547758.07 to 92233720368547758.07, got 1.255");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"flag": 1}})"),
            "events[3].set.flag: expected true or false, got 1");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"signed": "2024-02-31"}})"),
            "events[3].set.signed: expected a date string (YYYY-MM-DD), got \"2024-02-31\"");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"seats": null}})"),
            "events[3].set.seats: may not be empty");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"seets": 1}})"),
            "events[3].set.seets: unknown column of input \"accounts\" (did you mean \"seats\"?)");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"tier": "A"}})"),
            "events[3].set.tier: a computed column; events set input columns");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"id": "A2"}})"),
            "events[3].set.id: the key cannot change");
  EXPECT_EQ(Problem(R"({"account_id": "Z9", "set": {"seats": 1}})"),
            "events[3].account_id: no account \"Z9\"");
  // Shown escaped: a NUL cut the message off ("no account \"Z").
  EXPECT_EQ(Problem(R"({"account_id": "Z\u00009", "set": {"seats": 1}})"),
            "events[3].account_id: no account \"Z\\09\"");
  EXPECT_EQ(Problem(R"({"account_id": "Z9", "op": "remove"})"),
            "events[3].account_id: no account \"Z9\"");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "op": "create", "set": {"seats": 1}})"),
            "events[3].account_id: account \"A1\" already exists");
  // fuzz/regressions/events/create_untrimmed_id: a batch run would read "N1".
  EXPECT_EQ(Problem(R"({"account_id": " N1", "op": "create", "set": {"seats": 1}})"),
            "events[3].account_id: \" N1\" would not read back as itself (values are trimmed "
            "of spaces and tabs)");
  EXPECT_EQ(Problem(R"({"account_id": "N1", "op": "create", "set": {"flag": true}})"),
            "events[3].set.seats: may not be empty");
  // Texts a snapshot's accounts file could not hold: accepted, they would
  // make the data directory unreadable at the next start.
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"note": "a\u0000b"}})"),
            "events[3].set.note: a NUL character (\\u0000), which no text holds");
  EXPECT_EQ(Problem(R"({"account_id": "N\u00001", "op": "create", "set": {"seats": 1}})"),
            "events[3].account_id: a NUL character (\\u0000), which no text holds");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "op": "delete"})"),
            "events[3].op: expected update, create or remove, got \"delete\"");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": [1]})"),
            "events[3].set: expected an object, got [1]");
  EXPECT_EQ(Problem(R"({"set": {}})"), "events[3].account_id: missing");
  // An invalid event changes nothing.
  EXPECT_THROW(live_->Apply(ParseLiveEvent(
                   nlohmann::json::parse(R"({"account_id": "A1", "set": {"seats": "x"}})"), "e")),
               Error);
  ExpectSameAsBatch();
}

TEST_F(LiveUniverseTest, EventsRoundTripThroughJson) {
  LiveEvent event;
  event.account_id = "A1";
  event.op = LiveEvent::Op::kCreate;
  event.set = {{"seats", 3}, {"note", nullptr}};
  event.touchpoint = {{"type", "inbound_call"}};
  event.received_at_ms = 1700000000123;
  LiveEvent back = ParseLoggedEvent(nlohmann::json::parse(LiveEventJson(event).dump()));
  // The same event (a JSON object keeps no key order).
  EXPECT_EQ(nlohmann::json(LiveEventJson(back)), nlohmann::json(LiveEventJson(event)));
  // The server stamps the time an event arrived; a client cannot.
  EXPECT_THROW(ParseLiveEvent(nlohmann::json::parse(LiveEventJson(event).dump()), "e"), Error);
}

TEST_F(LiveUniverseTest, RandomValuesOfEveryTypeMatchABatchRun) { ApplyRandomEvents(600, true); }

// A full trace is kept per row and term: the universe then re-runs the plan
// for every event, the fallback of plans it cannot follow incrementally.
TEST_F(LiveUniverseTest, TheFullReRunFallbackMatchesABatchRunToo) {
  RunOptions options;
  options.full_trace = true;
  live_ = LiveUniverse::Load(plan_, {{"accounts", dir_.File("accounts.csv")}}, options);
  ApplyRandomEvents(150, false);
}

void LiveUniverseTest::ApplyRandomEvents(int count, bool incremental) {
  std::mt19937 random(7);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  std::vector<std::string> ids;
  for (int i = 0; i < 60; ++i) ids.push_back("A" + std::to_string(i));
  auto value = [&](const std::string& column) -> nlohmann::ordered_json {
    if (pick(6) == 0 && column != "seats") return nullptr;
    if (column == "parent") return pick(3) ? ids[pick(ids.size())] : "";
    if (column == "website")
      return "mail@" + std::string(pick(2) ? "www." : "") + "c" + std::to_string(pick(25)) +
             ".co.uk";
    if (column == "flag") return pick(2) == 1;
    if (column == "amount")
      return pick(2) ? nlohmann::ordered_json(pick(500) / 4.0) : nlohmann::ordered_json(pick(90));
    if (column == "signed")
      return "202" + std::to_string(3 + pick(2)) + "-0" + std::to_string(1 + pick(9)) + "-2" +
             std::to_string(pick(9));
    if (column == "seen")
      return pick(2) ? "2024-05-01T08:30:00Z"
                     : "2024-05-0" + std::to_string(1 + pick(9)) + " 10:00";
    if (column == "seats") return static_cast<int64_t>(pick(300));
    return pick(2) ? " note " : "";
  };
  const std::vector<std::string> columns = {"parent", "website", "flag",  "amount",
                                            "signed", "seen",    "seats", "note"};
  for (int i = 1; i <= count; ++i) {
    LiveEvent event;
    int dice = pick(10);
    if (dice == 0) {
      event.op = LiveEvent::Op::kCreate;
      event.account_id = "N" + std::to_string(i);
      event.set["seats"] = value("seats");
      for (const std::string& c : columns)
        if (pick(2)) event.set[c] = value(c);
      ids.push_back(event.account_id);
    } else if (dice == 1 && ids.size() > 20) {
      event.op = LiveEvent::Op::kRemove;
      size_t at = pick(ids.size());
      event.account_id = ids[at];
      ids.erase(ids.begin() + at);
    } else {
      event.account_id = ids[pick(ids.size())];
      for (int n = 1 + pick(3); n > 0; --n) {
        const std::string& c = columns[pick(columns.size())];
        event.set[c] = value(c);
      }
    }
    live_->Validate(event, "event");
    EXPECT_EQ(live_->Apply(event).incremental, incremental);
    if (i % 50 == 0) ExpectSameAsBatch();
    if (HasFatalFailure()) return;
  }
}

TEST_F(LiveUniverseTest, DecimalsKeepTheDigitsTheClientWrote) {
  // 70368744177664.01 is 2^46 + 0.01: the nearest double is ...664.0156, so
  // through a double the account held .02. Exact from the event's text, and
  // in the log's payload, which a replay reads without the text.
  const std::string text =
      R"({"account_id": "A3", "set": {"amount": 70368744177664.01, "seats": 4}})";
  LiveEvent event = ParseLiveEvent(nlohmann::json::parse(text), "e", text);
  EXPECT_EQ(event.number_texts,
            (std::map<std::string, std::string>{{"amount", "70368744177664.01"}}));
  const nlohmann::ordered_json logged = LiveEventJson(event);
  EXPECT_EQ(logged["set"]["amount"], "70368744177664.01");
  live_->Validate(event, "e");
  live_->Apply(event);
  live_->WriteAccountsCsv(dir_.File("now.csv"));
  EXPECT_NE(testing::FileText(dir_.File("now.csv")).find(",70368744177664.01,"), std::string::npos);
  ExpectSameAsBatch();
  const LiveEvent replayed = ParseLoggedEvent(nlohmann::json::parse(logged.dump()));
  const CsvColumnRequest& amount = plan_->inputs()[0].columns[4];
  ASSERT_EQ(amount.name, "amount");
  EXPECT_EQ(CellFromJson(amount, replayed.set["amount"], "e").number, 7036874417766401);
  // An exponent moves the point exactly; a text is taken as a file's field
  // is; a number where a text or integer belongs is refused, quoted as the
  // client wrote it, not as a double prints it.
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"amount": 1.5E1}})"), "");
  // ... and the log keeps the point moved, as a file's field would be read
  // (fuzz/regressions/events/decimal_exponent: "1.5E1" was refused on replay).
  const std::string exponent = R"({"account_id": "A1", "set": {"amount": 1.5E1}})";
  EXPECT_EQ(LiveEventJson(
                ParseLiveEvent(nlohmann::json::parse(exponent), "e", exponent))["set"]["amount"],
            "15");
  for (const auto& [written, units] : std::vector<std::pair<std::string, int64_t>>{
           {"1e2", 10000}, {"-2.5E-1", -25}, {"0.05e+1", 50}, {"1250e-3", 125}, {"0e5", 0}})
    EXPECT_EQ(CellFromJson(amount, std::stod(written), "e", &written).number, units) << written;
  const std::string tiny = "1e-3";
  EXPECT_THROW(CellFromJson(amount, 0.001, "e", &tiny), Error);
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"amount": " 12.30"}})"), "");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"amount": 1.255}})"),
            "events[3].set.amount: expected a number with at most 2 decimals, from "
            "-92233720368547758.07 to 92233720368547758.07, got 1.255");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"seats": 1e3}})"),
            "events[3].set.seats: expected an integer, got 1e3");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"note": 1.5}})"),
            "events[3].set.note: expected a string, got 1.5");
  // Past the range: not a question of decimals, and the message says so.
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"amount": 99999999999999999.99}})"),
            "events[3].set.amount: expected a number with at most 2 decimals, from "
            "-92233720368547758.07 to 92233720368547758.07, got 99999999999999999.99");
  EXPECT_EQ(Problem(R"({"account_id": "A1", "set": {"amount": "12.3.4"}})"),
            "events[3].set.amount: expected a number with at most 2 decimals, from "
            "-92233720368547758.07 to 92233720368547758.07, got \"12.3.4\"");
}

TEST_F(LiveUniverseTest, ExplanationSaysWhetherTheFileStillHoldsTheRow) {
  const nlohmann::ordered_json read = live_->Explain("A3")->at("input");
  EXPECT_EQ(read["line"], 5);
  EXPECT_FALSE(read.contains("changed_by_events"));
  live_->Apply(
      ParseLiveEvent(nlohmann::json::parse(R"({"account_id": "A3", "set": {"seats": 9}})"), "e"));
  live_->Apply(ParseLiveEvent(
      nlohmann::json::parse(R"({"account_id": "N1", "op": "create", "set": {"seats": 1}})"), "e"));
  const nlohmann::ordered_json updated = live_->Explain("A3")->at("input");
  EXPECT_EQ(updated["line"], 5);
  EXPECT_EQ(updated["changed_by_events"], true);
  // Before, a line after the file's last, which the file does not have.
  EXPECT_EQ(live_->Explain("N1")->at("input").dump(),
            R"({"path":null,"line":null,"created_by_event":true})");
  // An event the plan cannot take (the sum of A7's family, A7 and A10,
  // overflows) changes nothing, its mark included.
  live_->Apply(ParseLiveEvent(
      nlohmann::json::parse(R"({"account_id": "A7", "set": {"amount": 90000000000000000}})"), "e"));
  try {
    live_->Apply(ParseLiveEvent(
        nlohmann::json::parse(R"({"account_id": "A10", "set": {"amount": 90000000000000000}})"),
        "e"));
    ADD_FAILURE() << "an overflowing family sum was applied";
  } catch (const Error& e) {
    // The row named is read from the file, but events changed it: its line
    // no longer holds the values that failed, and the message says so.
    EXPECT_NE(std::string(e.what()).find("numeric overflow"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(" line 9, since changed by events)"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(live_->Explain("A10")->at("input").contains("changed_by_events"));
  ExpectSameAsBatch();
}

TEST_F(LiveUniverseTest, FindsAccountsByDomainAsEventsChangeThem) {
  EXPECT_EQ(live_->FindByDomain("someone@c3.com"), "A3");
  EXPECT_EQ(live_->FindByDomain("C3.COM"), "A3");
  EXPECT_EQ(live_->FindByDomain("unknown.org"), std::nullopt);
  live_->Apply(ParseLiveEvent(
      nlohmann::json::parse(R"({"account_id": "A3", "set": {"website": "acme.io"}})"), "e"));
  EXPECT_EQ(live_->FindByDomain("https://shop.acme.io"), "A3");
  EXPECT_EQ(live_->FindByDomain("c3.com"), "A23");  // the next account with it
  live_->Apply(
      ParseLiveEvent(nlohmann::json::parse(R"({"account_id": "A3", "op": "remove"})"), "e"));
  EXPECT_EQ(live_->FindByDomain("acme.io"), std::nullopt);
  live_->Apply(ParseLiveEvent(
      nlohmann::json::parse(
          R"({"account_id": "N1", "op": "create", "set": {"seats": 1, "website": "x@acme.io"}})"),
      "e"));
  EXPECT_EQ(live_->FindByDomain("acme.io"), "N1");
}

TEST_F(LiveUniverseTest, AccountsIsACopyThatLaterEventsLeaveAlone) {
  // What an automatic snapshot writes on its own thread while events go on.
  live_->WriteAccountsCsv(dir_.File("then.csv"));
  const Table then = live_->Accounts();
  for (const char* event :
       {R"({"account_id": "A3", "set": {"website": "a-text-never-seen-before.io", "seats": 9}})",
        R"({"account_id": "A5", "op": "remove"})",
        R"({"account_id": "N1", "op": "create", "set": {"seats": 1, "website": "n1.io"}})"})
    live_->Apply(ParseLiveEvent(nlohmann::json::parse(event), "e"));
  EXPECT_EQ(Csv(then, "then-copy.csv"), testing::FileText(dir_.File("then.csv")));
  EXPECT_NE(Csv(live_->Accounts(), "now.csv"), testing::FileText(dir_.File("then.csv")));
  ExpectSameAsBatch();
}

TEST_F(LiveUniverseTest, AccountsCopiesIntoTheLastCopyOnlyOnceNothingHoldsIt) {
  // The server's snapshots: a capture held while it is written is never
  // overwritten; once let go, the next capture copies into its memory.
  auto seats = [](const Table& table) { return table.Get("seats").get(); };
  auto set = [&](const char* event) {
    live_->Apply(ParseLiveEvent(nlohmann::json::parse(event), "e"));
    live_->WriteAccountsCsv(dir_.File("now.csv"));
    return testing::FileText(dir_.File("now.csv"));
  };
  auto held = std::make_unique<Table>(live_->Accounts());
  const std::string held_csv = Csv(*held, "held.csv");
  const std::string next_csv =
      set(R"({"account_id": "A3", "set": {"website": "first-new-text.io", "seats": 9}})");
  auto second = std::make_unique<Table>(live_->Accounts());
  EXPECT_NE(seats(*second), seats(*held));
  EXPECT_EQ(Csv(*held, "held-again.csv"), held_csv);
  EXPECT_EQ(Csv(*second, "second.csv"), next_csv);
  const Column* second_seats = seats(*second);
  held.reset();
  second.reset();
  const std::string last_csv =
      set(R"({"account_id": "A4", "set": {"website": "second-new-text.io", "seats": 11}})");
  const Table reused = live_->Accounts();
  EXPECT_EQ(seats(reused), second_seats);
  EXPECT_EQ(Csv(reused, "reused.csv"), last_csv);
  ExpectSameAsBatch();
}

TEST_F(LiveUniverseTest, SummaryCountsEveryCombination) {
  nlohmann::ordered_json summary = live_->Summary();
  EXPECT_EQ(summary["dimensions"], nlohmann::ordered_json({"band", "tier"}));
  EXPECT_EQ(summary["measures"], nlohmann::ordered_json({"family_amount"}));
  EXPECT_EQ(summary["accounts"], 60);
  size_t accounts = 0;
  for (const auto& row : summary["rows"]) {
    accounts += row["accounts"].get<size_t>();
    EXPECT_TRUE(row.contains("band") && row.contains("tier") && row.contains("family_amount"));
  }
  EXPECT_EQ(accounts, 60u);
  auto account = live_->Account("A7");
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(account->begin().key(), "id");
  EXPECT_EQ((*account)["id"], "A7");
  EXPECT_FALSE(live_->Account("nope").has_value());
}

}  // namespace
}  // namespace acctseg

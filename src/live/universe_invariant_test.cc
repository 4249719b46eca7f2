// The invariant of the live universe: after any sequence of events, its
// outputs are byte for byte what a batch run over the accounts as they are
// now gives. Random event streams (updates of every input column, NULLs,
// creates, removes, parent links that make and break families and cycles)
// on the seed policy over a slice of the bundled sample, compared with a
// batch run over WriteAccountsCsv's file at intermediate points and at the end.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "common/error.h"
#include "explain/explain.h"
#include "live/universe.h"
#include "live/universe_state.h"
#include "live/universe_summary_counts.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

using testing::CsvText;
using testing::FileText;

// The first `rows` accounts of the bundled sample.
void WriteSample(const std::string& path, size_t rows) {
  std::ifstream in(std::string(ACCTSEG_SOURCE_DIR) + "/examples/data/accounts-10k.csv");
  std::ofstream out(path);
  std::string line;
  for (size_t i = 0; i <= rows && std::getline(in, line); ++i) out << line << '\n';
}

// The same, regrouped into families of up to `family` accounts (each
// account's parent an earlier account of its group), so that family
// aggregates have many members to re-fold.
void WriteSampleInFamilies(const std::string& path, size_t rows, size_t family) {
  std::ifstream in(std::string(ACCTSEG_SOURCE_DIR) + "/examples/data/accounts-10k.csv");
  std::ofstream out(path);
  std::string line;
  std::vector<std::string> ids;
  std::mt19937 random(7);
  for (size_t i = 0; i <= rows && std::getline(in, line); ++i) {
    if (i == 0) {
      out << line << '\n';
      continue;
    }
    // account_id,name,parent_id,...: the parent is the third field, after
    // a name that may be quoted (with "" inside).
    const std::string id = line.substr(0, line.find(','));
    size_t at = id.size() + 1;
    if (line[at] == '"') {
      for (++at; !(line[at] == '"' && line[at + 1] != '"'); at += line[at] == '"' ? 2 : 1) {
      }
      ++at;
    } else {
      at = line.find(',', at);
    }
    const size_t parent_at = at + 1, rest = line.find(',', parent_at);
    const size_t member = ids.size() % family;
    std::string parent = member == 0 ? "" : ids[ids.size() - 1 - random() % member];
    ids.push_back(id);
    out << line.substr(0, parent_at) << parent << line.substr(rest) << '\n';
  }
}

// Random events over the seed policy's input columns.
class EventMaker {
 public:
  EventMaker(uint32_t seed, std::vector<std::string> ids, int family_weight = 0,
             int create_remove_percent = 22)
      : random_(seed),
        ids_(std::move(ids)),
        family_weight_(family_weight),
        create_remove_percent_(create_remove_percent) {}

  LiveEvent Next() {
    LiveEvent event;
    if (static_cast<int>(Pick(100)) < family_weight_) {
      // What FAMILY_MAX(own_segment) and global.own_segment read.
      event.account_id = ids_[Pick(ids_.size())];
      Set(event, Pick(4) ? "employees" : "sector");
      return event;
    }
    // Below 12: a create; below 22: a remove; below 50: parent links.
    int dice = 22 - create_remove_percent_ + Pick(78 + create_remove_percent_);
    if (dice < 12 || ids_.size() < 10) {
      event.op = LiveEvent::Op::kCreate;
      event.account_id = "N" + std::to_string(++created_);
      for (const char* column : {"arr", "web_visits_90d", "active_users"}) Set(event, column);
      for (int i = Pick(6); i > 0; --i) Set(event, Column());
      ids_.push_back(event.account_id);
    } else if (dice < 22) {
      event.op = LiveEvent::Op::kRemove;
      size_t at = Pick(ids_.size());
      event.account_id = ids_[at];
      ids_.erase(ids_.begin() + at);
    } else {
      event.account_id = ids_[Pick(ids_.size())];
      for (int i = 1 + Pick(3); i > 0; --i) Set(event, dice < 50 ? "parent_id" : Column());
    }
    return event;
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
  template <typename T>
  T OneOf(std::initializer_list<T> values) {
    return values.begin()[Pick(values.size())];
  }
  const char* Column() {
    return OneOf({"parent_id", "employees", "industry", "country", "state", "sector", "arr",
                  "products", "web_visits_90d", "active_users", "intent_score", "competitor"});
  }
  nlohmann::ordered_json Number(int64_t max, bool nullable) {
    if (nullable && Pick(8) == 0) return nullptr;
    return static_cast<int64_t>(Pick(max));
  }
  void Set(LiveEvent& event, const std::string& column) {
    nlohmann::ordered_json& value = event.set[column];
    if (column == "parent_id") {
      int kind = Pick(10);
      value = kind < 6   ? nlohmann::ordered_json(ids_[Pick(ids_.size())])
              : kind < 8 ? nlohmann::ordered_json("")
              : kind < 9 ? nlohmann::ordered_json("GONE" + std::to_string(Pick(5)))
                         : nlohmann::ordered_json(nullptr);
    } else if (column == "employees") {
      value = Number(OneOf<int64_t>({300, 3000, 20000}), true);
    } else if (column == "intent_score") {
      value = Number(100, true);
    } else if (column == "arr") {
      value = Number(400000, false);
    } else if (column == "web_visits_90d" || column == "active_users") {
      value = Number(700, false);
    } else if (column == "industry") {
      value = OneOf<nlohmann::ordered_json>({"Software", "Retail", "Healthcare", "Energy",
                                             "Financial Services", nullptr, " Software "});
    } else if (column == "country") {
      value = OneOf<nlohmann::ordered_json>({"US", "CA", "DE", "GB", "JP", "XX", "", nullptr});
    } else if (column == "state") {
      value = OneOf<nlohmann::ordered_json>({"CA", "NY", "TX", "ON", "", nullptr});
    } else if (column == "sector") {
      value = OneOf<nlohmann::ordered_json>(
          {"private", "federal", "state", "local", "education", "public", nullptr});
    } else if (column == "products") {
      value = OneOf<nlohmann::ordered_json>({"CORE", "CORE;SEC", "OBS; SEARCH;CLOUD", "", nullptr,
                                             "has \"quotes\", commas\nand a line"});
    } else {
      value = OneOf<nlohmann::ordered_json>({"", "New Relic", "Datadog", nullptr});
    }
  }

  std::mt19937 random_;
  std::vector<std::string> ids_;
  int family_weight_;          // percent of events that set employees or sector
  int create_remove_percent_;  // of the other events, up to 22
  int created_ = 0;
};

std::vector<std::string> IdsOf(const Table& outputs) {
  std::vector<std::string> ids;
  const Column& column = *outputs.Get("account_id");
  for (size_t row = 0; row < outputs.row_count(); ++row) ids.emplace_back(column.StringAt(row));
  return ids;
}

// The batch run over the accounts as written, and the live outputs, as CSV.
void ExpectSameAsBatch(const LiveUniverse& live, const Plan& plan, const testing::TempDir& dir,
                       const std::string& when) {
  live.WriteAccountsCsv(dir.File("now.csv"));
  RunOptions options;
  options.threads = 2;
  auto batch = plan.Execute(dir.File("now.csv"), options);
  std::string expected = CsvText(batch->result.outputs, dir.File("batch-out.csv"));
  ASSERT_EQ(CsvText(live.Outputs(), dir.File("live-out.csv")), expected) << when;
  ASSERT_EQ(live.size(), batch->result.outputs.row_count());
  // Explanations agree too (but for the input line, which the file written anew renumbers).
  const std::vector<std::string> ids = IdsOf(batch->result.outputs);
  for (size_t i = 0; i < ids.size(); i += ids.size() / 7 + 1) {
    auto explained = live.Explain(ids[i]);
    ASSERT_TRUE(explained.has_value());
    nlohmann::ordered_json expect = ExplainAccount(*batch, i);
    explained->erase("input");
    expect.erase("input");
    ASSERT_EQ(explained->dump(), expect.dump()) << when << ", account " << ids[i];
    auto account = live.Account(ids[i]);
    ASSERT_TRUE(account.has_value());
    EXPECT_EQ((*account)["tier"], expect["outputs"]["tier"]);
  }
  // The summary kept event by event is the batch run's counted afresh.
  SummaryCounts summary;
  summary.Rebuild(plan, *batch, batch->result.outputs.row_count());
  ASSERT_EQ(live.Summary().dump(), summary.Json().dump()) << when;
}

// Applies `event`; for an update (rows keep their places), checks its
// answer against the outputs before and after, compared cell by cell: the
// accounts whose outputs differ (their count, and the first ids in row
// order) and the event's own changed columns.
ApplyResult ApplyAndCheckChanges(LiveUniverse& live, const LiveEvent& event,
                                 const std::string& when) {
  if (event.op != LiveEvent::Op::kUpdate) return live.Apply(event);
  const Table before = live.Outputs();
  ApplyResult result = live.Apply(event);
  const Table after = live.Outputs();
  size_t accounts_changed = 0;
  std::vector<std::string> ids, own_changed;
  const Column& id = *after.Get("account_id");
  for (size_t row = 0; row < after.row_count(); ++row) {
    std::vector<std::string> differing;
    for (size_t c = 0; c < after.column_count(); ++c)
      if (!SameValue(before.column(c), row, after.column(c), row))
        differing.push_back(after.name(c));
    if (differing.empty()) continue;
    ++accounts_changed;
    if (ids.size() < kMaxChangedIds) ids.emplace_back(id.StringAt(row));
    if (id.StringAt(row) == event.account_id) own_changed = differing;
  }
  EXPECT_EQ(result.accounts_changed, accounts_changed) << when;
  EXPECT_EQ(result.changed_ids, ids) << when;
  EXPECT_EQ(result.changed, own_changed) << when;
  return result;
}

// Replays `count` events and compares with a batch run every `every`.
void ReplayAndCompare(LiveUniverse& live, const Plan& plan, const testing::TempDir& dir,
                      EventMaker& events, int count, int every, size_t* incremental) {
  for (int i = 1; i <= count; ++i) {
    LiveEvent event = events.Next();
    // Through the log's form, as the server replays it.
    event = ParseLiveEvent(nlohmann::json::parse(LiveEventJson(event).dump()), "event");
    *incremental += ApplyAndCheckChanges(live, event, "event " + std::to_string(i)).incremental;
    if (i % every == 0) ExpectSameAsBatch(live, plan, dir, "after event " + std::to_string(i));
    if (::testing::Test::HasFatalFailure()) return;
  }
}

std::shared_ptr<const Plan> SeedPolicy() {
  return Plan::CompileFile(std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy/policy.yaml");
}

// The seed policy with tier B by score instead of rank ({tier: B, min:
// 21}, about the score at the A cut in this sample, so that rows on either
// side of it differ): a row's label then reads its first order key (score
// DESC), which the tier index packs into its entries, so rows pushed out
// of A take B or C by their own score.
std::shared_ptr<const Plan> SeedPolicyWithMinCut(const testing::TempDir& dir) {
  const std::string seed = std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy/";
  std::string text = FileText(seed + "policy.yaml");
  const std::string rank_cut = "- {tier: B, top: 0.5}";
  const size_t at = text.find(rank_cut);
  EXPECT_NE(at, std::string::npos) << "the seed policy's tier B cut moved";
  if (at != std::string::npos) text.replace(at, rank_cut.size(), "- {tier: B, min: 21}");
  std::ofstream(dir.File("policy.yaml")) << text;
  std::ofstream(dir.File("regions.csv")) << FileText(seed + "regions.csv");
  return Plan::CompileFile(dir.File("policy.yaml"));
}

// The live universe over dir/accounts.csv, checked against a batch run once loaded.
std::unique_ptr<LiveUniverse> LoadAndCompare(const std::shared_ptr<const Plan>& plan,
                                             const testing::TempDir& dir) {
  RunOptions options;
  options.threads = 2;
  auto live = LiveUniverse::Load(plan, {{"accounts", dir.File("accounts.csv")}}, options);
  ExpectSameAsBatch(*live, *plan, dir, "after load");
  return live;
}

TEST(LiveUniverseInvariant, RandomEventsMatchABatchRunOfTheSeedPolicy) {
  testing::TempDir dir;
  WriteSample(dir.File("accounts.csv"), 3000);
  std::shared_ptr<const Plan> plan = SeedPolicy();
  auto live = LoadAndCompare(plan, dir);
  EventMaker events(20261130, IdsOf(live->Outputs()));
  size_t created = 0, removed = 0, changed = 0, incremental = 0;
  for (int i = 1; i <= 3000; ++i) {
    LiveEvent event = events.Next();
    // Through the log's form, as the server replays it.
    event = ParseLiveEvent(nlohmann::json::parse(LiveEventJson(event).dump()), "event");
    ApplyResult result = ApplyAndCheckChanges(*live, event, "event " + std::to_string(i));
    created += result.created;
    removed += result.removed;
    changed += result.accounts_changed;
    incremental += result.incremental;
    if (i % 100 == 0) ExpectSameAsBatch(*live, *plan, dir, "after event " + std::to_string(i));
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(created, 200u);
  EXPECT_GT(removed, 200u);
  EXPECT_GT(changed, 3000u);
  EXPECT_EQ(incremental, 3000u);  // creates and removes too
}

// Families of up to 40 accounts, and mostly updates of what the family's
// segment reads: the row-local re-runs through FAMILY_MAX and global.
// (holders lowered, ties, raised maxima), with parent links, creates and
// removes between them.
TEST(LiveUniverseInvariant, FamilySegmentUpdatesInLargeFamiliesMatchABatchRun) {
  testing::TempDir dir;
  WriteSampleInFamilies(dir.File("accounts.csv"), 1500, 40);
  std::shared_ptr<const Plan> plan = SeedPolicy();
  auto live = LoadAndCompare(plan, dir);
  EventMaker events(20261201, IdsOf(live->Outputs()), 70);
  size_t incremental = 0;
  ReplayAndCompare(*live, *plan, dir, events, 2000, 50, &incremental);
  EXPECT_EQ(incremental, 2000u);
}

// ApplyBatch against Apply one by one on a second universe: every event's
// answer the same (error, changed columns, accounts changed, their ids,
// rows recomputed) and the outputs the same after every batch; and both
// what a batch run gives. Batches of 1 to 300 events mixing updates of
// every column, parent links, creates and removes (`create_remove`: their
// share, low for long runs of updates). `min_together_percent`: at least
// this share of the events must have been re-run together with others.
void BatchesMatchOneByOne(const testing::TempDir& dir, int family_weight, int create_remove,
                          int events_count, int min_together_percent = 20,
                          std::shared_ptr<const Plan> plan = SeedPolicy()) {
  auto batched = LoadAndCompare(plan, dir);
  RunOptions options;
  options.threads = 2;
  auto single = LiveUniverse::Load(plan, {{"accounts", dir.File("accounts.csv")}}, options);
  EventMaker events(20261202 + family_weight, IdsOf(batched->Outputs()), family_weight,
                    create_remove);
  std::mt19937 random(5);
  size_t together = 0, errors = 0, families_together = 0;
  for (int done = 0, batch_number = 1; done < events_count; ++batch_number) {
    const int size = 1 + static_cast<int>(random() % 300);
    std::vector<LiveEvent> batch;
    for (int i = 0; i < size; ++i) {
      LiveEvent event = events.Next();
      if (i % 37 == 5 && event.op != LiveEvent::Op::kRemove)
        event.set["employees"] = "not a number";  // an error inside a run
      batch.push_back(ParseLiveEvent(nlohmann::json::parse(LiveEventJson(event).dump()), "event"));
    }
    done += size;
    std::vector<const LiveEvent*> pointers;
    for (const LiveEvent& event : batch) pointers.push_back(&event);
    std::vector<LiveUniverse::Outcome> outcomes = batched->ApplyBatch(pointers);
    ASSERT_EQ(batch.size(), outcomes.size());
    const std::string when = "batch " + std::to_string(batch_number);
    for (size_t i = 0; i < batch.size(); ++i) {
      const std::string what =
          when + ", event " + std::to_string(i) + " " + LiveEventJson(batch[i]).dump();
      std::string error;
      ApplyResult expected;
      try {
        expected = single->Apply(batch[i]);
      } catch (const Error& e) {
        error = e.what();
      }
      const LiveUniverse::Outcome& got = outcomes[i];
      if (got.error) {
        try {
          std::rethrow_exception(got.error);
        } catch (const Error& e) {
          ASSERT_EQ(error, e.what()) << what;
        }
        ++errors;
        continue;
      }
      ASSERT_EQ(error, "") << what;
      together += got.result.batched;
      // Re-run together with others, and its answer reaches accounts
      // beyond its own (its family, when its FAMILY_MAX moved).
      families_together += got.result.batched && expected.rows_recomputed > 1 &&
                           expected.accounts_changed > 1 && !got.result.changed.empty();
      EXPECT_EQ(expected.account_id, got.result.account_id) << what;
      EXPECT_EQ(expected.created, got.result.created) << what;
      EXPECT_EQ(expected.removed, got.result.removed) << what;
      EXPECT_EQ(expected.changed, got.result.changed) << what;
      EXPECT_EQ(expected.accounts_changed, got.result.accounts_changed) << what;
      EXPECT_EQ(expected.changed_ids, got.result.changed_ids) << what;
      EXPECT_EQ(expected.incremental, got.result.incremental) << what;
      EXPECT_EQ(expected.rows_recomputed, got.result.rows_recomputed) << what;
      if (::testing::Test::HasFailure()) return;
    }
    ASSERT_EQ(CsvText(single->Outputs(), dir.File("single.csv")),
              CsvText(batched->Outputs(), dir.File("batched.csv")))
        << when;
    if (batch_number % 5 == 0) ExpectSameAsBatch(*batched, *plan, dir, when);
    if (::testing::Test::HasFatalFailure()) return;
  }
  ExpectSameAsBatch(*batched, *plan, dir, "at the end");
  // Runs were re-run together.
  EXPECT_GT(together * 100, static_cast<size_t>(events_count) * min_together_percent);
  EXPECT_GT(errors, 0u);
  if (family_weight > 0) {
    EXPECT_GT(families_together, 0u);
  }
}

TEST(LiveUniverseInvariant, BatchesOfMixedEventsMatchOneByOne) {
  testing::TempDir dir;
  WriteSample(dir.File("accounts.csv"), 3000);
  BatchesMatchOneByOne(dir, 0, 22, 2500);
}

TEST(LiveUniverseInvariant, BatchesOfMostlyUpdatesMatchOneByOne) {
  testing::TempDir dir;
  WriteSample(dir.File("accounts.csv"), 3000);
  BatchesMatchOneByOne(dir, 0, 3, 3000);
}

// Families of up to 40 and mostly family-segment updates: many updates in
// a run re-run their whole family, still within the run, and their answers
// are what Apply one by one gives.
TEST(LiveUniverseInvariant, BatchesOfFamilySegmentUpdatesMatchOneByOne) {
  testing::TempDir dir;
  WriteSampleInFamilies(dir.File("accounts.csv"), 1500, 40);
  BatchesMatchOneByOne(dir, 70, 5, 2500, 50);
}

// A tier cut by the first order key's value (min:), one by one and in
// batches: the labels of rows pushed across the rank cut read their score.
TEST(LiveUniverseInvariant, BatchesWithAMinCutMatchOneByOne) {
  testing::TempDir dir;
  WriteSample(dir.File("accounts.csv"), 3000);
  std::shared_ptr<const Plan> plan = SeedPolicyWithMinCut(dir);
  ASSERT_TRUE(plan);
  BatchesMatchOneByOne(dir, 0, 3, 2000, 20, plan);
}

}  // namespace
}  // namespace acctseg

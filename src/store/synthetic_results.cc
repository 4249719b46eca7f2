#include "store/synthetic_results.h"

#include <array>
#include <functional>

#include "common/parallel.h"
#include "store/content_hash.h"

namespace acctseg {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64: a stateless hash of (seed, row, column)
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

class ColumnMaker {
 public:
  ColumnMaker(size_t rows, uint64_t seed) : rows_(rows), seed_(seed) {}

  uint64_t Random(size_t row, int column) const { return Mix(seed_ ^ Mix(row * 64 + column)); }

  Column Strings(int column, double null_share, auto text) const {
    Column out = Column::Make(DataType::String(), rows_, null_share > 0);
    auto dictionary = std::make_shared<Dictionary>();
    for (size_t row = 0; row < rows_; ++row) {
      out.codes.Set(row, dictionary->Intern(text(row)));
      if (null_share > 0 && Random(row, column + 32) % 1000 < null_share * 1000)
        out.nulls.Set(row, true);
    }
    out.dictionary = std::move(dictionary);
    return out;
  }

  Column Ints(DataType type, int column, double null_share, auto value) const {
    Column out = Column::Make(type, rows_, null_share > 0);
    for (size_t row = 0; row < rows_; ++row) {
      out.ints.Set(row, value(row));
      if (null_share > 0 && Random(row, column + 32) % 1000 < null_share * 1000)
        out.nulls.Set(row, true), out.ints.Set(row, 0);
    }
    return out;
  }

 private:
  size_t rows_;
  uint64_t seed_;
};

constexpr std::array<const char*, 4> kSegments = {"Enterprise", "Mid-Market", "SMB", "Strategic"};
constexpr std::array<const char*, 5> kTiers = {"T1", "T2", "T3", "T4", "T5"};
constexpr std::array<const char*, 6> kIssues = {
    "", "", "", "missing_industry", "arr_negative", "family_cycle"};

}  // namespace

Table SyntheticResults(size_t rows, uint64_t seed) {
  ColumnMaker make(rows, seed);
  std::vector<std::pair<std::string, std::function<Column()>>> specs = {
      {"account_id",
       [&] {
         return make.Strings(0, 0, [](size_t r) { return "ACC" + std::to_string(10000000 + r); });
       }},
      {"account_name",
       [&] {
         return make.Strings(1, 0, [&](size_t r) {
           return "Company " + std::to_string(make.Random(r, 1) % 100000000) + " Ltd";
         });
       }},
      {"country",
       [&] {
         return make.Strings(
             2, 0.01, [&](size_t r) { return "C" + std::to_string(make.Random(r, 2) % 40); });
       }},
      {"industry",
       [&] {
         return make.Strings(3, 0.05, [&](size_t r) {
           return "Industry " + std::to_string(make.Random(r, 3) % 20);
         });
       }},
      {"segment",
       [&] {
         return make.Strings(
             4, 0, [&](size_t r) { return std::string(kSegments[make.Random(r, 4) % 4]); });
       }},
      {"tier",
       [&] {
         return make.Strings(5, 0,
                             [&](size_t r) { return std::string(kTiers[make.Random(r, 5) % 5]); });
       }},
      {"arr",
       [&] {
         return make.Ints(DataType::Decimal(2), 6, 0, [&](size_t r) {
           return static_cast<int64_t>(make.Random(r, 6) % 1000000000);
         });
       }},
      {"potential",
       [&] {
         return make.Ints(DataType::Decimal(2), 7, 0.1, [&](size_t r) {
           return static_cast<int64_t>(make.Random(r, 7) % 5000000000);
         });
       }},
      {"employees",
       [&] {
         return make.Ints(DataType::Int64(), 8, 0.05, [&](size_t r) {
           return static_cast<int64_t>(1 + make.Random(r, 8) % (1ull << (make.Random(r, 9) % 17)));
         });
       }},
      {"score",
       [&] {
         return make.Ints(DataType::Int64(), 9, 0,
                          [&](size_t r) { return static_cast<int64_t>(make.Random(r, 10) % 101); });
       }},
      {"is_strategic",
       [&] {
         return make.Ints(DataType::Bool(), 10, 0, [&](size_t r) {
           return static_cast<int64_t>(make.Random(r, 11) % 10 == 0);
         });
       }},
      {"family_id",
       [&] {
         return make.Strings(11, 0, [&](size_t r) {
           return "ACC" + std::to_string(10000000 + make.Random(r, 12) % (rows / 3 + 1));
         });
       }},
      {"issues",
       [&] {
         return make.Strings(
             12, 0, [&](size_t r) { return std::string(kIssues[make.Random(r, 13) % 6]); });
       }},
      {"trace.segment_rule",
       [&] {
         return make.Strings(
             13, 0, [&](size_t r) { return "rule " + std::to_string(make.Random(r, 14) % 8); });
       }},
  };
  std::vector<std::shared_ptr<const Column>> columns(specs.size());
  ParallelFor(specs.size(), HardwareThreads(),
              [&](size_t i) { columns[i] = std::make_shared<const Column>(specs[i].second()); });
  Table table(rows);
  for (size_t i = 0; i < specs.size(); ++i) table.Add(specs[i].first, std::move(columns[i]));
  return table;
}

RunRecord SyntheticRunRecord(const std::string& id, int64_t started_at_ms, const Table& results) {
  RunRecord record;
  record.id = id;
  record.started_at_ms = started_at_ms;
  record.finished_at_ms = started_at_ms + 1234;
  record.user = "analyst";
  record.host = "build-01";
  record.policy_path = "/srv/policies/segments.yaml";
  record.policy_text = "version: 1\nsteps: []\n";
  record.policy_hash = HashString(record.policy_text);
  record.inputs = {
      {"accounts", "/data/accounts.csv", 123456789, HashString("accounts"), results.row_count()}};
  record.options = {
      {"threads", 8}, {"keep_columns", false}, {"output", "/tmp/out.csv"}, {"format", "csv"}};
  record.summary = {{"rows", results.row_count()},
                    {"dimensions", {{"segment", {{"SMB", {{"count", 5}, {"arr", 123}}}}}}},
                    {"measures", {"arr", "potential"}},
                    {"key", "account_id"}};
  record.row_count = results.row_count();
  return record;
}

}  // namespace acctseg

// Fuzzes the live API's request bodies (docs/serve.md, docs/testing.md) as
// the server reads them. Byte 0 picks the endpoint: POST /v1/events with one
// JSON event (0), with a JSON Lines batch (1), or POST /v1/route with a lead
// (2); the rest is the body. Each event is parsed, checked (Validate, and its
// touchpoint against the routing section) and, when valid, applied, looked
// up, explained and routed, on a small live universe of a policy with every
// input type, a family, a tier and a domain column. Any body may only fail
// with a user error. After applying, the universe must equal a batch run
// over its accounts byte for byte (the exactness live promises), and is then
// loaded again, so that every input starts from the same state.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "fuzz/fuzz_read_options.h"
#include "fuzz/fuzz_util.h"
#include "io/output_format.h"
#include "io/table_writer.h"
#include "live/universe.h"
#include "plan/plan.h"
#include "routing/router.h"
#include "server/request_body.h"
#include "tests/util/live_fixture.h"

namespace {

using namespace acctseg;

// The live tests' typed policy, with a routing section.
constexpr const char* kRouting = R"(
routing:
  touchpoint: {type: string, seats: integer, spend: decimal(2), vip: boolean, on: date, at: timestamp}
  teams:
    a-team: {members: [rep-1, rep-2], cap_per_day: 2}
    rest: {members: [rep-3]}
  rules:
    - when: account IS NULL AND touchpoint.seats >= 10
      queue: new-logo
      team: a-team
      priority: "CASE WHEN touchpoint.vip THEN 1 ELSE 2 END"
      sla_minutes: 30
    - when: tier = 'A' OR touchpoint.spend > 100 OR touchpoint.on >= DATE '2025-01-01'
      queue: "'key-' || band"
      owner: territory
      team: a-team
      priority: 1
      sla_minutes: 15
    - else: {queue: general, team: rest, priority: 3, sla_minutes: 1440}
)";

constexpr int64_t kNowMs = 1'750'000'000'000;

struct Fixture {
  std::string dir;
  std::shared_ptr<const Plan> plan;
  std::unique_ptr<Router> router;
  std::unique_ptr<LiveUniverse> live;

  std::string File(const char* name) const { return dir + "/" + name; }

  void Load() {
    live =
        LiveUniverse::Load(plan, {{"accounts", File("accounts.csv")}}, RunOptions{}, {"website"});
    router = Router::Compile(plan->policy(), *plan);
    router->SetOwners({{"A1", "rep-9"}, {"A4", "rep-8"}});
  }
};

Fixture& TheFixture() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    f->dir = fuzz::ScratchPath(".events");
    std::filesystem::create_directories(f->dir);
    static struct RemoveAtExit {
      std::string dir;
      ~RemoveAtExit() { std::filesystem::remove_all(dir); }
    } remove_at_exit{f->dir};
    std::ofstream(f->File("policy.yaml")) << testing::kTypedLivePolicy << kRouting;
    std::ofstream csv(f->File("accounts.csv"));
    testing::WriteTypedLiveAccounts(csv, 24, 9);
    csv.close();
    f->plan = Plan::CompileFile(f->File("policy.yaml"));
    f->Load();
    return f;
  }();
  return *fixture;
}

std::string CsvOf(const Fixture& f, const Table& table, const char* name) {
  WriteTable(f.File(name), OutputFormat::kCsv, table, 1);
  std::ifstream in(f.File(name));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Route(Fixture& f, const nlohmann::ordered_json& touchpoint, const std::string& account_id,
           int64_t at_ms) {
  if (touchpoint.is_null()) return;
  f.router->CheckTouchpoint(touchpoint);
  nlohmann::ordered_json account = nullptr;
  if (!account_id.empty()) account = f.live->Account(account_id).value_or(nullptr);
  f.router->Route(account, touchpoint, at_ms);
}

// One event as POST /v1/events checks it and the committer applies it;
// `changed` is set once the fixture's state may have changed.
void ApplyEvent(Fixture& f, std::string_view text, const std::string& where, bool* changed) {
  LiveEvent event = ParseLiveEvent(server::ParseJsonObject(text, where), where, text);
  f.live->Validate(event, where);
  // The log's payload, read as replay reads it (without the body's text),
  // must be as valid as the event: a decimal's number text is kept as text.
  const LiveEvent logged = ParseLoggedEvent(nlohmann::json::parse(LiveEventJson(event).dump()));
  try {
    f.live->Validate(logged, where);
  } catch (const Error&) {
    __builtin_trap();
  }
  if (!event.touchpoint.is_null()) f.router->CheckTouchpoint(event.touchpoint);
  // As the server does: the time is the server's, not the client's.
  event.received_at_ms = kNowMs;
  *changed = true;
  ApplyResult result = f.live->Apply(event);
  if (!result.removed) {
    f.live->Account(event.account_id);
    f.live->Explain(event.account_id);
  }
  Route(f, event.touchpoint, result.removed ? std::string() : event.account_id, kNowMs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Fixture& f = TheFixture();
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool changed = false;
  fuzz::ExpectOnlyUserErrors([&] {
    switch (data[0] % 3) {
      case 0:
        ApplyEvent(f, body, "event", &changed);
        break;
      case 1:
        server::ForEachLine(body, [&](size_t number, std::string_view line) {
          ApplyEvent(f, line, "line " + std::to_string(number) + ": event", &changed);
        });
        break;
      default: {
        server::Lead lead = server::ParseLead(server::ParseJsonObject(body, "body"));
        std::optional<std::string> matched = f.live->FindByDomain(lead.domain);
        changed = true;  // the round robin's state
        Route(f, lead.touchpoint, matched.value_or(std::string()), kNowMs);
      }
    }
  });
  if (changed) {
    f.live->Summary();
    f.live->WriteAccountsCsv(f.File("now.csv"));
    const std::string live = CsvOf(f, f.live->Outputs(), "live.csv");
    const std::string batch =
        CsvOf(f, f.plan->Run(f.File("now.csv"), RunOptions{}).outputs, "batch.csv");
    if (live != batch) {
      std::fprintf(stderr, "live outputs differ from a batch run:\n%s\n---\n%s\n", live.c_str(),
                   batch.c_str());
      std::abort();
    }
    f.Load();
  }
  return 0;
}

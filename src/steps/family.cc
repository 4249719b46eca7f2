// The family step: resolves each account's parent and global account.
//
// Rules (docs/policy-language.md): an empty parent makes an account
// top-level; a parent naming no account makes it top-level with the
// missing issue; in a cycle of parents the member with the smallest id
// (byte-wise) becomes top-level and every member gets the cycle issue.
// Resolution is a walk up with memoisation: every account is visited a
// bounded number of times, so the whole step is O(rows).
#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"
#include "steps/step.h"

namespace acctseg {
namespace {

class Family final : public CompiledStep {
 public:
  Family(int id_slot, int parent_slot, std::string id_name, int missing_bit, int cycle_bit)
      : id_slot_(id_slot),
        parent_slot_(parent_slot),
        id_name_(std::move(id_name)),
        missing_bit_(missing_bit),
        cycle_bit_(cycle_bit) {}

  const char* kind() const override { return "family"; }
  OtherReads other_reads() const override { return OtherReads::kIdAndParent; }

  void Run(RunState& state, StepTrace&) const override {
    const Column& ids = *state.data.slots[id_slot_];
    const Column& parents = *state.data.slots[parent_slot_];
    const size_t n = state.data.row_count;
    const Dictionary& id_dict = *ids.dictionary;
    // Account ids are unique, so an id's dictionary code names one row.
    CheckUniqueKey(ids, id_name_, state.input_path, *state.row_lines);
    const int threads = state.data.threads;
    std::vector<int32_t> row_of_code(id_dict.size(), -1);
    ParallelRanges(n, threads, kParallelGrain, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row)
        row_of_code[ids.codes[row]] = static_cast<int32_t>(row);
    });
    // Parent text -> row, once per distinct parent value. -1 none, -2 missing.
    const Dictionary& parent_dict = *parents.dictionary;
    std::vector<int32_t> row_of_parent_code(parent_dict.size());
    ParallelRanges(parent_dict.size(), threads, 1 << 14, [&](size_t begin, size_t end) {
      std::vector<uint32_t> id_code(end - begin);
      id_dict.FindEntriesOf(parent_dict, begin, end, id_code.data());
      for (size_t c = begin; c < end; ++c) {
        uint32_t code = id_code[c - begin];
        if (parent_dict.Get(static_cast<uint32_t>(c)).empty())
          row_of_parent_code[c] = -1;
        else
          row_of_parent_code[c] = code == UINT32_MAX ? -2 : row_of_code[code];
      }
    });
    auto hierarchy = std::make_shared<Hierarchy>();
    auto& parent = hierarchy->parent_row;
    parent.resize(n);
    const uint64_t missing = missing_bit_ >= 0 ? 1ull << missing_bit_ : 0;
    const uint64_t cycle = cycle_bit_ >= 0 ? 1ull << cycle_bit_ : 0;
    ParallelRanges(n, threads, kParallelGrain, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        int32_t p = parents.IsNull(row) ? -1 : row_of_parent_code[parents.codes[row]];
        if (p == -2) {
          state.issues.Add(row, missing);
          p = -1;
        }
        parent[row] = p;
      }
    });
    ResolveGlobals(ids, hierarchy.get(), state, cycle);
    state.data.hierarchy = std::move(hierarchy);
    state.family_id_slot = id_slot_;
  }

  std::vector<std::string> outputs() const override { return {}; }

  // The path from the account up to its global account, and why it stops.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace&,
                                 size_t row) const override {
    const Column& ids = *state.data.slots[id_slot_];
    const Column& parents = *state.data.slots[parent_slot_];
    const Hierarchy& h = *state.data.hierarchy;
    nlohmann::ordered_json path = nlohmann::ordered_json::array();
    std::string arrow;
    int64_t at = static_cast<int64_t>(row);
    while (at >= 0) {
      path.push_back(std::string(ids.StringAt(at)));
      arrow += (arrow.empty() ? "" : " -> ") + std::string(ids.StringAt(at));
      if (h.parent_row[at] < 0) break;
      at = h.parent_row[at];
    }
    const uint64_t issues = state.issues[at];
    std::string stop = "top";
    std::string why = "has no parent";
    std::string parent_text = parents.IsNull(at) ? "" : std::string(parents.StringAt(at));
    if (missing_bit_ >= 0 && (issues >> missing_bit_ & 1)) {
      stop = "parent_missing";
      why = "names parent \"" + parent_text + "\", which is not an account: treated as top-level";
    } else if (cycle_bit_ >= 0 && (issues >> cycle_bit_ & 1) && !parent_text.empty()) {
      stop = "parent_cycle";
      why = "is the smallest id of a parent cycle: treated as top-level";
    }
    std::string global(ids.StringAt(h.global_row[row]));
    return {{"kind", "family"},
            {"label", label},
            {"outputs", {{"global", global}}},
            {"path", path},
            {"stopped", stop},
            {"summary", arrow + " (" + std::string(ids.StringAt(at)) + " " + why + ")"}};
  }

 private:
  // Walks up from each unresolved row, keeping the path; a row met twice on
  // the same walk closes a cycle.
  void ResolveGlobals(const Column& ids, Hierarchy* h, RunState& state,
                      uint64_t cycle_issue) const {
    const size_t n = h->parent_row.size();
    auto& parent = h->parent_row;
    auto& global = h->global_row;
    global.assign(n, -1);
    std::vector<uint32_t> walk_of(n, 0);  // which walk visited the row (0 = none)
    std::vector<int32_t> path;
    uint32_t walk = 0;
    // A walk's first step, to the row's parent, lands anywhere in the table:
    // the parents of rows a little ahead are fetched early, so their walks
    // seldom wait on a cache miss at their first step.
    constexpr size_t kAhead = 16;
    for (size_t start = 0; start < n; ++start) {
      if (start + kAhead < n && parent[start + kAhead] >= 0) {
        const size_t ahead = static_cast<size_t>(parent[start + kAhead]);
        __builtin_prefetch(&global[ahead]);
        __builtin_prefetch(&parent[ahead]);
        __builtin_prefetch(&walk_of[ahead]);
      }
      if (global[start] >= 0) continue;
      ++walk;
      path.clear();
      int32_t row = static_cast<int32_t>(start);
      int32_t top = -1;
      for (;;) {
        if (global[row] >= 0) {  // joins a family already resolved
          top = global[row];
          break;
        }
        if (walk_of[row] == walk) {  // back on this walk's path: a cycle
          auto cycle_begin = std::find(path.begin(), path.end(), row);
          int32_t smallest = *cycle_begin;
          for (auto it = cycle_begin; it != path.end(); ++it) {
            state.issues.Add(*it, cycle_issue);
            if (ids.StringAt(*it) < ids.StringAt(smallest)) smallest = *it;
          }
          parent[smallest] = -1;  // treated as top-level from now on
          top = smallest;
          break;
        }
        walk_of[row] = walk;
        path.push_back(row);
        if (parent[row] < 0) {
          top = row;
          break;
        }
        row = parent[row];
      }
      for (int32_t r : path) global[r] = top;
    }
  }

  int id_slot_, parent_slot_;
  std::string id_name_;
  int missing_bit_, cycle_bit_;
};

}  // namespace

std::unique_ptr<CompiledStep> BindFamily(const FamilyStep& step, const SourceLocation& at,
                                         BindContext& ctx) {
  if (ctx.scope.has_family) ctx.diagnostics.Add(at, "a policy has at most one family step");
  int id_slot = StringColumnSlot(step.id, ctx, "the family id");
  int parent_slot = StringColumnSlot(step.parent, ctx, "the family parent");
  int missing = step.missing_issue.empty() ? -1 : ctx.IssueBit(step.missing_issue, at);
  int cycle = step.cycle_issue.empty() ? -1 : ctx.IssueBit(step.cycle_issue, at);
  ctx.scope.has_family = true;
  if (id_slot < 0 || parent_slot < 0) return nullptr;
  return std::make_unique<Family>(id_slot, parent_slot, step.id.name, missing, cycle);
}

}  // namespace acctseg

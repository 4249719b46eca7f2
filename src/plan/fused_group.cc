#include "plan/fused_group.h"

#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"
#include "steps/fused_step.h"

namespace acctseg {

std::vector<StepGroup> FusedGroups(const std::vector<std::unique_ptr<CompiledStep>>& steps) {
  std::vector<StepGroup> groups;
  for (size_t s = 0; s < steps.size(); ++s) {
    const CompiledStep& step = *steps[s];
    if (step.table != 0 || !step.can_fuse()) continue;
    bool joins = !groups.empty() && groups.back().end == s;
    if (joins && step.dependencies.reads.through_family) {
      const int made_from = steps[groups.back().begin]->dependencies.first_output;
      for (int slot : step.dependencies.reads.slots)
        if (slot >= made_from && slot < steps[s - 1]->dependencies.end_output) joins = false;
    }
    if (joins)
      groups.back().end = s + 1;
    else
      groups.push_back({s, s + 1});
  }
  return groups;
}

void RunFusedGroup(const std::vector<std::unique_ptr<CompiledStep>>& steps, StepGroup group,
                   RunState& state, const std::vector<bool>& keep) {
  RunData& run = state.data;
  const size_t batches = (run.row_count + kBatchRows - 1) / kBatchRows;
  FuseContext context;
  context.workers =
      static_cast<int>(std::clamp<size_t>(run.threads, 1, std::max<size_t>(batches, 1)));
  context.keep = keep;
  // Made in order: a step's part may make a column whole before the
  // batches from columns an earlier step's part made so.
  std::vector<std::unique_ptr<FusedStep>> fused;
  for (size_t s = group.begin; s < group.end; ++s) {
    fused.push_back(steps[s]->Fuse(state, state.traces[s], context));
    if (!fused.back())
      throw Error(ErrorKind::kInternal, steps[s]->label + " cannot run in a fused group");
  }
  std::vector<EvalScratch> scratch(context.workers);
  for (EvalScratch& s : scratch) {
    InitScratch(s, run.node_count);
    s.fused.assign(run.slots.size(), nullptr);
  }
  ParallelForWorkers(batches, context.workers, [&](size_t worker, size_t b) {
    EvalScratch& s = scratch[worker];
    s.arena.Clear();
    const size_t begin = b * kBatchRows;
    Batch batch{run, begin, std::min(kBatchRows, run.row_count - begin), s};
    try {
      for (const auto& step : fused) step->RunBatch(worker, batch);
    } catch (const RowError& e) {
      throw e.AtRow(begin + e.row());
    }
  });
  for (const auto& step : fused) step->Finish(state);
}

}  // namespace acctseg

#include "plan/liveness.h"

#include <algorithm>

namespace acctseg {

ColumnReleases PlanColumnReleases(const std::vector<std::unique_ptr<CompiledStep>>& steps,
                                  int slot_count, const std::vector<int>& kept) {
  constexpr int kNever = -1, kKept = static_cast<int>(1) << 30;
  std::vector<int> last_read(slot_count, kNever);
  for (int slot : kept)
    if (slot >= 0 && slot < slot_count) last_read[slot] = kKept;
  for (size_t s = 0; s < steps.size(); ++s) {
    const CompiledStep& step = *steps[s];
    const int here = static_cast<int>(s);
    auto read = [&](int slot) {
      if (slot >= 0 && slot < slot_count && last_read[slot] != kKept)
        last_read[slot] = std::max(last_read[slot], here);
    };
    if (step.table != 0) continue;  // its slots are the related input's
    if (step.other_reads() == CompiledStep::OtherReads::kNothing) {
      for (int slot : step.dependencies.reads.slots) read(slot);
    } else {
      for (int slot = 0; slot < slot_count; ++slot) read(slot);
    }
    // What a step defines lives at least to its end (a compute's later
    // column may read an earlier one; the step fills them all).
    for (int slot = step.dependencies.first_output; slot < step.dependencies.end_output; ++slot)
      read(slot);
  }
  ColumnReleases releases;
  releases.after_step.resize(steps.size());
  for (int slot = 0; slot < slot_count; ++slot) {
    if (last_read[slot] == kKept) continue;
    if (last_read[slot] == kNever)
      releases.before_steps.push_back(slot);
    else
      releases.after_step[last_read[slot]].push_back(slot);
  }
  return releases;
}

std::vector<bool> WriteOnlySlots(const std::vector<std::unique_ptr<CompiledStep>>& steps,
                                 int slot_count, const std::vector<int>& kept) {
  const ColumnReleases releases = PlanColumnReleases(steps, slot_count, kept);
  std::vector<bool> write_only(slot_count, false);
  for (size_t s = 0; s < steps.size(); ++s)
    // Read last by the step that makes it: no later step reads it.
    for (int slot : releases.after_step[s])
      if (steps[s]->table == 0 && slot >= steps[s]->dependencies.first_output &&
          slot < steps[s]->dependencies.end_output)
        write_only[slot] = true;
  return write_only;
}

}  // namespace acctseg

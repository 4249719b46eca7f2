// How much memory this process holds: for the run's per-stage profile
// (run --profile) and the benches.
#pragma once

#include <cstddef>

namespace acctseg {

// Resident memory of this process now, in bytes (0 where unknown).
size_t CurrentRssBytes();

// The highest resident memory since the last call (or since the process
// started), in bytes, and starts a new mark at the current figure: Linux's
// VmHWM, reset through /proc/self/clear_refs. This is what attributes a run's
// peak to the stage that reached it, which end-of-stage figures miss (a
// step's temporaries are gone by its end). The kernel's own peak is reset
// too, so the process's peak as `time` or getrusage report it afterwards is
// only the last mark's: callers that take marks report the largest of them.
// 0 where unknown.
size_t TakePeakRssBytes();

}  // namespace acctseg

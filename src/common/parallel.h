// Splitting work over cores. A parallel region starts its worker threads,
// hands out task indexes from a shared counter (so uneven tasks balance), and
// joins them before it returns. The first exception thrown by a task is
// re-thrown to the caller after all workers stop.
#pragma once

#include <cstddef>
#include <functional>

namespace acctseg {

// Number of hardware threads, at least 1.
int HardwareThreads();

// Runs task(i) for every i in [0, task_count) on up to `threads` threads.
void ParallelFor(size_t task_count, int threads, const std::function<void(size_t)>& task);

// Like ParallelFor, and tells each task which worker (0 .. workers-1) runs
// it, so tasks can use per-worker state. Returns the number of workers used.
size_t ParallelForWorkers(size_t task_count, int threads,
                          const std::function<void(size_t worker, size_t task)>& task);

// Rows are processed in batches of this many; the unit of parallel work.
inline constexpr size_t kBatchRows = 2048;

// The usual morsel of a parallel loop over rows (ParallelRanges) when each
// row is cheap: 65,536 rows are tens of microseconds of work, so handing a
// morsel out (an atomic add, a call through std::function) costs nothing
// beside it, yet a million rows still make 16 morsels, enough to spread over
// the cores and even out a slow one.
inline constexpr size_t kParallelGrain = size_t{1} << 16;

// Runs fn(begin, end) over [0, rows) in morsels of `morsel` rows.
void ParallelRanges(size_t rows, int threads, size_t morsel,
                    const std::function<void(size_t, size_t)>& fn);

// Idle time. A run's steps alternate parallel loops, where every thread
// it was given is busy, with serial stretches (a sort's merge, a
// dictionary's build, the step boundaries), where all but one wait. Work
// that will be needed later and whose inputs are ready (a predict step's
// model over input columns: plan/run.cc, "Steps that start ahead") can
// fill those stretches from a thread of its own that, between small
// pieces of work, waits here until a core is left idle. (Not a thread of
// Linux's idle class, SCHED_IDLE, alone: that gets next to no time while
// other processes keep the cores busy, so whoever waited for it, for a
// lock it held or for its exit, waited seconds.)
//
// Returns once the process's parallel loops (the threads of loops of more
// than one worker, their callers included, until each finds no task left;
// a thread outside them is taken to be one serial stretch) leave one of
// HardwareThreads() cores idle, or once `stop()` is true: checked as each
// such thread finishes and on WakeIdleCoreWaiters. On one core it returns
// only on `stop()`.
void WaitForAnIdleCore(const std::function<bool()>& stop);
// Wakes every WaitForAnIdleCore to check its `stop` again.
void WakeIdleCoreWaiters();

}  // namespace acctseg

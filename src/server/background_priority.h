// Work that should yield the cores to the requests: RunInBackground runs it
// on a thread of its own whose scheduling priority is lowered (nice +10),
// waits for it, and rethrows what it threw.
//
// Why: an automatic snapshot formats and writes 1M accounts beside the
// applies. At normal priority its thread takes an equal share of the two
// cores from the request threads; at nice +10 it takes what the requests
// leave, and a request thread that wakes preempts it sooner (fewer long
// stalls for single events while one is written; bench/README.md,
// "Snapshot writes at background priority"). Under a load that fills the
// cores a snapshot then takes longer, and the next is due only once it is
// written, so snapshots come further apart (the log to replay after a
// crash grows with them).
//
// Only the work runs at the lower priority: whoever calls goes on at its
// own (an unprivileged thread cannot raise its priority again, so work
// that holds a lock others wait for, like the log's compaction, stays out
// of it).
#pragma once

#include <functional>

namespace acctseg::server {

// How much the background thread's nice value is raised.
inline constexpr int kBackgroundNice = 10;

void RunInBackground(const std::function<void()>& work);

}  // namespace acctseg::server

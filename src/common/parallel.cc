#include "common/parallel.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace acctseg {

int HardwareThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

namespace {

// Threads at work in parallel loops of more than one worker, their
// callers included, and a count of the workers' finishes and wake-ups that
// WaitForAnIdleCore waits on (a change it cannot miss, as it reads the
// count before it checks its `stop`).
std::atomic<int> threads_in_loops{0};
std::atomic<uint64_t> loops_returned{0};

// A worker that found no task left: counted out at once, not when its loop
// returns, as the core it leaves is idle while the others finish (the
// uneven tails of loops were much of a run's idle time).
void LeaveParallelLoop() {
  --threads_in_loops;
  ++loops_returned;
  loops_returned.notify_all();
}

}  // namespace

void WaitForAnIdleCore(const std::function<bool()>& stop) {
  const int cores = HardwareThreads();
  for (;;) {
    const uint64_t returned = loops_returned.load();
    if (stop() || std::max(threads_in_loops.load(), 1) < cores) return;
    loops_returned.wait(returned);
  }
}

void WakeIdleCoreWaiters() {
  ++loops_returned;
  loops_returned.notify_all();
}

size_t ParallelForWorkers(size_t task_count, int threads,
                          const std::function<void(size_t, size_t)>& task) {
  if (task_count == 0) return 0;
  size_t workers = std::min<size_t>(std::max(threads, 1), task_count);
  if (workers == 1) {
    for (size_t i = 0; i < task_count; ++i) task(0, i);
    return 1;
  }
  threads_in_loops += static_cast<int>(workers);  // each leaves by LeaveParallelLoop
  std::atomic<size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&](size_t worker) {
    for (;;) {
      size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= task_count) return LeaveParallelLoop();
      try {
        task(worker, i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        next.store(task_count);  // stop handing out work
        return LeaveParallelLoop();
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
  return workers;
}

void ParallelFor(size_t task_count, int threads, const std::function<void(size_t)>& task) {
  ParallelForWorkers(task_count, threads, [&](size_t, size_t i) { task(i); });
}

void ParallelRanges(size_t rows, int threads, size_t morsel,
                    const std::function<void(size_t, size_t)>& fn) {
  if (morsel == 0) morsel = kBatchRows;
  size_t tasks = (rows + morsel - 1) / morsel;
  ParallelFor(tasks, threads, [&](size_t t) {
    size_t begin = t * morsel;
    fn(begin, std::min(rows, begin + morsel));
  });
}

}  // namespace acctseg

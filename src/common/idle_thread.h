// A thread that takes only the time the process's other threads leave.
//
// A run's steps alternate parallel stretches, where every core is busy,
// with serial ones (a sort's merge, a dictionary's build, the step
// boundaries), where all cores but one wait. Work that will be needed
// later and whose inputs are ready (a predict step's model over input
// columns) can fill those idle stretches: on a thread at Linux's idle
// scheduling class (SCHED_IDLE), which a core runs only when nothing else
// wants it and which any other thread preempts at once, it slows the
// parallel stretches by next to nothing (plan/run.cc, "run ahead").
#pragma once

#include <functional>
#include <thread>

namespace acctseg {

class IdleThread {
 public:
  // Starts `work` on a new thread at idle priority (SCHED_IDLE; where the
  // system refuses it, the lowest nice value; else as it is). `work` must
  // not throw: it keeps its own errors for whoever waits for it.
  explicit IdleThread(std::function<void()> work);
  // Joins: whoever destroys it waits for `work` to return.
  ~IdleThread();
  IdleThread(const IdleThread&) = delete;
  IdleThread& operator=(const IdleThread&) = delete;

  // Waits for `work` to return (at once if it has).
  void Join();

 private:
  std::thread thread_;
};

// Lowers the calling thread to idle priority (as IdleThread's); false if
// the system allowed neither SCHED_IDLE nor the lowest nice value.
bool LowerThisThreadToIdle();

}  // namespace acctseg

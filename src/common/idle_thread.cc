#include "common/idle_thread.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <utility>

namespace acctseg {

bool LowerThisThreadToIdle() {
#ifdef SCHED_IDLE
  // Any thread may lower itself to SCHED_IDLE; only raising needs rights.
  sched_param param{};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &param) == 0) return true;
#endif
  // On Linux, setpriority of a thread id sets that thread's nice value.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  return setpriority(PRIO_PROCESS, tid, 19) == 0;
}

IdleThread::IdleThread(std::function<void()> work)
    : thread_([work = std::move(work)] {
        LowerThisThreadToIdle();
        work();
      }) {}

IdleThread::~IdleThread() { Join(); }

void IdleThread::Join() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace acctseg

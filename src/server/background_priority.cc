#include "server/background_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <thread>

namespace acctseg::server {

void RunInBackground(const std::function<void()>& work) {
  std::exception_ptr failure;
  std::thread background([&] {
    // Linux keeps a nice value per thread: PRIO_PROCESS with a thread id
    // sets this thread's alone. Failing to lower it is not a reason to fail
    // the work.
    const id_t self = static_cast<id_t>(gettid());
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, self);
    if (errno == 0) setpriority(PRIO_PROCESS, self, nice + kBackgroundNice);
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  background.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace acctseg::server

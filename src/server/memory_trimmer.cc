#include "server/memory_trimmer.h"

#include <malloc.h>

namespace acctseg::server {

MemoryTrimmer::MemoryTrimmer(std::chrono::milliseconds period, std::function<void()> trim) {
  if (!trim) trim = [] { malloc_trim(0); };
  thread_ = std::thread([this, period, trim = std::move(trim)] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      trim();
      lock.lock();
    }
  });
}

MemoryTrimmer::~MemoryTrimmer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace acctseg::server

// Hands the memory the allocator holds free back to the system, every
// `period`, on a thread of its own, until destroyed.
//
// Why: the server's request threads (32 by default) each allocate from
// glibc arenas of their own, and a batch's bodies, parsed events and
// answers, of every size, leave those arenas holed. The bytes in use stay
// flat over a soak while the free bytes the arenas keep grow (mallinfo2:
// in use 141 -> 138 MB, free 27 -> 74 MB over 240 s of batches), so the
// RSS crept up by ~3 MB a minute (bench/README.md, "Memory over a soak").
// malloc_trim(0) returns every free page of every arena, holes included.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace acctseg::server {

class MemoryTrimmer {
 public:
  // `trim` is what runs each period (tests count it); by default malloc_trim(0).
  explicit MemoryTrimmer(std::chrono::milliseconds period, std::function<void()> trim = {});
  ~MemoryTrimmer();  // stops at once, without waiting for the period's end

  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace acctseg::server

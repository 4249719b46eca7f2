// The HTTP server's request threads, each new connection handed to the
// thread that went idle last.
//
// Why not httplib's own pool: any of its idle threads takes the next
// connection, so as clients reconnect (a keep-alive connection closed
// after its request limit or its idle timeout, a dashboard's polls) ever
// more of the 32 threads serve requests in turn, and each one that has
// keeps a working set in glibc's allocator: an arena of its own (up to 8
// a core), its cache of freed chunks, and the holes they pin. Over 120 s
// of single events the threads that had served went from 5 to 11, and a
// 10-minute soak's RSS grew 398 -> 419 MB (bench/README.md, "Request
// threads: the one idle last serves next"). Handed out last idle, first
// busy, the threads that ever serve are about as many as the connections
// open at once (a reconnection that beats its old thread back to idle
// takes one more), whatever the history; the others sleep untouched.
//
// A connection waits in a queue (first come, first served) only when every
// thread is busy, as with httplib's pool.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace acctseg::server {

class LifoThreadPool : public httplib::TaskQueue {
 public:
  explicit LifoThreadPool(size_t threads);
  ~LifoThreadPool() override;  // shuts down, if not done yet

  void enqueue(std::function<void()> job) override;
  // Runs the queued jobs, then joins the threads; later jobs are dropped.
  void shutdown() override;

  size_t idle() const;  // threads waiting for a job (for tests)

 private:
  struct Worker {
    std::condition_variable wake;
    std::function<void()> job;  // handed over while idle
    std::thread thread;
  };
  void Run(Worker& worker);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;                 // the last to go idle at the back
  std::deque<std::function<void()>> queued_;  // while every thread is busy
  bool stopping_ = false;                     // set once, by shutdown
};

}  // namespace acctseg::server

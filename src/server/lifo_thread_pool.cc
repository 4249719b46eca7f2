#include "server/lifo_thread_pool.h"

#include <utility>

namespace acctseg::server {

LifoThreadPool::LifoThreadPool(size_t threads) {
  for (size_t i = 0; i < threads; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    Worker& worker = *workers_.back();
    worker.thread = std::thread([this, &worker] { Run(worker); });
  }
}

LifoThreadPool::~LifoThreadPool() { shutdown(); }

void LifoThreadPool::enqueue(std::function<void()> job) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  if (idle_.empty()) {
    queued_.push_back(std::move(job));
    return;
  }
  Worker* worker = idle_.back();
  idle_.pop_back();
  worker->job = std::move(job);
  worker->wake.notify_one();
}

void LifoThreadPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;  // shut down already
    stopping_ = true;
    for (Worker* worker : idle_) worker->wake.notify_one();
  }
  for (auto& worker : workers_) worker->thread.join();
}

size_t LifoThreadPool::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

void LifoThreadPool::Run(Worker& worker) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (!queued_.empty()) {
      worker.job = std::move(queued_.front());
      queued_.pop_front();
    } else if (stopping_) {
      return;
    } else {
      idle_.push_back(&worker);
      worker.wake.wait(lock, [&] { return worker.job || stopping_; });
      if (!worker.job) continue;  // stopping: nothing was handed over
    }
    std::function<void()> job = std::move(worker.job);
    worker.job = nullptr;
    lock.unlock();
    job();
    job = nullptr;  // its captures released outside the lock
    lock.lock();
  }
}

}  // namespace acctseg::server

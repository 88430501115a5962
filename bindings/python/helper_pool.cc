#include "bindings/python/helper_pool.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace tokenmill::python {

struct HelperRun::State {
  std::mutex mutex;
  std::condition_variable all_stopped;
  size_t running = 0;
  bool closed = false;
  std::function<void(size_t)> task;
};

namespace {

// Kept threads waiting for jobs. Never destroyed: its threads outlive every batch and are
// left blocked at exit. A forked child starts a new pool (the parent's threads are not in it).
class Pool {
 public:
  static Pool& Get() {
    static std::mutex mutex;
    static Pool* pool = nullptr;
    std::lock_guard<std::mutex> lock(mutex);
    if (pool == nullptr || pool->pid_ != getpid()) pool = new Pool();  // the old one leaks
    return *pool;
  }

  void Submit(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    if (idle_ < jobs_.size() && threads_ < MaxThreads()) {
      ++threads_;
      ++idle_;
      std::thread([this] { Serve(); }).detach();
    }
    job_ready_.notify_one();
  }

 private:
  Pool() : pid_(getpid()) {}

  // Beyond this, jobs of concurrent batches wait (their batches go on without them).
  static size_t MaxThreads() { return 4 * std::max(1u, std::thread::hardware_concurrency()); }

  void Serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      job_ready_.wait(lock, [this] { return !jobs_.empty(); });
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      --idle_;
      lock.unlock();
      job();
      lock.lock();
      ++idle_;
    }
  }

  const pid_t pid_;
  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::deque<std::function<void()>> jobs_;
  size_t threads_ = 0;
  size_t idle_ = 0;
};

}  // namespace

HelperRun::HelperRun(size_t helpers, std::function<void(size_t)> task)
    : state_(std::make_shared<State>()) {
  state_->task = std::move(task);
  if (helpers == 0) return;
  Pool& pool = Pool::Get();
  for (size_t worker = 1; worker <= helpers; ++worker) {
    pool.Submit([state = state_, worker] {
      {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (state->closed) return;
        ++state->running;
      }
      state->task(worker);
      std::lock_guard<std::mutex> lock(state->mutex);
      if (--state->running == 0) state->all_stopped.notify_all();
    });
  }
}

void HelperRun::Finish() {
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->closed = true;
  state_->all_stopped.wait(lock, [this] { return state_->running == 0; });
}

}  // namespace tokenmill::python

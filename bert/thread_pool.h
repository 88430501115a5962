// A small fork-join pool for the encoder. ParallelFor cuts [0, n) into a few more chunks than
// threads; the caller and the workers claim chunks from a shared counter, so a worker that the
// OS does not schedule in time (a busy, shared machine) costs nothing but its help: the caller
// takes its chunks. Workers spin briefly before sleeping, so the many short parallel steps of a
// forward pass do not each pay a full wake-up. A concurrent second caller runs its loop alone.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tokenmill::bert {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // fn(begin, end) over a partition of [0, n) into ranges whose bounds are multiples of
  // `grain` (except the end); returns when all ranges are done.
  void ParallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)>& fn);
  // As ParallelFor, but alone on the calling thread when `work` (about one unit per
  // floating-point operation) is too small to pay for waking the other threads.
  void ParallelFor(size_t n, size_t grain, size_t work,
                   const std::function<void(size_t, size_t)>& fn) {
    if (work < kMinParallelWork) {
      if (n > 0) fn(0, n);
    } else {
      ParallelFor(n, grain, fn);
    }
  }
  static constexpr size_t kMinParallelWork = 1 << 17;

 private:
  struct Job;
  void WorkerLoop();
  static void Work(Job& job);

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one ParallelFor at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::shared_ptr<Job> job_;  // guarded by mutex_
  bool stop_ = false;         // guarded by mutex_
};

// The pool the model uses: SetPoolThreads replaces it; callers hold it for a whole forward
// pass. Default: one thread per core.
std::shared_ptr<ThreadPool> SharedPool();
void SetPoolThreads(int threads);

}  // namespace tokenmill::bert

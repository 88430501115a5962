// A small fork-join pool for the encoder: ParallelFor splits [0, n) into one contiguous range
// per thread, runs the first on the calling thread and waits for the rest. Workers spin
// briefly before sleeping, so the many short parallel steps of a forward pass do not each pay
// a full wake-up. One ParallelFor runs at a time; a concurrent caller runs its loop alone.
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

  // fn(begin, end) over a partition of [0, n) into at most threads() ranges whose bounds are
  // multiples of `grain` (except the end).
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
  void WorkerLoop(size_t index);
  void RunPart(size_t part);

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one ParallelFor at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<size_t> pending_{0};
  bool stop_ = false;
  // The current job.
  const std::function<void(size_t, size_t)>* fn_ = nullptr;
  size_t n_ = 0, grain_ = 1, parts_ = 0;
};

// The pool the model uses: SetNumThreads replaces it; callers hold it for a whole forward
// pass. Default: one thread per core.
std::shared_ptr<ThreadPool> SharedPool();
void SetPoolThreads(int threads);

}  // namespace tokenmill::bert

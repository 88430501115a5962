#include "bert/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <memory>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TM_CPU_RELAX() _mm_pause()
#else
#define TM_CPU_RELAX() std::this_thread::yield()
#endif

namespace tokenmill::bert {
namespace {

// How long an idle worker keeps polling before it sleeps: long enough to bridge the gaps
// between the parallel steps of one forward pass, short enough not to burn a core between calls.
constexpr auto kSpin = std::chrono::microseconds(200);

}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < std::max(threads, 1); ++i) {
    workers_.emplace_back([this, i] { WorkerLoop(static_cast<size_t>(i)); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    generation_.fetch_add(1);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::RunPart(size_t part) {
  if (part >= parts_) return;
  // Ranges of whole grains, as even as possible.
  const size_t grains = (n_ + grain_ - 1) / grain_;
  const size_t begin = std::min(n_, grains * part / parts_ * grain_);
  const size_t end = std::min(n_, grains * (part + 1) / parts_ * grain_);
  if (begin < end) (*fn_)(begin, end);
}

void ThreadPool::WorkerLoop(size_t index) {
  uint64_t seen = 0;
  while (true) {
    // Poll for new work for a moment, then sleep until notified.
    const auto until = std::chrono::steady_clock::now() + kSpin;
    while (generation_.load(std::memory_order_acquire) == seen &&
           std::chrono::steady_clock::now() < until) {
      for (int i = 0; i < 64; ++i) TM_CPU_RELAX();
    }
    if (generation_.load(std::memory_order_acquire) == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load() != seen; });
    }
    seen = generation_.load(std::memory_order_acquire);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_) return;
    }
    RunPart(index);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::ParallelFor(size_t n, size_t grain,
                             const std::function<void(size_t, size_t)>& fn) {
  grain = std::max<size_t>(grain, 1);
  const size_t grains = (n + grain - 1) / grain;
  std::unique_lock<std::mutex> run(run_mutex_, std::try_to_lock);
  if (workers_.empty() || grains <= 1 || !run.owns_lock()) {
    if (n > 0) fn(0, n);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = &fn;
    n_ = n;
    grain_ = grain;
    parts_ = std::min(grains, workers_.size() + 1);
    pending_.store(workers_.size(), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  RunPart(0);
  // Spin briefly, then yield: on an oversubscribed machine the worker we wait for may need
  // this very core.
  for (int spins = 0; pending_.load(std::memory_order_acquire) != 0; ++spins) {
    if (spins < 2000) {
      TM_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
}

namespace {

std::mutex pool_mutex;
std::shared_ptr<ThreadPool>& PoolSlot() {
  static auto* slot = new std::shared_ptr<ThreadPool>();
  return *slot;
}

}  // namespace

std::shared_ptr<ThreadPool> SharedPool() {
  std::lock_guard<std::mutex> lock(pool_mutex);
  auto& slot = PoolSlot();
  if (!slot) slot = std::make_shared<ThreadPool>(std::max(1u, std::thread::hardware_concurrency()));
  return slot;
}

void SetPoolThreads(int threads) {
  std::lock_guard<std::mutex> lock(pool_mutex);
  auto& slot = PoolSlot();
  if (!slot || slot->threads() != threads) slot = std::make_shared<ThreadPool>(threads);
}

}  // namespace tokenmill::bert

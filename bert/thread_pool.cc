#include "bert/thread_pool.h"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TM_CPU_RELAX() _mm_pause()
#else
#define TM_CPU_RELAX() std::this_thread::yield()
#endif

namespace tokenmill::bert {

// One ParallelFor: chunks are claimed through `next`; `done` counts finished ones. Workers
// that arrive after the last chunk was claimed never touch `fn` (which lives on the caller's
// stack only until every claimed chunk is done).
struct ThreadPool::Job {
  const std::function<void(size_t, size_t)>* fn;
  size_t n, grain, chunks;
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
};

namespace {

// How long an idle worker keeps polling before it sleeps: long enough to bridge the gaps
// between the parallel steps of one forward pass, short enough not to burn a core between calls.
constexpr auto kSpin = std::chrono::microseconds(200);

}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < std::max(threads, 1); ++i) workers_.emplace_back([this] { WorkerLoop(); });
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

void ThreadPool::Work(Job& job) {
  const size_t grains = (job.n + job.grain - 1) / job.grain;
  for (size_t c = job.next.fetch_add(1); c < job.chunks; c = job.next.fetch_add(1)) {
    const size_t begin = std::min(job.n, grains * c / job.chunks * job.grain);
    const size_t end = std::min(job.n, grains * (c + 1) / job.chunks * job.grain);
    if (begin < end) (*job.fn)(begin, end);
    job.done.fetch_add(1, std::memory_order_release);
  }
}

void ThreadPool::WorkerLoop() {
  uint64_t seen = 0;
  while (true) {
    const auto until = std::chrono::steady_clock::now() + kSpin;
    while (generation_.load(std::memory_order_acquire) == seen &&
           std::chrono::steady_clock::now() < until) {
      for (int i = 0; i < 64; ++i) TM_CPU_RELAX();
    }
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load() != seen; });
      if (stop_) return;
      seen = generation_.load();
      job = job_;
    }
    if (job) Work(*job);
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
  auto job = std::make_shared<Job>();
  job->fn = &fn;
  job->n = n;
  job->grain = grain;
  job->chunks = std::min(grains, 4 * (workers_.size() + 1));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = job;
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  Work(*job);
  // Every chunk is claimed now; wait for those still running elsewhere. Spin briefly, then
  // yield: on an oversubscribed machine that worker may need this very core.
  for (int spins = 0; job->done.load(std::memory_order_acquire) != job->chunks; ++spins) {
    if (spins < 2000) {
      TM_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  job_.reset();
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

#include "tokenizers/trainers/line_batch_pool.h"

#include <algorithm>
#include <utility>

#include "tokenizers/base/status_macros.h"

namespace tokenmill {

LineBatchPool::LineBatchPool(size_t threads, MakeLineBatchWork make_work, Progress& progress)
    : make_work_(std::move(make_work)),
      progress_(progress),
      max_queued_(2 * std::max<size_t>(1, threads)) {
  threads = std::max<size_t>(1, threads);
  for (size_t t = 0; t < threads; ++t) threads_.emplace_back([this] { Work(); });
}

LineBatchPool::~LineBatchPool() { (void)Finish(); }

absl::Status LineBatchPool::Add(LineBatch batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  has_room_.wait(lock, [&] { return queue_.size() < max_queued_ || !error_.ok(); });
  if (!error_.ok()) return error_;
  queue_.push_back(std::move(batch));
  has_work_.notify_one();
  return absl::OkStatus();
}

absl::Status LineBatchPool::Finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  has_work_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  return error_;
}

absl::Status LineBatchPool::AddAllAndFinish(CorpusReader& reader) {
  while (true) {
    LineBatch batch;
    TM_ASSIGN_OR_RETURN(bool more, reader.Next(batch));
    if (!more || !Add(std::move(batch)).ok()) break;
  }
  return Finish();
}

void LineBatchPool::Record(const LineBatch& batch, size_t line, absl::Status status) {
  const uint64_t line_number = batch.first_line + line;
  std::lock_guard<std::mutex> lock(mutex_);
  const bool earlier = error_.ok() || batch.source < error_source_ ||
                       (batch.source == error_source_ && line_number < error_line_);
  if (!earlier) return;
  error_ = std::move(status);
  error_source_ = batch.source;
  error_line_ = line_number;
  has_room_.notify_all();
}

void LineBatchPool::Work() {
  const LineBatchWork work = make_work_();
  while (true) {
    LineBatch batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      has_room_.notify_one();
    }
    size_t bad_line = 0;
    if (absl::Status status = work(batch, bad_line); !status.ok()) {
      Record(batch, bad_line, std::move(status));
    }
    progress_.Advance(batch.text.size());
  }
}

}  // namespace tokenmill

// Batches of lines handled on worker threads while the caller reads the next ones: a bounded
// queue (two batches a thread), so reading never runs far ahead of the work. The trainers'
// word counters (HF's and sentencepiece's) differ only in what they do with one batch.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/progress.h"

namespace tokenmill {

// Handles one batch. On a bad line it returns the error (naming the file and line) and sets
// `bad_line` to the line's index in the batch.
using LineBatchWork = std::function<absl::Status(const LineBatch& batch, size_t& bad_line)>;
// Called once on each worker thread: the work it returns may own that thread's buffers.
using MakeLineBatchWork = std::function<LineBatchWork()>;

class LineBatchPool {
 public:
  // Starts `threads` workers (at least one). Each batch done advances `progress` by its bytes.
  LineBatchPool(size_t threads, MakeLineBatchWork make_work, Progress& progress);
  ~LineBatchPool();
  LineBatchPool(const LineBatchPool&) = delete;
  LineBatchPool& operator=(const LineBatchPool&) = delete;

  // Queues a batch; blocks while enough batches wait. Returns an error as soon as one is known
  // (then the caller should stop reading).
  absl::Status Add(LineBatch batch);
  // Waits for every batch. The error, if any, is the first bad line of the input (lowest
  // source, then line), whatever thread found it.
  absl::Status Finish();
  // Adds every batch of `reader` (until it ends or an error is known), then Finish.
  absl::Status AddAllAndFinish(CorpusReader& reader);

 private:
  void Work();
  void Record(const LineBatch& batch, size_t line, absl::Status status);

  const MakeLineBatchWork make_work_;
  Progress& progress_;
  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::deque<LineBatch> queue_;
  bool closing_ = false;
  // The first error found (by source, line).
  absl::Status error_;
  uint32_t error_source_ = 0;
  uint64_t error_line_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace tokenmill

// Counts the words of a corpus as the tokenizer sees them: added tokens extracted, text
// normalized and pre-tokenized by the tokenizer's own components, every split one word (HF's
// Trainer::feed with Tokenizer::train's `process`). Batches of lines are counted on worker
// threads while the caller reads the next ones; counts are sums, so the result does not depend
// on the number of threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/word_counts.h"

namespace tokenmill {

// Appends the words of one sentence to `counts` (the sentence must be valid UTF-8).
void CountSentenceWords(const Tokenizer& tokenizer, std::string_view sentence,
                        PreTokenizedString& scratch, LocalWordCounts& counts);

class WordCounter {
 public:
  // `source_names` name the sources of LineBatch::source in errors (file paths).
  WordCounter(const Tokenizer& tokenizer, WordCounts& counts, size_t num_threads,
              std::vector<std::string> source_names, Progress& progress);
  ~WordCounter();
  WordCounter(const WordCounter&) = delete;

  // Queues a batch; blocks while enough batches wait. Returns an error as soon as one is known
  // (then the caller should stop reading).
  absl::Status Add(LineBatch batch);
  // Waits for every batch. The error, if any, is the first bad line of the corpus (lowest
  // source, then line), whatever thread found it.
  absl::Status Finish();

 private:
  void Work();
  void Record(const LineBatch& batch, size_t line, const absl::Status& status);

  const Tokenizer& tokenizer_;
  WordCounts& counts_;
  std::vector<std::string> source_names_;
  Progress& progress_;
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::deque<LineBatch> queue_;
  size_t max_queued_;
  bool closing_ = false;
  // The first error found (by source, line).
  absl::Status error_;
  uint32_t error_source_ = 0;
  uint64_t error_line_ = 0;
  std::vector<std::thread> threads_;
};

// Counts every line of `paths` (globs already expanded) with `num_threads` workers (0 = all
// cores). Errors name the file and line (invalid UTF-8) or the file (unreadable).
absl::Status CountWordsInFiles(const std::vector<std::string>& paths, const Tokenizer& tokenizer,
                               WordCounts& counts, size_t num_threads, Progress& progress);

size_t ResolveThreads(size_t num_threads);

}  // namespace tokenmill

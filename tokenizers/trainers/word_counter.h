// Counts the words of a corpus as the tokenizer sees them: added tokens extracted, text
// normalized and pre-tokenized by the tokenizer's own components, every split one word (HF's
// Trainer::feed with Tokenizer::train's `process`). Batches of lines are counted on worker
// threads while the caller reads the next ones; counts are sums, so the result does not depend
// on the number of threads.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/line_batch_pool.h"
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
  // Adds every batch of `reader`, then Finish.
  absl::Status AddAllAndFinish(CorpusReader& reader);

 private:
  // Counts the lines of `batch`; the first invalid one ends it (named by file and line).
  absl::Status CountBatch(const LineBatch& batch, PreTokenizedString& scratch,
                          LocalWordCounts& local, size_t& bad_line);

  const Tokenizer& tokenizer_;
  WordCounts& counts_;
  std::vector<std::string> source_names_;
  LineBatchPool pool_;  // last: its workers use the members above
};

// Counts every line of `paths` (globs already expanded) with `num_threads` workers (0 = all
// cores). Errors name the file and line (invalid UTF-8) or the file (unreadable).
absl::Status CountWordsInFiles(const std::vector<std::string>& paths, const Tokenizer& tokenizer,
                               WordCounts& counts, size_t num_threads, Progress& progress);

size_t ResolveThreads(size_t num_threads);

}  // namespace tokenmill

// Training a whole tokenizer: count the corpus's words with a tokenizer's own added tokens,
// normalizer and pre-tokenizer, train a model on them, and put the model back in that
// tokenizer (HF's Tokenizer::train / train_from_files).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/trainer.h"
#include "tokenizers/trainers/word_counts.h"

namespace tokenmill {

struct TrainOptions {
  size_t num_threads = 0;  // 0 = all cores
  // Bound on the word-count table (bytes); 0 = DefaultMaxMemory(). See word_counts.h for what
  // happens when it is reached.
  size_t max_memory = 0;
};

// Half the machine's physical memory, at least 256 MiB.
size_t DefaultMaxMemory();

// "512M", "2G", "1.5GB", "100000" (bytes; K/M/G/T are powers of 1024) for --max-memory.
absl::StatusOr<size_t> ParseMemorySize(std::string text);

// Counts the words of `inputs` (paths or glob patterns) as `base` splits them.
absl::StatusOr<std::unique_ptr<WordCounts>> CountWords(const Tokenizer& base,
                                                       const std::vector<std::string>& inputs,
                                                       const TrainOptions& options,
                                                       Progress& progress);

// `base` with its model replaced by `trained` and the trained special tokens registered as
// special added tokens (ids from the new vocabulary). Added tokens `base` already had are kept
// with their id in the new vocabulary (or after it when it lacks them) — HF would keep their old
// ids; post-processor ids ([CLS], [SEP], ...) are looked up again in the new vocabulary.
absl::StatusOr<std::unique_ptr<Tokenizer>> WithTrainedModel(const Tokenizer& base,
                                                            TrainedModel trained);

// The two steps above, with a summary line on `progress`.
absl::StatusOr<std::unique_ptr<Tokenizer>> TrainTokenizer(const Tokenizer& base,
                                                          const Trainer& trainer,
                                                          const std::vector<std::string>& inputs,
                                                          const TrainOptions& options,
                                                          Progress& progress);

// Trains on counted words (shared by files and Python iterators): errors for an empty corpus,
// a summary line and a warning when word counts were pruned.
// The counts are freed as soon as the trainer has copied them.
absl::StatusOr<std::unique_ptr<Tokenizer>> TrainOnCounts(const Tokenizer& base,
                                                         const Trainer& trainer,
                                                         std::unique_ptr<WordCounts> counts,
                                                         Progress& progress);

}  // namespace tokenmill

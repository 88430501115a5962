// The sentences the SentencePiece Unigram trainer mines its seed pieces from when the corpus
// is streamed into a word table (spm_train holds every sentence and builds a suffix array over
// all of them). Every usable line is kept while the kept text fits `budget_bytes`: then the
// seed text is spm_train's and so is the model. Past the budget the lines are dropped at once
// (overflowed()), and the trainer mines seeds from the word table instead (SpmSeedText): the
// same seeds, sorting the words' suffixes within the budget.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "tokenizers/trainers/sentencepiece/spm_word_loader.h"

namespace tokenmill {

// Without --seed_sample_bytes: this much text at most (the suffix array then needs about five
// times as much), and at most an eighth of --max_memory. Past it, the word table's suffixes are
// sorted in buckets of this many bytes.
inline constexpr uint64_t kDefaultSpmSeedSampleBytes = uint64_t{64} << 20;
uint64_t DefaultSpmSeedSampleBytes(uint64_t max_memory);
// The budget must leave room for some text and fit the 32-bit suffix array.
absl::Status ValidateSpmSeedSampleBytes(uint64_t budget_bytes);

class SpmSeedSample : public SpmLineSample {
 public:
  explicit SpmSeedSample(uint64_t budget_bytes) : budget_bytes_(budget_bytes) {}

  void Begin(uint64_t total_bytes) override;
  bool Keep(uint32_t source, uint64_t line) override;
  void Add(uint32_t source, std::vector<uint64_t> lines, std::string sentences) override;

  // Whether the sentences outgrew the budget (and were dropped).
  bool overflowed() const { return overflowed_.load(std::memory_order_relaxed); }
  uint64_t total_bytes() const { return total_bytes_; }
  uint64_t budget_bytes() const { return budget_bytes_; }

  // The sentences in corpus order, as spm_train's seed text: empty ones dropped the way spm
  // drops them (the last sentence takes their place), characters outside `required_chars` as
  // ▅, each followed by NUL. Frees what was collected.
  std::string TakeText(const absl::flat_hash_map<char32_t, int64_t>& required_chars);

 private:
  struct Batch {
    uint32_t source;
    uint64_t first_line;
    std::string sentences;  // each followed by NUL
  };

  const uint64_t budget_bytes_;
  uint64_t total_bytes_ = 0;
  std::mutex mutex_;
  std::atomic<bool> overflowed_{false};
  uint64_t kept_bytes_ = 0;
  std::vector<Batch> batches_;
};

}  // namespace tokenmill

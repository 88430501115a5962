// The sentences the SentencePiece Unigram trainer mines its seed pieces from when the corpus
// is streamed (spm_train holds every sentence and builds a suffix array over all of them).
// While the corpus fits `budget_bytes` every line is kept, so the seed text is spm_train's.
// Past it, a line is kept when a seeded hash of its position (input, line number) is below a
// threshold: first budget / corpus bytes, lowered by a tenth (and the kept lines pruned)
// whenever the kept normalized text outgrows the budget. The result is the largest threshold
// of that fixed sequence whose lines fit, whatever the number of threads or the order batches
// arrive in; the kept lines are then put in corpus order. The word table (what EM trains on)
// and the character counts still come from every line; only substring candidates come from
// the sample.
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

// Without --seed_sample_bytes: this much sentence text at most (the suffix array then needs
// about five times as much), and at most an eighth of --max_memory.
inline constexpr uint64_t kDefaultSpmSeedSampleBytes = uint64_t{48} << 20;
uint64_t DefaultSpmSeedSampleBytes(uint64_t max_memory);
// The budget must leave room for some text and fit the 32-bit suffix array.
absl::Status ValidateSpmSeedSampleBytes(uint64_t budget_bytes);

class SpmSeedSample : public SpmLineSample {
 public:
  explicit SpmSeedSample(uint64_t budget_bytes) : budget_bytes_(budget_bytes) {}

  void Begin(uint64_t total_bytes) override;
  bool Keep(uint32_t source, uint64_t line) override;
  void Add(uint32_t source, std::vector<uint64_t> lines, std::string sentences) override;

  // Whether lines were dropped.
  bool sampled() const { return threshold_ != kKeepAll; }
  uint64_t total_bytes() const { return total_bytes_; }
  uint64_t budget_bytes() const { return budget_bytes_; }

  // The kept sentences in corpus order, as spm_train's seed text: empty ones dropped the way
  // spm drops them (the last sentence takes their place), characters outside `required_chars`
  // as ▅, each followed by NUL. Frees what was collected. `sentences` and `chars` count what
  // the text holds (NULs and ▅ not counted as characters).
  std::string TakeText(const absl::flat_hash_map<char32_t, int64_t>& required_chars,
                       uint64_t& sentences, uint64_t& chars);

 private:
  static constexpr uint64_t kKeepAll = ~uint64_t{0};
  struct Batch {
    uint32_t source;
    std::vector<uint64_t> lines;
    std::string sentences;  // each followed by NUL
  };

  // Drops the kept lines at or above threshold_ (mutex_ held).
  void Prune();

  const uint64_t budget_bytes_;
  uint64_t total_bytes_ = 0;
  std::atomic<uint64_t> threshold_{kKeepAll};  // a line is kept when its hash is below
  std::mutex mutex_;
  std::vector<Batch> batches_;
  uint64_t kept_bytes_ = 0;
};

}  // namespace tokenmill

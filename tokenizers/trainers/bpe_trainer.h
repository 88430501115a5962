// HF's BpeTrainer (tokenizers/src/models/bpe/trainer.rs), merge for merge:
//   1. special tokens, then the alphabet (characters by code point, limited to the
//      `limit_alphabet` most frequent, `initial_alphabet` always kept) get the first ids;
//   2. every word becomes its characters (dropping those outside the alphabet), decorated with
//      `continuing_subword_prefix` (all but the first) and `end_of_word_suffix` (the last);
//   3. pairs are counted with the words they occur in, and the most frequent pair (ties: the
//      smallest pair of ids) is merged until the vocabulary is full or no pair reaches
//      `min_frequency`.
// Step 3 follows HF's queue exactly, quirks included: a queue entry carries the words where the
// pair appeared when it was pushed, and merging applies to those words only; a pair's own count
// is not decreased when it is merged; pairs made too long by `max_token_length` are not counted
// but still decremented later. The one thing HF leaves to chance — the ids of decorated
// characters, assigned in hash-map order (so HF's WordPiece trainer differs from run to run) —
// is made deterministic here: they are numbered in byte order of the decorated string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/trainers/trainer.h"

namespace tokenmill {

struct BpeTrainerOptions {
  size_t vocab_size = 30000;
  uint64_t min_frequency = 0;
  std::vector<std::string> special_tokens;
  std::optional<size_t> limit_alphabet;
  std::vector<char32_t> initial_alphabet;
  std::optional<std::string> continuing_subword_prefix;
  std::optional<std::string> end_of_word_suffix;
  std::optional<size_t> max_token_length;
  size_t num_threads = 0;  // 0 = all cores; the result does not depend on it
  // Ids for the decorated characters in this order (those not listed follow in byte order).
  // For reproducing one particular HF run, whose order came from its hash map.
  std::vector<std::string> decorated_symbol_order;
};

// The 256 characters HF's ByteLevel maps bytes to (ByteLevel.alphabet()).
std::vector<char32_t> ByteLevelAlphabet();

struct BpeTrainingResult {
  std::vector<std::string> vocab;                    // token of each id
  std::vector<std::pair<uint32_t, uint32_t>> merges;  // by rank (HF's serialized order)
  size_t initial_vocab_size = 0;                     // specials + alphabet + decorated chars
  size_t alphabet_size = 0;
  size_t merge_steps = 0;  // merges done (duplicates of a pair included)
};

absl::StatusOr<BpeTrainingResult> TrainBpeVocabulary(const std::vector<WordCount>& words,
                                                     const BpeTrainerOptions& options,
                                                     Progress& progress);
// Same, releasing `words` as soon as they are copied into the trainer's own arrays.
absl::StatusOr<BpeTrainingResult> TrainBpeVocabulary(WordList words,
                                                     const BpeTrainerOptions& options,
                                                     Progress& progress);

class BpeTrainer : public Trainer {
 public:
  explicit BpeTrainer(BpeTrainerOptions options) : options_(std::move(options)) {}
  // A BPE model: vocabulary, merges, prefix and suffix from training; dropout, unk_token,
  // fuse_unk, byte_fallback and ignore_merges from `base` when it is a BPE model.
  absl::StatusOr<TrainedModel> Train(WordList words, const Model* base,
                                     Progress& progress) const override;
  std::string_view model_type() const override { return "BPE"; }
  const BpeTrainerOptions& options() const { return options_; }
  BpeTrainerOptions& mutable_options() { return options_; }

 private:
  BpeTrainerOptions options_;
};

}  // namespace tokenmill

// HF's UnigramTrainer (tokenizers/src/models/unigram/trainer.rs) on the shared Unigram core
// (trainers/unigram/): f64 throughout, "<UNK>" as piece 0 during training, seeds from the
// distinct words (each once, joined by NUL; ties: the larger string first), pruning as HF
// does, and HF's finalize: every character of the corpus (+ initial_alphabet) kept, then the
// pieces in model order up to vocab_size - special tokens, sorted by score (stable).
// HF leaves one thing to its hash set — the order of required characters the model lost
// (they get score min + 0.0001·k in that order) — here it is code point order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/trainers/trainer.h"

namespace tokenmill {

struct UnigramTrainerOptions {
  size_t vocab_size = 8000;
  int n_sub_iterations = 2;
  double shrinking_factor = 0.75;
  std::vector<std::string> special_tokens;
  std::vector<char32_t> initial_alphabet;
  std::optional<std::string> unk_token;
  size_t max_piece_length = 16;
  size_t seed_size = 1000000;
  size_t num_threads = 0;  // 0 = all cores; the result does not depend on it
};

class UnigramTrainer : public Trainer {
 public:
  explicit UnigramTrainer(UnigramTrainerOptions options) : options_(std::move(options)) {}
  absl::StatusOr<TrainedModel> Train(WordList words, const Model* base,
                                     Progress& progress) const override;
  std::string_view model_type() const override { return "Unigram"; }
  const UnigramTrainerOptions& options() const { return options_; }
  UnigramTrainerOptions& mutable_options() { return options_; }

 private:
  UnigramTrainerOptions options_;
};

}  // namespace tokenmill

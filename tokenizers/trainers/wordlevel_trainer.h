// HF's WordLevelTrainer: the special tokens, then the words by decreasing count (equal counts
// in byte order) that appear at least min_frequency times, up to vocab_size entries. Uses
// vocab_size, min_frequency and special_tokens of BpeTrainerOptions.
#pragma once

#include "tokenizers/trainers/bpe_trainer.h"
#include "tokenizers/trainers/trainer.h"

namespace tokenmill {

class WordLevelTrainer : public Trainer {
 public:
  explicit WordLevelTrainer(BpeTrainerOptions options) : options_(std::move(options)) {}
  // A WordLevel model; its unk_token comes from `base` when that is a WordLevel model, else
  // "[UNK]".
  absl::StatusOr<TrainedModel> Train(WordList words, const Model* base,
                                     Progress& progress) const override;
  std::string_view model_type() const override { return "WordLevel"; }

 private:
  BpeTrainerOptions options_;
};

}  // namespace tokenmill

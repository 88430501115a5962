// HF's WordPieceTrainer: the BPE trainer with continuing_subword_prefix "##" by default; the
// learned vocabulary (not the merges) becomes a WordPiece model.
#pragma once

#include "tokenizers/trainers/bpe_trainer.h"

namespace tokenmill {

// WordPiece defaults on top of BpeTrainerOptions: prefix "##" unless one is given.
BpeTrainerOptions WordPieceTrainerDefaults();

class WordPieceTrainer : public Trainer {
 public:
  // `options.continuing_subword_prefix` unset = no prefix (as HF when set to None); use
  // WordPieceTrainerDefaults() for HF's "##".
  explicit WordPieceTrainer(BpeTrainerOptions options) : options_(std::move(options)) {}
  // A WordPiece model with the trained vocabulary and prefix; unk_token and
  // max_input_chars_per_word come from `base` when it is a WordPiece model.
  absl::StatusOr<TrainedModel> Train(WordList words, const Model* base,
                                     Progress& progress) const override;
  std::string_view model_type() const override { return "WordPiece"; }
  const BpeTrainerOptions& options() const { return options_; }
  BpeTrainerOptions& mutable_options() { return options_; }

 private:
  BpeTrainerOptions options_;
};

}  // namespace tokenmill

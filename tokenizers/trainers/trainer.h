// A Trainer learns a model's vocabulary from word counts (the corpus already normalized and
// pre-tokenized by the tokenizer being trained; see word_counter.h). It sits beside Model:
// one trainer per model family, each in this folder.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/models/model.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/word_counts.h"

namespace tokenmill {

struct TrainedModel {
  std::unique_ptr<Model> model;
  // Tokens the tokenizer registers as special added tokens (HF: the trainer's special_tokens).
  std::vector<std::string> special_tokens;
};

class Trainer {
 public:
  virtual ~Trainer() = default;
  // `base` is the model being replaced (may be null): trainers keep its options that training
  // does not decide (HF keeps e.g. BPE's dropout and unk_token, WordPiece's unk_token).
  // The trainer may Release() `words` once it holds its own form of them.
  virtual absl::StatusOr<TrainedModel> Train(WordList words, const Model* base,
                                             Progress& progress) const = 0;
  // The model type this trainer produces, as tokenizer.json names it ("BPE", "WordPiece").
  virtual std::string_view model_type() const = 0;
};

}  // namespace tokenmill

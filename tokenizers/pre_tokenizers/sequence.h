// HF's Sequence pre-tokenizer: runs its pre-tokenizers in order, each refining the splits
// the previous one left.
#pragma once

#include <memory>
#include <vector>

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class SequencePreTokenizer : public PreTokenizer {
 public:
  explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> pre_tokenizers)
      : pre_tokenizers_(std::move(pre_tokenizers)) {}
  void PreTokenize(PreTokenizedString& text) const override {
    for (const auto& pre_tokenizer : pre_tokenizers_) pre_tokenizer->PreTokenize(text);
  }
  nlohmann::ordered_json ToJson() const override;

 private:
  std::vector<std::unique_ptr<PreTokenizer>> pre_tokenizers_;
};

}  // namespace tokenmill

// HF's Punctuation pre-tokenizer: splits on every punctuation character (ASCII punctuation
// or general category P*), keeping it as `behavior` says (HF's default: Isolated).
#pragma once

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class PunctuationPreTokenizer : public PreTokenizer {
 public:
  explicit PunctuationPreTokenizer(SplitBehavior behavior = SplitBehavior::kIsolated)
      : behavior_(behavior) {}
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  SplitBehavior behavior_;
};

}  // namespace tokenmill

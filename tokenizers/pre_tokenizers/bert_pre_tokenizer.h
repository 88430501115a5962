// HF's BertPreTokenizer: split on whitespace (removed), then isolate every punctuation char.
#pragma once

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class BertPreTokenizer : public PreTokenizer {
 public:
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "BertPreTokenizer"}}; }

  // Appends the word pieces of `text` (both steps fused in one pass).
  static void SplitWords(std::string_view text, std::vector<Match>& pieces);
};

}  // namespace tokenmill

// HF's WhitespaceSplit pre-tokenizer: split on char::is_whitespace (White_Space), removing
// the whitespace.
#pragma once

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class WhitespaceSplitPreTokenizer : public PreTokenizer {
 public:
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "WhitespaceSplit"}}; }

  // Appends the maximal runs of non-whitespace characters of `text`.
  static void SplitWords(std::string_view text, std::vector<Match>& pieces);
};

}  // namespace tokenmill

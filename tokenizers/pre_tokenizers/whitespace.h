// HF's Whitespace pre-tokenizer: keeps the matches of the regex \w+|[^\w\s]+ (Rust regex,
// Unicode classes), i.e. maximal runs of word characters and maximal runs of other
// non-space characters; whitespace is dropped. A hand-written scanner over the character
// classes replaces the regex (same result, no regex engine on the hot path).
#pragma once

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class WhitespacePreTokenizer : public PreTokenizer {
 public:
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "Whitespace"}}; }

  // Appends the word and symbol runs of `text`.
  static void SplitWords(std::string_view text, std::vector<Match>& pieces);
};

}  // namespace tokenmill

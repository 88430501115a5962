// HF's UnicodeScripts pre-tokenizer: cuts where the Unicode script changes (ICU's Script
// property), as SentencePiece's unigram trainer separates scripts. Hiragana, Katakana and
// U+30FC count as Han; a space (U+0020 only) belongs to any script, so it joins the piece before
// it. As in HF, spaces before the first character with a script are dropped, and a text of
// only spaces gives no piece. {"type":"UnicodeScripts"}
#pragma once

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class UnicodeScriptsPreTokenizer : public PreTokenizer {
 public:
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "UnicodeScripts"}}; }

  // Appends the pieces of `text` (valid UTF-8).
  static void SplitScripts(std::string_view text, std::vector<Match>& pieces);
};

}  // namespace tokenmill

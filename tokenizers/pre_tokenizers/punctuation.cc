#include "tokenizers/pre_tokenizers/punctuation.h"

#include "tokenizers/pre_tokenizers/char_classes.h"
#include "tokenizers/pre_tokenizers/split_behavior.h"

namespace tokenmill {

void PunctuationPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.SplitOn(
      [](std::string_view split, std::vector<Match>& matches) {
        AppendCharMatches(split, char_classes::IsPunctuation, matches);
      },
      behavior_);
}

nlohmann::ordered_json PunctuationPreTokenizer::ToJson() const {
  return {{"type", "Punctuation"}, {"behavior", SplitBehaviorName(behavior_)}};
}

}  // namespace tokenmill

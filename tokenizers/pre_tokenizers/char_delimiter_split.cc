#include "tokenizers/pre_tokenizers/char_delimiter_split.h"

#include "tokenizers/pre_tokenizers/split_behavior.h"

namespace tokenmill {

void CharDelimiterSplitPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.SplitOn(
      [this](std::string_view split, std::vector<Match>& matches) {
        // A whole UTF-8 character cannot start inside another one: plain search is exact.
        for (size_t at = split.find(delimiter_); at != std::string_view::npos;
             at = split.find(delimiter_, at + delimiter_.size())) {
          matches.push_back(Match{static_cast<uint32_t>(at),
                                  static_cast<uint32_t>(at + delimiter_.size())});
        }
      },
      SplitBehavior::kRemoved);
}

}  // namespace tokenmill

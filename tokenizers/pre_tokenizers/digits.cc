#include "tokenizers/pre_tokenizers/digits.h"

#include "tokenizers/pre_tokenizers/char_classes.h"
#include "tokenizers/pre_tokenizers/split_behavior.h"

namespace tokenmill {

void DigitsPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.SplitOn(
      [](std::string_view split, std::vector<Match>& matches) {
        AppendCharMatches(split, char_classes::IsNumeric, matches);
      },
      individual_digits_ ? SplitBehavior::kIsolated : SplitBehavior::kContiguous);
}

}  // namespace tokenmill

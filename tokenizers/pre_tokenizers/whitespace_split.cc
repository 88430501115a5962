#include "tokenizers/pre_tokenizers/whitespace_split.h"

#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/char_classes.h"

namespace tokenmill {

void WhitespaceSplitPreTokenizer::SplitWords(std::string_view text, std::vector<Match>& pieces) {
  uint32_t word_start = 0;
  bool in_word = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto start = static_cast<uint32_t>(pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    bool space;
    if (byte < 0x80) {
      space = byte == ' ' || (byte >= 0x09 && byte <= 0x0D);
      ++pos;
    } else {
      space = char_classes::IsRegexSpace(utf8::DecodeValid(text, pos));
    }
    if (space == !in_word) continue;
    if (in_word) pieces.push_back(Match{word_start, start});
    in_word = !space;
    word_start = start;
  }
  if (in_word) pieces.push_back(Match{word_start, static_cast<uint32_t>(text.size())});
}

void WhitespaceSplitPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.Refine(SplitWords);
}

}  // namespace tokenmill

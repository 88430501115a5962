#include "tokenizers/pre_tokenizers/whitespace.h"

#include <array>

#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/char_classes.h"

namespace tokenmill {
namespace {

// \w, \s, and everything else ([^\w\s]).
enum CharClass : uint8_t { kWord, kSpace, kSymbol };

constexpr std::array<uint8_t, 128> MakeAsciiClasses() {
  std::array<uint8_t, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_';
    const bool space = c == ' ' || (c >= 0x09 && c <= 0x0D);
    classes[c] = word ? kWord : space ? kSpace : kSymbol;
  }
  return classes;
}
constexpr std::array<uint8_t, 128> kAsciiClasses = MakeAsciiClasses();

uint8_t ClassOf(char32_t cp) {
  if (char_classes::IsRegexWord(cp)) return kWord;
  return char_classes::IsRegexSpace(cp) ? kSpace : kSymbol;
}

}  // namespace

void WhitespacePreTokenizer::SplitWords(std::string_view text, std::vector<Match>& pieces) {
  // A piece is a maximal run of one non-space class: what the leftmost-first regex
  // alternation \w+|[^\w\s]+ matches at each position.
  uint32_t run_start = 0;
  uint8_t run_class = kSpace;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto start = static_cast<uint32_t>(pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    uint8_t cls;
    if (byte < 0x80) {
      cls = kAsciiClasses[byte];
      ++pos;
    } else {
      cls = ClassOf(utf8::DecodeValid(text, pos));
    }
    if (cls == run_class) continue;
    if (run_class != kSpace) pieces.push_back(Match{run_start, start});
    run_class = cls;
    run_start = start;
  }
  if (run_class != kSpace) pieces.push_back(Match{run_start, static_cast<uint32_t>(text.size())});
}

void WhitespacePreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.Refine(SplitWords);
}

}  // namespace tokenmill

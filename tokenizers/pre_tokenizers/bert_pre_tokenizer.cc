#include "tokenizers/pre_tokenizers/bert_pre_tokenizer.h"

#include <array>

#include "tokenizers/base/code_point_cache.h"
#include "tokenizers/base/unicode.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

enum CharClass : uint8_t { kWord, kSpace, kPunct };

constexpr std::array<uint8_t, 128> MakeAsciiClasses() {
  std::array<uint8_t, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    const bool space = c == ' ' || (c >= 0x09 && c <= 0x0D);
    const bool punct = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
                       (c >= 123 && c <= 126);
    classes[c] = space ? kSpace : punct ? kPunct : kWord;
  }
  return classes;
}
constexpr std::array<uint8_t, 128> kAsciiClasses = MakeAsciiClasses();

struct ComputeClass {
  uint8_t operator()(char32_t cp) const {
    if (cp >= 0xD800 && cp <= 0xDFFF) return kWord;
    return unicode::IsWhitespace(cp) ? kSpace : unicode::IsBertPunctuation(cp) ? kPunct : kWord;
  }
};

// Classes of non-ASCII code points, computed on first use and shared by all instances.
uint8_t ClassOf(char32_t cp) {
  static const auto* cache = new CodePointCache<uint8_t, ComputeClass>(ComputeClass{});
  return cache->Get(cp);
}

}  // namespace

void BertPreTokenizer::SplitWords(std::string_view text, std::vector<Match>& pieces) {
  uint32_t word_start = 0;
  bool in_word = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto start = static_cast<uint32_t>(pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    uint8_t cls;
    if (byte < 0x80) {
      cls = kAsciiClasses[byte];
      ++pos;
    } else {
      const char32_t cp = utf8::DecodeValid(text, pos);
      cls = ClassOf(cp);
    }
    if (cls == kWord) {
      if (!in_word) {
        word_start = start;
        in_word = true;
      }
      continue;
    }
    if (in_word) {
      pieces.push_back(Match{word_start, start});
      in_word = false;
    }
    if (cls == kPunct) pieces.push_back(Match{start, static_cast<uint32_t>(pos)});
  }
  if (in_word) pieces.push_back(Match{word_start, static_cast<uint32_t>(text.size())});
}

void BertPreTokenizer::PreTokenize(PreTokenizedString& text) const { text.Refine(SplitWords); }

}  // namespace tokenmill

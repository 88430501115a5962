#include "tokenizers/sentencepiece/char_word_models.h"

#include "tokenizers/sentencepiece/spm_utf8.h"

namespace tokenmill {

void SentencePieceCharModel::Encode(std::string_view normalized, std::vector<Token>& out) const {
  for (size_t pos = 0; pos < normalized.size();) {
    const std::string_view rest = normalized.substr(pos);
    size_t len = user_defined_.empty() ? 0 : user_defined_.LongestMatch(rest);
    if (len == 0) len = spm_utf8::OneCharLength(rest);
    out.push_back(Token{static_cast<uint32_t>(table_.PieceToId(rest.substr(0, len))),
                        static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + len)});
    pos += len;
  }
}

void SentencePieceWordModel::Encode(std::string_view normalized, std::vector<Token>& out) const {
  const std::string_view space = spm_utf8::kSpaceSymbol;
  size_t word_begin = 0;
  auto emit = [&](size_t end) {
    if (end == word_begin) return;
    out.push_back(Token{static_cast<uint32_t>(table_.PieceToId(
                            normalized.substr(word_begin, end - word_begin))),
                        static_cast<uint32_t>(word_begin), static_cast<uint32_t>(end)});
    word_begin = end;
  };
  for (size_t pos = 0; pos < normalized.size();) {
    const size_t len = spm_utf8::OneCharLength(normalized.substr(pos));
    if (pos > 0 && normalized.compare(pos, len, space) == 0) emit(pos);
    pos += len;
  }
  emit(normalized.size());
}

}  // namespace tokenmill

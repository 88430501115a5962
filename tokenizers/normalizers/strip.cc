#include "tokenizers/normalizers/strip.h"

#include "tokenizers/base/unicode.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

// Byte offset where the leading whitespace ends.
size_t LeadingWhitespaceEnd(const std::string& s) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t next = pos;
    if (!unicode::IsWhitespace(utf8::DecodeValid(s, next))) break;
    pos = next;
  }
  return pos;
}

// Byte offset where the trailing whitespace starts (never before `floor`).
size_t TrailingWhitespaceStart(const std::string& s, size_t floor) {
  size_t end = s.size();
  while (end > floor) {
    size_t start = end - 1;
    while (start > floor && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t pos = start;
    if (!unicode::IsWhitespace(utf8::DecodeValid(s, pos))) break;
    end = start;
  }
  return end;
}

}  // namespace

void StripNormalizer::Normalize(NormalizedString& text) const {
  const std::string& s = text.normalized();
  const size_t begin = strip_left_ ? LeadingWhitespaceEnd(s) : 0;
  const size_t end = strip_right_ ? TrailingWhitespaceStart(s, begin) : s.size();
  if (begin == 0 && end == s.size()) return;
  // HF's lrstrip transform keeps the middle characters with their own alignments.
  text.mutable_normalized() = s.substr(begin, end - begin);
  auto& spans = text.mutable_alignments();
  spans.erase(spans.begin() + end, spans.end());
  spans.erase(spans.begin(), spans.begin() + begin);
}

nlohmann::ordered_json StripNormalizer::ToJson() const {
  return {{"type", "Strip"}, {"strip_left", strip_left_}, {"strip_right", strip_right_}};
}

}  // namespace tokenmill

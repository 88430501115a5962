// UTF-8 as sentencepiece reads it (util.h DecodeUTF8 / IsValidDecodeUTF8 / OneCharLen).
#pragma once

#include <cstddef>
#include <string_view>

namespace tokenmill::spm_utf8 {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD
inline constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";      // ▁ U+2581

// Byte length of the well-formed character at the start of `s` (no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the first byte does not start one.
inline size_t ValidCharLength(std::string_view s) {
  if (s.empty()) return 0;
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  auto trail = [&](size_t i) { return (b[i] & 0xC0) == 0x80; };
  if (b[0] < 0x80) return 1;
  if ((b[0] & 0xE0) == 0xC0) {
    return n >= 2 && trail(1) && b[0] >= 0xC2 ? 2 : 0;
  }
  if ((b[0] & 0xF0) == 0xE0) {
    if (n < 3 || !trail(1) || !trail(2)) return 0;
    const unsigned cp = (b[0] & 0x0F) << 12 | (b[1] & 0x3F) << 6 | (b[2] & 0x3F);
    return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
  }
  if ((b[0] & 0xF8) == 0xF0) {
    if (n < 4 || !trail(1) || !trail(2) || !trail(3)) return 0;
    const unsigned cp =
        (b[0] & 0x07) << 18 | (b[1] & 0x3F) << 12 | (b[2] & 0x3F) << 6 | (b[3] & 0x3F);
    return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
  }
  return 0;
}

// sentencepiece's OneCharLen: a character's length from its lead byte alone.
inline size_t LeadByteLength(unsigned char lead) {
  static constexpr unsigned char kLen[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  return kLen[lead >> 4];
}

// The same, clipped to the text (sentencepiece's models cut normalized text into characters
// this way).
inline size_t OneCharLength(std::string_view s) {
  const size_t len = LeadByteLength(static_cast<unsigned char>(s[0]));
  return len < s.size() ? len : s.size();
}

}  // namespace tokenmill::spm_utf8

// The character classes the GPT-2, cl100k and o200k split patterns are written in (\p{L} by
// general category, \p{N}, \p{M}, \s, \r\n), as one kind per code point so the scanners test
// a small enum instead of calling ICU per alternative.
//
// Tables: ICU 72 (Unicode 15.0) general categories and White_Space, plus the code points
// Unicode 15.1/16.0 assigned, which HF's Oniguruma (and tiktoken's regex crate) know; see
// tests/pre_tokenizers/split_scanners_test.cc for the every-code-point check against HF.
#pragma once

#include <cstdint>
#include <string_view>

namespace tokenmill::split_scan {

enum class CharKind : uint8_t {
  kUpper,        // Lu
  kLower,        // Ll
  kTitle,        // Lt
  kModifier,     // Lm
  kOtherLetter,  // Lo
  kMark,         // Mn, Mc, Me
  kNumber,       // Nd, Nl, No
  kNewline,      // \r or \n (also whitespace)
  kSpace,        // other White_Space
  kOther,        // everything else (punctuation, symbols, controls, unassigned, ...)
};

inline bool IsLetter(CharKind k) { return k <= CharKind::kOtherLetter; }
inline bool IsWhitespace(CharKind k) { return k == CharKind::kNewline || k == CharKind::kSpace; }
// [^\s\p{L}\p{N}]
inline bool IsSymbol(CharKind k) { return k == CharKind::kMark || k == CharKind::kOther; }
// [^\r\n\p{L}\p{N}]
inline bool IsLetterPrefix(CharKind k) {
  return k == CharKind::kMark || k == CharKind::kOther || k == CharKind::kSpace;
}

// The kind of a non-ASCII code point.
CharKind ClassifyNonAscii(char32_t cp);

// ClassifyNonAscii of every code point below U+10000, computed once (64 KiB): the scanners'
// per-character test becomes one load instead of a call into ICU.
const CharKind* BmpKinds();

inline CharKind KindOfNonAscii(char32_t cp) {
  static const CharKind* const bmp = BmpKinds();
  return cp < 0x10000 ? bmp[cp] : ClassifyNonAscii(cp);
}

struct AsciiKindTable {
  CharKind kind[128];
};

constexpr AsciiKindTable MakeAsciiKinds() {
  AsciiKindTable t{};
  for (int c = 0; c < 128; ++c) {
    CharKind k = CharKind::kOther;
    if (c == '\r' || c == '\n') k = CharKind::kNewline;
    else if (c == ' ' || (c >= 0x09 && c <= 0x0D)) k = CharKind::kSpace;
    else if (c >= 'A' && c <= 'Z') k = CharKind::kUpper;
    else if (c >= 'a' && c <= 'z') k = CharKind::kLower;
    else if (c >= '0' && c <= '9') k = CharKind::kNumber;
    t.kind[c] = k;
  }
  return t;
}
inline constexpr AsciiKindTable kAsciiKinds = MakeAsciiKinds();

// One decoded character of valid UTF-8.
struct ScannedChar {
  CharKind kind;
  uint8_t length;  // bytes
  char32_t cp;
};

// The character at byte `pos` (< text.size()) of valid UTF-8 text.
inline ScannedChar CharAt(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const unsigned char lead = s[0];
  if (lead < 0x80) return {kAsciiKinds.kind[lead], 1, lead};
  char32_t cp;
  uint8_t length;
  if (lead < 0xE0) {
    cp = ((lead & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    length = 2;
  } else if (lead < 0xF0) {
    cp = ((lead & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    length = 3;
  } else {
    cp = ((lead & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    length = 4;
  }
  return {KindOfNonAscii(cp), length, cp};
}

}  // namespace tokenmill::split_scan

// Character classes and per-character mappings with the semantics Hugging Face tokenizers
// uses (Rust's char methods and the unicode_categories crate), computed with ICU.
//
// HF's tables come from older Unicode versions than ICU 72 (Unicode 15), so ICU's answer
// is corrected by exception tables derived from HF's own output for every code point
// (see unicode_exceptions.h); tests sweep all code points against that golden.
#pragma once

#include <string>

namespace tokenmill::unicode {

// Rust's char::is_whitespace (the White_Space property).
bool IsWhitespace(char32_t cp);
// HF BERT: \t \n \r count as whitespace, everything else as char::is_whitespace.
inline bool IsBertWhitespace(char32_t cp) {
  return cp == '\t' || cp == '\n' || cp == '\r' || IsWhitespace(cp);
}
// HF BERT's is_control: general category C* (Cc, Cf, Cn, Co, Cs) except \t \n \r.
bool IsBertControl(char32_t cp);
// HF BERT's CJK ideograph ranges (handle_chinese_chars).
bool IsChineseChar(char32_t cp);
// HF BERT pre-tokenizer punctuation: ASCII punctuation or general category P*.
bool IsBertPunctuation(char32_t cp);
// General category Mn, as unicode_categories' is_mark_nonspacing.
bool IsNonspacingMark(char32_t cp);
// Canonical combining class (0 for starters).
int CombiningClass(char32_t cp);

// Appends Rust's char::to_lowercase(cp) (full, context-free lowercase mapping).
void AppendLowercase(char32_t cp, std::string& out);
// Appends the canonical (NFD) or compatibility (NFKD) decomposition of a single code point.
void AppendDecomposition(char32_t cp, bool compatibility, std::string& out);

}  // namespace tokenmill::unicode

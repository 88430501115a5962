// Character classes and per-character mappings with the semantics Hugging Face tokenizers
// uses (Rust's char methods, the unicode_categories crate and unicode-normalization-
// alignments), computed with ICU.
//
// HF's tables come from older Unicode versions than ICU 72 (Unicode 15), so ICU's answer
// is corrected by exception tables derived from HF's own output for every code point
// (see unicode_exceptions.h); tests sweep all code points against that golden.
#pragma once

#include <string>

#include "tokenizers/base/unicode_exceptions.h"

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

// Appends Rust's char::to_lowercase(cp) (full, context-free lowercase mapping).
void AppendLowercase(char32_t cp, std::string& out);

// ---- Normalization data as HF's unicode-normalization-alignments (Unicode 9.0) sees it.

// The longest full decomposition (U+FDFA under NFKD) has 18 code points.
inline constexpr int kMaxDecomposition = 18;

// Whether HF's normalization tables know `cp` (assigned by Unicode 9.0).
bool KnownToNormalization(char32_t cp);
// Canonical combining class (0 for starters and for code points HF does not know).
int CombiningClass(char32_t cp);
// Writes the full canonical (NFD) or compatibility (NFKD) decomposition of `cp` to `out`
// and returns its length; returns 0 when `cp` decomposes to itself.
int Decompose(char32_t cp, bool compatibility, char32_t* out);
// The primary composite of `a` + `b`, or 0 when they do not compose.
char32_t ComposePair(char32_t a, char32_t b);
// General category M (Mn, Mc, Me): unicode-normalization-alignments' is_combining_mark,
// which HF's StripAccents removes.
bool IsCombiningMark(char32_t cp);

// Appends the canonical (NFD) or compatibility (NFKD) decomposition of a single code point
// (the code point itself when it does not decompose).
void AppendDecomposition(char32_t cp, bool compatibility, std::string& out);

// ---- ICU-based answers before the exception tables (the generator compares them with HF).
namespace icu_only {
exceptions::Category CategoryOf(char32_t cp);
void AppendLowercase(char32_t cp, std::string& out);
bool IsCombiningMark(char32_t cp);  // already limited to Unicode 9.0
}  // namespace icu_only

}  // namespace tokenmill::unicode

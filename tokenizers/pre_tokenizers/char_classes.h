// Character classes the pre-tokenizers split on, with the semantics HF tokenizers uses
// (Rust's regex crate for \w and \s, Rust's char methods, unicode_categories).
#pragma once

#include <span>

namespace tokenmill::char_classes {

struct Range {
  char32_t first;
  char32_t last;
};

// Unicode 16 word characters (\w) and decimal digits (Nd) that ICU 72 (Unicode 15) leaves
// unassigned; HF's regex engines (Rust regex, Oniguruma 6.9.10) know them.
std::span<const Range> NewerWordRanges();
std::span<const Range> NewerDecimalDigitRanges();

// Rust regex's Unicode \w (UTS #18 word characters):
// Alphabetic | Mark (Mn, Mc, Me) | Decimal_Number | Connector_Punctuation | Join_Control.
bool IsRegexWord(char32_t cp);
// Rust regex's Unicode \s and char::is_whitespace: the White_Space property.
bool IsRegexSpace(char32_t cp);
// Rust's char::is_numeric: general category Nd, Nl or No.
bool IsNumeric(char32_t cp);
// HF's is_punc (Punctuation pre-tokenizer): ASCII punctuation or general category P*.
bool IsPunctuation(char32_t cp);

}  // namespace tokenmill::char_classes

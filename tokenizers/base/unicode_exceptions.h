// Where Hugging Face tokenizers' Unicode tables (older Unicode versions than ICU 72's
// Unicode 15) disagree with ICU for single code points. The tables are generated from HF's
// own output for every code point (../shared/golden/unicode/hf.codepoints.jsonl.gz) by
// tools/gen_unicode_exceptions.cc into unicode_exceptions.cc; only non-ASCII code points
// ever reach these lookups.
#pragma once

#include <optional>

namespace tokenmill::unicode::exceptions {

// The classes HF's BERT components ask unicode_categories about.
enum class Category { kOther, kPunctuation, kNonspacingMark, kDefault };

// The HF general-category class of `cp` where it differs from ICU's; nullopt when ICU agrees.
std::optional<Category> CategoryOverride(char32_t cp);
// HF's (Rust std's) lowercase of `cp` (UTF-8) where it differs from ICU's; nullptr when ICU agrees.
const char* LowercaseOverride(char32_t cp);

// HF's normalizers (unicode-normalization-alignments) use Unicode 9.0 tables: characters
// assigned later neither decompose, compose nor reorder there.
inline constexpr int kNormalizationUnicodeMajor = 9;
inline constexpr int kNormalizationUnicodeMinor = 0;

// HF's combining-mark (General_Category=M) answer for `cp` where it differs from ICU's
// Unicode 9.0 answer; nullopt when they agree.
std::optional<bool> CombiningMarkOverride(char32_t cp);

}  // namespace tokenmill::unicode::exceptions

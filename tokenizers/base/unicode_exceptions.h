// Where Hugging Face tokenizers' Unicode tables (older Unicode versions) disagree with
// ICU 72's for a single code point. Derived from HF's own output for every code point
// (../shared/golden/unicode/hf.codepoints.jsonl.gz) by tools/gen_unicode_exceptions.
#pragma once

#include <optional>

namespace tokenmill::unicode::exceptions {

enum class Category { kOther, kPunctuation, kNonspacingMark, kDefault };

// The HF general-category class of `cp` where it differs from ICU's; nullopt when ICU agrees.
std::optional<Category> CategoryOverride(char32_t cp);
// HF's lowercase of `cp` (UTF-8) where it differs from ICU's; nullptr when ICU agrees.
const char* LowercaseOverride(char32_t cp);

}  // namespace tokenmill::unicode::exceptions

#include "tokenizers/base/unicode_exceptions.h"

namespace tokenmill::unicode::exceptions {

// Filled in from the code point sweep; empty means "trust ICU".
std::optional<Category> CategoryOverride(char32_t) { return std::nullopt; }
const char* LowercaseOverride(char32_t) { return nullptr; }

}  // namespace tokenmill::unicode::exceptions

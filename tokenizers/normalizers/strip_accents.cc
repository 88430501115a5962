#include "tokenizers/normalizers/strip_accents.h"

#include "tokenizers/base/unicode.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

void StripAccentsNormalizer::Normalize(NormalizedString& text) const {
  text.MapChars([](char32_t cp, std::string& out) {
    if (!unicode::IsCombiningMark(cp)) utf8::Append(cp, out);
  });
}

}  // namespace tokenmill

#include "tokenizers/normalizers/lowercase.h"

#include "tokenizers/base/unicode.h"

namespace tokenmill {

void LowercaseNormalizer::Normalize(NormalizedString& text) const {
  // ASCII is lowered in place: byte count and alignments do not change.
  bool ascii = true;
  for (char& c : text.mutable_normalized()) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  if (ascii) return;
  text.MapChars([](char32_t cp, std::string& out) { unicode::AppendLowercase(cp, out); });
}

}  // namespace tokenmill

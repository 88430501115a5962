#include "tokenizers/normalizers/byte_level_normalizer.h"

#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/byte_level.h"

namespace tokenmill {

void ByteLevelNormalizer::Normalize(NormalizedString& text) const {
  std::string bytes;
  text.MapChars([&bytes](char32_t c, std::string& out) {
    bytes.clear();
    utf8::Append(c, bytes);
    for (const char b : bytes) out.append(byte_level::ByteToUtf8(static_cast<uint8_t>(b)));
  });
}

}  // namespace tokenmill

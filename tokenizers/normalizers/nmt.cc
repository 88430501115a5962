#include "tokenizers/normalizers/nmt.h"

#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

bool IsDroppedControl(char32_t c) {
  return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F ||
         c == 0x8F || c == 0x9F;
}

bool BecomesSpace(char32_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x1680 ||
         (c >= 0x200B && c <= 0x200F) || c == 0x2028 || c == 0x2029 || c == 0x2581 ||
         c == 0xFEFF || c == 0xFFFD;
}

}  // namespace

void NmtNormalizer::Normalize(NormalizedString& text) const {
  text.MapChars([](char32_t c, std::string& out) {
    if (IsDroppedControl(c)) return;
    utf8::Append(BecomesSpace(c) ? U' ' : c, out);
  });
}

}  // namespace tokenmill

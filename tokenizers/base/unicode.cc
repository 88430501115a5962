#include "tokenizers/base/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "tokenizers/base/utf8.h"
#include "tokenizers/base/unicode_exceptions.h"

namespace tokenmill::unicode {

bool IsWhitespace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  return u_hasBinaryProperty(cp, UCHAR_WHITE_SPACE);
}

bool IsBertControl(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  if (auto e = exceptions::CategoryOverride(cp)) return *e == exceptions::Category::kOther;
  switch (u_charType(cp)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_UNASSIGNED:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
      return true;
    default:
      return false;
  }
}

bool IsChineseChar(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool IsBertPunctuation(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
           (cp >= 123 && cp <= 126);
  }
  if (auto e = exceptions::CategoryOverride(cp)) return *e == exceptions::Category::kPunctuation;
  return U_GET_GC_MASK(cp) & U_GC_P_MASK;
}

bool IsNonspacingMark(char32_t cp) {
  if (cp < 0x300) return false;
  if (auto e = exceptions::CategoryOverride(cp)) return *e == exceptions::Category::kNonspacingMark;
  return u_charType(cp) == U_NON_SPACING_MARK;
}

int CombiningClass(char32_t cp) { return cp < 0x300 ? 0 : u_getCombiningClass(cp); }

void AppendLowercase(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return;
  }
  if (const char* e = exceptions::LowercaseOverride(cp)) {
    out += e;
    return;
  }
  // The only unconditional multi-character lowercase mapping (SpecialCasing.txt).
  if (cp == 0x130) {
    out += "i\xCC\x87";
    return;
  }
  utf8::Append(u_tolower(cp), out);
}

void AppendDecomposition(char32_t cp, bool compatibility, std::string& out) {
  if (cp < 0xA0) {
    out.push_back(static_cast<char>(cp));
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = compatibility ? icu::Normalizer2::getNFKDInstance(status)
                                            : icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposition;
  if (U_FAILURE(status) || !n->getDecomposition(cp, decomposition)) {
    utf8::Append(cp, out);
    return;
  }
  decomposition.toUTF8String(out);
}

}  // namespace tokenmill::unicode

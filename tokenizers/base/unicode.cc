#include "tokenizers/base/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "tokenizers/base/utf8.h"

namespace tokenmill::unicode {
namespace {

using exceptions::Category;

Category HfCategory(char32_t cp) {
  if (auto e = exceptions::CategoryOverride(cp)) return *e;
  return icu_only::CategoryOf(cp);
}

const icu::Normalizer2& Nfd() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFDInstance(status);
  }();
  return *n;
}

const icu::Normalizer2& Nfkd() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFKDInstance(status);
  }();
  return *n;
}

const icu::Normalizer2& Nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFCInstance(status);
  }();
  return *n;
}

}  // namespace

bool IsWhitespace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  return u_hasBinaryProperty(cp, UCHAR_WHITE_SPACE);
}

bool IsBertControl(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  return HfCategory(cp) == Category::kOther;
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
  return HfCategory(cp) == Category::kPunctuation;
}

bool IsNonspacingMark(char32_t cp) {
  if (cp < 0x300) return false;
  return HfCategory(cp) == Category::kNonspacingMark;
}

void AppendLowercase(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return;
  }
  if (const char* e = exceptions::LowercaseOverride(cp)) {
    out += e;
    return;
  }
  icu_only::AppendLowercase(cp, out);
}

bool KnownToNormalization(char32_t cp) {
  if (cp < 0x300) return true;
  UVersionInfo age;
  u_charAge(cp, age);
  if (age[0] == 0) return false;  // unassigned
  return age[0] < exceptions::kNormalizationUnicodeMajor ||
         (age[0] == exceptions::kNormalizationUnicodeMajor &&
          age[1] <= exceptions::kNormalizationUnicodeMinor);
}

int CombiningClass(char32_t cp) {
  if (cp < 0x300 || !KnownToNormalization(cp)) return 0;
  return u_getCombiningClass(cp);
}

int Decompose(char32_t cp, bool compatibility, char32_t* out) {
  if (cp < 0xA0 || !KnownToNormalization(cp)) return 0;
  icu::UnicodeString decomposition;
  if (!(compatibility ? Nfkd() : Nfd()).getDecomposition(cp, decomposition)) return 0;
  int size = 0;
  for (int32_t i = 0; i < decomposition.length() && size < kMaxDecomposition;) {
    const UChar32 c = decomposition.char32At(i);
    out[size++] = static_cast<char32_t>(c);
    i += U16_LENGTH(c);
  }
  if (size == 1 && out[0] == cp) return 0;
  return size;
}

char32_t ComposePair(char32_t a, char32_t b) {
  // Second characters of compositions are combining marks, Hangul jamo and a few starters
  // (e.g. U+0CD5, U+0DCF): none is below U+0300.
  if (b < 0x300) return 0;
  if (!KnownToNormalization(a) || !KnownToNormalization(b)) return 0;
  const UChar32 composite = Nfc().composePair(a, b);
  if (composite < 0 || !KnownToNormalization(composite)) return 0;
  return static_cast<char32_t>(composite);
}

bool IsCombiningMark(char32_t cp) {
  if (cp < 0x300) return false;
  if (auto e = exceptions::CombiningMarkOverride(cp)) return *e;
  return icu_only::IsCombiningMark(cp);
}

void AppendDecomposition(char32_t cp, bool compatibility, std::string& out) {
  char32_t parts[kMaxDecomposition];
  const int size = Decompose(cp, compatibility, parts);
  if (size == 0) {
    utf8::Append(cp, out);
    return;
  }
  for (int i = 0; i < size; ++i) utf8::Append(parts[i], out);
}

namespace icu_only {

exceptions::Category CategoryOf(char32_t cp) {
  const int32_t mask = U_GET_GC_MASK(cp);
  // unicode_categories' is_other covers Cc, Cf, Co and Cs but never an unassigned (Cn)
  // code point: HF keeps noncharacters (U+FFFE, U+FDD0..) and unassigned code points.
  if (mask & (U_GC_CC_MASK | U_GC_CF_MASK | U_GC_CO_MASK | U_GC_CS_MASK)) return Category::kOther;
  if (mask & U_GC_P_MASK) return Category::kPunctuation;
  if (mask & U_GC_MN_MASK) return Category::kNonspacingMark;
  return Category::kDefault;
}

void AppendLowercase(char32_t cp, std::string& out) {
  // The only unconditional multi-character lowercase mapping (SpecialCasing.txt).
  if (cp == 0x130) {
    out += "i\xCC\x87";
    return;
  }
  utf8::Append(u_tolower(cp), out);
}

bool IsCombiningMark(char32_t cp) {
  return KnownToNormalization(cp) && (U_GET_GC_MASK(cp) & U_GC_M_MASK);
}

}  // namespace icu_only
}  // namespace tokenmill::unicode

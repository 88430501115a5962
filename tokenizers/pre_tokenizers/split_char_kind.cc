#include "tokenizers/pre_tokenizers/split_char_kind.h"

#include <algorithm>
#include <iterator>

#include <unicode/uchar.h>

namespace tokenmill::split_scan {
namespace {

struct KindRange {
  char32_t first;
  char32_t last;
  CharKind kind;
};

// Code points unassigned in ICU 72 that Unicode 15.1/16.0 assigned, with their category as
// HF's Oniguruma sees it (tests/data/golden/splits/classes.json, made by
// tests/pre_tokenizers/gen_split_goldens.js).
constexpr KindRange kNewerAssignments[] = {
    {0x0897, 0x0897, CharKind::kMark},
    {0x1C89, 0x1C89, CharKind::kUpper},
    {0x1C8A, 0x1C8A, CharKind::kLower},
    {0xA7CB, 0xA7CC, CharKind::kUpper},
    {0xA7CD, 0xA7CD, CharKind::kLower},
    {0xA7DA, 0xA7DA, CharKind::kUpper},
    {0xA7DB, 0xA7DB, CharKind::kLower},
    {0xA7DC, 0xA7DC, CharKind::kUpper},
    {0x105C0, 0x105F3, CharKind::kOtherLetter},
    {0x10D40, 0x10D49, CharKind::kNumber},
    {0x10D4A, 0x10D4D, CharKind::kOtherLetter},
    {0x10D4E, 0x10D4E, CharKind::kModifier},
    {0x10D4F, 0x10D4F, CharKind::kOtherLetter},
    {0x10D50, 0x10D65, CharKind::kUpper},
    {0x10D69, 0x10D6D, CharKind::kMark},
    {0x10D6F, 0x10D6F, CharKind::kModifier},
    {0x10D70, 0x10D85, CharKind::kLower},
    {0x10EC2, 0x10EC4, CharKind::kOtherLetter},
    {0x10EFC, 0x10EFC, CharKind::kMark},
    {0x11380, 0x11389, CharKind::kOtherLetter},
    {0x1138B, 0x1138B, CharKind::kOtherLetter},
    {0x1138E, 0x1138E, CharKind::kOtherLetter},
    {0x11390, 0x113B5, CharKind::kOtherLetter},
    {0x113B7, 0x113B7, CharKind::kOtherLetter},
    {0x113B8, 0x113C0, CharKind::kMark},
    {0x113C2, 0x113C2, CharKind::kMark},
    {0x113C5, 0x113C5, CharKind::kMark},
    {0x113C7, 0x113CA, CharKind::kMark},
    {0x113CC, 0x113D0, CharKind::kMark},
    {0x113D1, 0x113D1, CharKind::kOtherLetter},
    {0x113D2, 0x113D2, CharKind::kMark},
    {0x113D3, 0x113D3, CharKind::kOtherLetter},
    {0x113E1, 0x113E2, CharKind::kMark},
    {0x116D0, 0x116E3, CharKind::kNumber},
    {0x11BC0, 0x11BE0, CharKind::kOtherLetter},
    {0x11BF0, 0x11BF9, CharKind::kNumber},
    {0x11F5A, 0x11F5A, CharKind::kMark},
    {0x13460, 0x143FA, CharKind::kOtherLetter},
    {0x16100, 0x1611D, CharKind::kOtherLetter},
    {0x1611E, 0x1612F, CharKind::kMark},
    {0x16130, 0x16139, CharKind::kNumber},
    {0x16D40, 0x16D42, CharKind::kModifier},
    {0x16D43, 0x16D6A, CharKind::kOtherLetter},
    {0x16D6B, 0x16D6C, CharKind::kModifier},
    {0x16D70, 0x16D79, CharKind::kNumber},
    {0x18CFF, 0x18CFF, CharKind::kOtherLetter},
    {0x1CCF0, 0x1CCF9, CharKind::kNumber},
    {0x1E5D0, 0x1E5ED, CharKind::kOtherLetter},
    {0x1E5EE, 0x1E5EF, CharKind::kMark},
    {0x1E5F0, 0x1E5F0, CharKind::kOtherLetter},
    {0x1E5F1, 0x1E5FA, CharKind::kNumber},
    {0x2EBF0, 0x2EE5D, CharKind::kOtherLetter},
};

CharKind FromGeneralCategory(int8_t category) {
  switch (category) {
    case U_UPPERCASE_LETTER: return CharKind::kUpper;
    case U_LOWERCASE_LETTER: return CharKind::kLower;
    case U_TITLECASE_LETTER: return CharKind::kTitle;
    case U_MODIFIER_LETTER: return CharKind::kModifier;
    case U_OTHER_LETTER: return CharKind::kOtherLetter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: return CharKind::kMark;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return CharKind::kNumber;
    default: return CharKind::kOther;
  }
}

CharKind NewerAssignment(char32_t cp) {
  const auto* it = std::upper_bound(
      std::begin(kNewerAssignments), std::end(kNewerAssignments), cp,
      [](char32_t c, const KindRange& r) { return c < r.first; });
  if (it == std::begin(kNewerAssignments)) return CharKind::kOther;
  --it;
  return cp <= it->last ? it->kind : CharKind::kOther;
}

}  // namespace

CharKind ClassifyNonAscii(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  const int8_t category = u_charType(c);
  if (category == U_UNASSIGNED) return NewerAssignment(cp);
  if (category == U_SPACE_SEPARATOR || category == U_LINE_SEPARATOR ||
      category == U_PARAGRAPH_SEPARATOR || category == U_CONTROL_CHAR) {
    if (u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) return CharKind::kSpace;
  }
  return FromGeneralCategory(category);
}

const CharKind* BmpKinds() {
  static const CharKind* const table = [] {
    auto* kinds = new CharKind[0x10000];
    for (char32_t cp = 0; cp < 0x80; ++cp) kinds[cp] = kAsciiKinds.kind[cp];
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) kinds[cp] = ClassifyNonAscii(cp);
    return kinds;
  }();
  return table;
}

}  // namespace tokenmill::split_scan

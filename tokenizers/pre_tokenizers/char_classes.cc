#include "tokenizers/pre_tokenizers/char_classes.h"

#include <algorithm>
#include <iterator>

#include <unicode/uchar.h>

#include "tokenizers/base/unicode.h"

namespace tokenmill::char_classes {
namespace {

// HF's tables are newer than ICU 72 (Unicode 15): the regex crate's \w is Unicode 16 and
// Rust's char::is_numeric Unicode 17. These code points are unassigned in ICU 72 but word
// characters / numeric for HF. Word ranges: every code point where HF's Whitespace
// pre-tokenizer keeps "a<c>b" one word and ICU does not (../shared/golden/unicode);
// numeric ranges: an oracle sweep of HF's Digits pre-tokenizer (tests/pre_tokenizers).
constexpr Range kNewerWordRanges[] = {
    {0x0897, 0x0897},
    {0x1C89, 0x1C8A},
    {0xA7CB, 0xA7CD},
    {0xA7DA, 0xA7DC},
    {0x105C0, 0x105F3},
    {0x10D40, 0x10D65},
    {0x10D69, 0x10D6D},
    {0x10D6F, 0x10D85},
    {0x10EC2, 0x10EC4},
    {0x10EFC, 0x10EFC},
    {0x11380, 0x11389},
    {0x1138B, 0x1138B},
    {0x1138E, 0x1138E},
    {0x11390, 0x113B5},
    {0x113B7, 0x113C0},
    {0x113C2, 0x113C2},
    {0x113C5, 0x113C5},
    {0x113C7, 0x113CA},
    {0x113CC, 0x113D3},
    {0x113E1, 0x113E2},
    {0x116D0, 0x116E3},
    {0x11BC0, 0x11BE0},
    {0x11BF0, 0x11BF9},
    {0x11F5A, 0x11F5A},
    {0x13460, 0x143FA},
    {0x16100, 0x16139},
    {0x16D40, 0x16D6C},
    {0x16D70, 0x16D79},
    {0x18CFF, 0x18CFF},
    {0x1CCF0, 0x1CCF9},
    {0x1E5D0, 0x1E5FA},
    {0x2EBF0, 0x2EE5D}
};
constexpr Range kNewerNumericRanges[] = {
    {0x10D40, 0x10D49}, {0x116D0, 0x116E3}, {0x11BF0, 0x11BF9}, {0x11DE0, 0x11DE9},
    {0x16130, 0x16139}, {0x16D70, 0x16D79}, {0x16FF4, 0x16FF6}, {0x1CCF0, 0x1CCF9},
    {0x1E5F1, 0x1E5FA},
};

// Nd in Unicode 16 (the Unicode 17 digits of kNewerNumericRanges are left out).
constexpr Range kNewerDecimalDigitRanges[] = {
    {0x10D40, 0x10D49}, {0x116D0, 0x116E3}, {0x11BF0, 0x11BF9}, {0x16130, 0x16139},
    {0x16D70, 0x16D79}, {0x1CCF0, 0x1CCF9}, {0x1E5F1, 0x1E5FA},
};

template <size_t N>
bool InRanges(const Range (&ranges)[N], char32_t cp) {
  const Range* it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                     [](char32_t c, const Range& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= (it - 1)->last;
}

bool UnassignedInIcu(char32_t cp) { return u_charType(cp) == U_UNASSIGNED; }

}  // namespace

std::span<const Range> NewerWordRanges() { return kNewerWordRanges; }
std::span<const Range> NewerDecimalDigitRanges() { return kNewerDecimalDigitRanges; }

bool IsRegexWord(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  }
  constexpr uint32_t kWordCategories = U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK;
  if (UnassignedInIcu(cp)) return InRanges(kNewerWordRanges, cp);
  return (U_GET_GC_MASK(cp) & kWordCategories) != 0 ||
         u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) ||
         u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL);
}

bool IsRegexSpace(char32_t cp) { return unicode::IsWhitespace(cp); }

bool IsNumeric(char32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  if (UnassignedInIcu(cp)) return InRanges(kNewerNumericRanges, cp);
  return (U_GET_GC_MASK(cp) & U_GC_N_MASK) != 0;
}

bool IsPunctuation(char32_t cp) { return unicode::IsBertPunctuation(cp); }

}  // namespace tokenmill::char_classes

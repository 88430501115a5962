// What SentencePieceNormalizer's lookup at one position (the longest user-defined symbol,
// else the longest charsmap rule, else one character) does with each character of the
// Basic Multilingual Plane, precomputed so that common characters skip the lookups: the
// character stays as it is, or becomes one space — provided the byte after it cannot extend
// a longer match. Rules may start with a character and go on (NFKC maps "e" + U+0301 to
// "é"), so each entry keeps the range of bytes such continuations start with; a next byte in
// that range (or a NUL byte, which a corrupt trie might follow) sends the position back to
// the full lookup. Exact by construction; tests compare with the plain lookup loop.
#pragma once

#include <cstdint>
#include <vector>

#include "tokenizers/normalizers/precompiled_charsmap.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"

namespace tokenmill {

class CharRuleTable {
 public:
  enum Action : uint8_t {
    kLookup,  // the full lookup decides
    kKeep,    // the character is its own output
    kSpace,   // the output is one space " "
  };
  struct Rule {
    Action action = kLookup;
    // The bytes that may continue a longer match after the character are within
    // [next_lo, next_lo + next_span]; none: next_lo 0, next_span 0 (only NUL, which always
    // goes to the lookup).
    uint8_t next_lo = 0;
    uint8_t next_span = 0;
    friend bool operator==(const Rule&, const Rule&) = default;
  };

  CharRuleTable() = default;
  // `charsmap` null = no rules (every valid character is its own output).
  static CharRuleTable Build(const PrecompiledCharsMap* charsmap, const PrefixMatcher& user_defined);

  // The rule of code point `cp` (< 0x10000; surrogates have kLookup).
  const Rule& ForBmp(uint32_t cp) const { return rules_[index_[cp]]; }
  const Rule& ForAscii(unsigned char c) const { return ascii_[c]; }
  // Whether `byte` is an ASCII character (not NUL) that stays as it is whenever an ASCII
  // byte follows it: runs of such bytes need no per-byte check but for the last one.
  bool KeptBeforeAscii(unsigned char byte) const { return kept_before_ascii_[byte]; }
  // Whether `next` (the byte after the character) lets the rule apply.
  static bool NextAllows(const Rule& rule, unsigned char next) {
    return next != 0 && static_cast<uint8_t>(next - rule.next_lo) > rule.next_span;
  }
  bool empty() const { return index_.empty(); }

 private:
  std::vector<uint8_t> index_;  // code point → rules_ index; rules_[0] is the lookup
  std::vector<Rule> rules_;
  Rule ascii_[128];
  bool kept_before_ascii_[256] = {};
};

}  // namespace tokenmill

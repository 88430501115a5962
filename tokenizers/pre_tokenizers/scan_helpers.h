// Building blocks shared by the GPT-2, cl100k and o200k scanners (internal).
#pragma once

#include <bit>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "tokenizers/pre_tokenized_string.h"

#include "tokenizers/pre_tokenizers/split_char_kind.h"

namespace tokenmill::split_scan {

// End of the run of characters whose kind satisfies `pred`, starting at `pos`.
template <typename Pred>
inline size_t RunEnd(std::string_view text, size_t pos, Pred pred) {
  while (pos < text.size()) {
    const ScannedChar c = CharAt(text, pos);
    if (!pred(c.kind)) break;
    pos += c.length;
  }
  return pos;
}

// RunEnd(text, pos, pred) for a class whose ASCII members are exactly 'a'..'z' (and 'A'..'Z'
// with kFoldCase): the class's ASCII bytes among the next 16 are found at once, so the run's
// end is the first zero bit of a mask, not a loop exit the CPU mispredicts once per word
// (~25 % of the scan on ASCII text). Falls back to the character walk where the run reaches a
// non-ASCII byte (it may belong to the class) or the end of the 16 bytes.
template <bool kFoldCase, typename Pred>
inline size_t AsciiAlphaRunEnd(std::string_view text, size_t pos, Pred pred) {
#if defined(__SSE2__)
  if (pos + 16 <= text.size()) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const uint32_t non_ascii = static_cast<uint32_t>(_mm_movemask_epi8(v));
    if constexpr (kFoldCase) v = _mm_or_si128(v, _mm_set1_epi8(0x20));
    // c - 'a' ≤ 25 exactly for 'a'..'z' (bytes ≥ 0x80 land above 25).
    const __m128i x = _mm_sub_epi8(v, _mm_set1_epi8('a'));
    const __m128i in_class = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(25)), x);
    const uint32_t members = static_cast<uint32_t>(_mm_movemask_epi8(in_class));
    const int stop = std::countr_zero(~members);  // 16 when all 16 are members
    if (stop < 16 && !((non_ascii >> stop) & 1)) return pos + stop;
    pos += stop;
  }
#endif
  return RunEnd(text, pos, pred);
}

// RunEnd(text, pos, IsLetter).
inline size_t LetterRunEnd(std::string_view text, size_t pos) {
  return AsciiAlphaRunEnd<true>(text, pos, IsLetter);
}

// Like RunEnd but stops after at most `max_count` characters.
template <typename Pred>
inline size_t RunEndAtMost(std::string_view text, size_t pos, size_t max_count, Pred pred) {
  for (size_t n = 0; n < max_count && pos < text.size(); ++n) {
    const ScannedChar c = CharAt(text, pos);
    if (!pred(c.kind)) break;
    pos += c.length;
  }
  return pos;
}

// The whitespace run starting at `pos`: where it ends, where its last character starts, and
// where its last \r or \n ends (npos when it has none).
struct WhitespaceRun {
  size_t end;
  size_t last_start;
  size_t last_newline_end;
};

inline WhitespaceRun ScanWhitespace(std::string_view text, size_t pos) {
  WhitespaceRun run{pos, pos, std::string_view::npos};
  while (run.end < text.size()) {
    const ScannedChar c = CharAt(text, run.end);
    if (!IsWhitespace(c.kind)) break;
    run.last_start = run.end;
    run.end += c.length;
    if (c.kind == CharKind::kNewline) run.last_newline_end = run.end;
  }
  return run;
}

// `\s+(?!\S)|\s+` at the start of `run`: the run, less its last character when a
// non-space follows and the run is longer than one character.
inline size_t WhitespaceWithLookaheadEnd(std::string_view text, size_t begin,
                                         const WhitespaceRun& run) {
  if (run.end == text.size() || run.last_start == begin) return run.end;
  return run.last_start;
}

// A case-insensitive contraction after an apostrophe at `pos` (o200k's
// (?i:'s|'t|'re|'ve|'m|'ll|'d), cl100k's '(?i:[sdmt]|ll|ve|re)): its end, or npos.
// Under Unicode case folding 's' also matches U+017F LATIN SMALL LETTER LONG S.
inline size_t CaseInsensitiveContractionEnd(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '\'') return std::string_view::npos;
  const size_t p = pos + 1;
  if (p >= text.size()) return std::string_view::npos;
  const auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  const char a = lower(text[p]);
  if (a == 's' || a == 'd' || a == 'm' || a == 't') return p + 1;
  if (text.compare(p, 2, "\xC5\xBF") == 0) return p + 2;  // U+017F
  if (p + 1 >= text.size()) return std::string_view::npos;
  const char b = lower(text[p + 1]);
  if ((a == 'l' && b == 'l') || (a == 'v' && b == 'e') || (a == 'r' && b == 'e')) return p + 2;
  return std::string_view::npos;
}

// Cuts all of `text` into consecutive pieces; `piece_end(pos)` is where the piece at `pos`
// ends (every pattern matches somewhere at every position, so pieces tile the text).
template <typename PieceEndFn>
void CollectPieces(std::string_view text, std::vector<Match>& pieces, PieceEndFn&& piece_end) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = piece_end(pos);
    pieces.push_back(Match{static_cast<uint32_t>(pos), static_cast<uint32_t>(end)});
    pos = end;
  }
}

}  // namespace tokenmill::split_scan

// o200k:
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//  |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//  |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
// Call the first class "upper-ish" (U) and the second "lower-ish" (W); they share Lm, Lo and
// M, which is why the first alternative needs real backtracking: U* takes as much as it can,
// then gives characters back until W+ can start.
#include "tokenizers/pre_tokenizers/scan_helpers.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace {

using split_scan::CharAt;
using split_scan::CharKind;
using split_scan::RunEnd;
using split_scan::ScannedChar;
constexpr size_t kNone = std::string_view::npos;

// Class membership as one bit test (the scanners test every character).
constexpr uint32_t KindBit(CharKind k) { return uint32_t{1} << static_cast<int>(k); }
constexpr uint32_t kUpperish = KindBit(CharKind::kUpper) | KindBit(CharKind::kTitle) |
                               KindBit(CharKind::kModifier) | KindBit(CharKind::kOtherLetter) |
                               KindBit(CharKind::kMark);
constexpr uint32_t kLowerish = KindBit(CharKind::kLower) | KindBit(CharKind::kModifier) |
                               KindBit(CharKind::kOtherLetter) | KindBit(CharKind::kMark);
bool IsUpperish(CharKind k) { return (kUpperish & KindBit(k)) != 0; }
bool IsLowerish(CharKind k) { return (kLowerish & KindBit(k)) != 0; }

// Of ASCII, exactly 'a'..'z' are Ll/Lm/Lo/M.
size_t LowerishRunEnd(std::string_view text, size_t pos) {
  return split_scan::AsciiAlphaRunEnd</*kFoldCase=*/false>(text, pos, IsLowerish);
}

size_t WithContraction(std::string_view text, size_t end) {
  const size_t contraction = split_scan::CaseInsensitiveContractionEnd(text, end);
  return contraction == kNone ? end : contraction;
}

// U*W+C? from `start`: the end of the first successful backtracking path, or npos.
size_t UpperThenLower(std::string_view text, size_t start) {
  // U* greedy, remembering where the last character that is also W starts.
  size_t pos = start;
  size_t last_shared = kNone;
  while (pos < text.size()) {
    const ScannedChar c = CharAt(text, pos);
    if (!IsUpperish(c.kind)) break;
    if (IsLowerish(c.kind)) last_shared = pos;
    pos += c.length;
  }
  size_t lower_start;
  if (pos < text.size() && IsLowerish(CharAt(text, pos).kind)) {
    lower_start = pos;  // W+ right after the whole U run
  } else if (last_shared != kNone) {
    lower_start = last_shared;  // U* gives back up to its last shared character
  } else {
    return kNone;
  }
  return WithContraction(text, LowerishRunEnd(text, lower_start));
}

// U+W*C? from `start`, or npos.
size_t UpperRun(std::string_view text, size_t start) {
  const size_t upper_end = RunEnd(text, start, IsUpperish);
  if (upper_end == start) return kNone;
  return WithContraction(text, LowerishRunEnd(text, upper_end));
}

// The first two alternatives: with the optional prefix character taken, then without.
size_t LetterPieceEnd(std::string_view text, size_t pos, const ScannedChar& c) {
  const bool prefix = split_scan::IsLetterPrefix(c.kind);
  const size_t next = pos + c.length;
  for (auto alternative : {UpperThenLower, UpperRun}) {
    if (prefix) {
      const size_t end = alternative(text, next);
      if (end != kNone) return end;
    }
    const size_t end = alternative(text, pos);
    if (end != kNone) return end;
  }
  return kNone;
}

// Letters and marks: the characters the letter alternatives can start with (U or W).
bool IsUpperishOrLowerish(CharKind k) { return ((kUpperish | kLowerish) & KindBit(k)) != 0; }

size_t O200kPieceEnd(std::string_view text, size_t pos) {
  const ScannedChar c = CharAt(text, pos);
  const size_t after = pos + c.length;
  // The letter alternatives start at `pos`, or after a prefix character: skip their four
  // attempts for pieces that start with neither (spaces, digits, punctuation).
  if (IsUpperishOrLowerish(c.kind) ||
      (split_scan::IsLetterPrefix(c.kind) && after < text.size() &&
       IsUpperishOrLowerish(CharAt(text, after).kind))) {
    if (const size_t end = LetterPieceEnd(text, pos, c); end != kNone) return end;
  }
  if (c.kind == CharKind::kNumber) {
    return split_scan::RunEndAtMost(text, pos, 3, [](CharKind k) { return k == CharKind::kNumber; });
  }
  // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
  const size_t next = pos + c.length;
  size_t symbols = kNone;
  if (c.cp == ' ' && next < text.size() && split_scan::IsSymbol(CharAt(text, next).kind)) {
    symbols = next;
  } else if (split_scan::IsSymbol(c.kind)) {
    symbols = pos;
  }
  if (symbols != kNone) {
    size_t end = RunEnd(text, symbols, split_scan::IsSymbol);
    while (end < text.size() && (text[end] == '\r' || text[end] == '\n' || text[end] == '/')) ++end;
    return end;
  }
  // `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`.
  const split_scan::WhitespaceRun run = split_scan::ScanWhitespace(text, pos);
  if (run.last_newline_end != kNone) return run.last_newline_end;
  return split_scan::WhitespaceWithLookaheadEnd(text, pos, run);
}

}  // namespace

void ScanO200kPieces(std::string_view text, std::vector<Match>& pieces) {
  split_scan::CollectPieces(text, pieces, [&](size_t pos) { return O200kPieceEnd(text, pos); });
}

}  // namespace tokenmill

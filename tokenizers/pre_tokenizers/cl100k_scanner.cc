// cl100k: '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
//         ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
// (the legacy spelling has no `\s++$` and writes `\s*[\r\n]+`, which cuts the same way;
// Qwen2's is the legacy one with `\p{N}` for `\p{N}{1,3}`).
#include "tokenizers/pre_tokenizers/scan_helpers.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace {

using split_scan::CharAt;
using split_scan::CharKind;
using split_scan::RunEnd;
using split_scan::ScannedChar;

template <size_t kMaxDigits>
size_t Cl100kPieceEnd(std::string_view text, size_t pos, bool whole_trailing_whitespace) {
  const ScannedChar c = CharAt(text, pos);
  const size_t next = pos + c.length;
  if (c.cp == '\'') {
    const size_t end = split_scan::CaseInsensitiveContractionEnd(text, pos);
    if (end != std::string_view::npos) return end;
  }
  // [^\r\n\p{L}\p{N}]?+\p{L}++
  if (split_scan::IsLetterPrefix(c.kind) && next < text.size() &&
      split_scan::IsLetter(CharAt(text, next).kind)) {
    return split_scan::LetterRunEnd(text, next);
  }
  if (split_scan::IsLetter(c.kind)) return split_scan::LetterRunEnd(text, next);
  // \p{N}{1,3}+ (or \p{N})
  if (c.kind == CharKind::kNumber) {
    if constexpr (kMaxDigits == 1) return next;
    return split_scan::RunEndAtMost(text, pos, kMaxDigits,
                                    [](CharKind k) { return k == CharKind::kNumber; });
  }
  // ` ?[^\s\p{L}\p{N}]++[\r\n]*+`
  size_t symbols = std::string_view::npos;
  if (c.cp == ' ' && next < text.size() && split_scan::IsSymbol(CharAt(text, next).kind)) {
    symbols = next;
  } else if (split_scan::IsSymbol(c.kind)) {
    symbols = pos;
  }
  if (symbols != std::string_view::npos) {
    const size_t end = RunEnd(text, symbols, split_scan::IsSymbol);
    return RunEnd(text, end, [](CharKind k) { return k == CharKind::kNewline; });
  }
  // Whitespace: `\s++$`, `\s*[\r\n]`, `\s+(?!\S)`, `\s`.
  const split_scan::WhitespaceRun run = split_scan::ScanWhitespace(text, pos);
  if (whole_trailing_whitespace && run.end == text.size()) return run.end;
  if (run.last_newline_end != std::string_view::npos) return run.last_newline_end;
  return split_scan::WhitespaceWithLookaheadEnd(text, pos, run);
}

}  // namespace

void ScanCl100kPieces(std::string_view text, bool whole_trailing_whitespace,
                      std::vector<Match>& pieces, bool single_digits) {
  if (single_digits) {
    split_scan::CollectPieces(
        text, pieces,
        [&](size_t pos) { return Cl100kPieceEnd<1>(text, pos, whole_trailing_whitespace); });
    return;
  }
  split_scan::CollectPieces(
      text, pieces,
      [&](size_t pos) { return Cl100kPieceEnd<3>(text, pos, whole_trailing_whitespace); });
}

}  // namespace tokenmill

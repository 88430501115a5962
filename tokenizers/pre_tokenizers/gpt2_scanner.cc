// GPT-2 / r50k / p50k: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
#include "tokenizers/pre_tokenizers/scan_helpers.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace {

using split_scan::CharAt;
using split_scan::CharKind;
using split_scan::RunEnd;
using split_scan::ScannedChar;

// The case-sensitive contractions of the first seven alternatives: their end, or 0.
size_t ContractionEnd(std::string_view text, size_t pos) {
  const std::string_view rest = text.substr(pos + 1);
  if (rest.empty()) return 0;
  const char a = rest[0];
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return pos + 2;
  if (rest.size() < 2) return 0;
  const std::string_view two = rest.substr(0, 2);
  if (two == "re" || two == "ve" || two == "ll") return pos + 3;
  return 0;
}

// ` ?\p{L}+`, ` ?\p{N}+` or ` ?[^\s\p{L}\p{N}]+` from `start` (after the optional space),
// chosen by the kind of the character there; 0 when it is whitespace.
size_t ClassRunEnd(std::string_view text, size_t start, CharKind kind) {
  if (split_scan::IsLetter(kind)) return split_scan::LetterRunEnd(text, start);
  if (kind == CharKind::kNumber) {
    return RunEnd(text, start, [](CharKind k) { return k == CharKind::kNumber; });
  }
  if (split_scan::IsSymbol(kind)) return RunEnd(text, start, split_scan::IsSymbol);
  return 0;
}

size_t Gpt2PieceEnd(std::string_view text, size_t pos) {
  const ScannedChar c = CharAt(text, pos);
  if (c.cp == '\'') {
    if (size_t end = ContractionEnd(text, pos)) return end;
  }
  if (c.cp == ' ' && pos + 1 < text.size()) {
    if (size_t end = ClassRunEnd(text, pos + 1, CharAt(text, pos + 1).kind)) return end;
  }
  if (size_t end = ClassRunEnd(text, pos, c.kind)) return end;
  const split_scan::WhitespaceRun run = split_scan::ScanWhitespace(text, pos);
  return split_scan::WhitespaceWithLookaheadEnd(text, pos, run);
}

}  // namespace

void ScanGpt2Pieces(std::string_view text, std::vector<Match>& pieces) {
  split_scan::CollectPieces(text, pieces, [&](size_t pos) { return Gpt2PieceEnd(text, pos); });
}

}  // namespace tokenmill

#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace {

constexpr std::string_view kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
// tiktoken 0.14's r50k/p50k spelling: the same pieces as kGpt2.
constexpr std::string_view kR50k =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)";
constexpr std::string_view kCl100k =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";
constexpr std::string_view kCl100kLegacy =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// Qwen2 / Qwen2.5's tokenizer.json: kCl100kLegacy with single digits.
constexpr std::string_view kQwen2 =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kO200k =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

}  // namespace

void ScanKnownPattern(KnownSplitPattern pattern, std::string_view text,
                      std::vector<Match>& pieces) {
  switch (pattern) {
    case KnownSplitPattern::kGpt2: return ScanGpt2Pieces(text, pieces);
    case KnownSplitPattern::kCl100k: return ScanCl100kPieces(text, true, pieces);
    case KnownSplitPattern::kCl100kLegacy: return ScanCl100kPieces(text, false, pieces);
    case KnownSplitPattern::kQwen2: return ScanCl100kPieces(text, false, pieces, true);
    case KnownSplitPattern::kO200k: return ScanO200kPieces(text, pieces);
  }
}

std::string_view KnownPatternRegex(KnownSplitPattern pattern) {
  switch (pattern) {
    case KnownSplitPattern::kGpt2: return kGpt2;
    case KnownSplitPattern::kCl100k: return kCl100k;
    case KnownSplitPattern::kCl100kLegacy: return kCl100kLegacy;
    case KnownSplitPattern::kQwen2: return kQwen2;
    case KnownSplitPattern::kO200k: return kO200k;
  }
  return {};
}

std::optional<KnownSplitPattern> RecognizeSplitPattern(std::string_view regex) {
  if (regex == kGpt2 || regex == kR50k) return KnownSplitPattern::kGpt2;
  // Not kCl100k: HF's Oniguruma reads its `\p{N}{1,3}+` as unlimited digits, not tiktoken's
  // possessive {1,3}, so that spelling in a tokenizer.json is not this scanner.
  if (regex == kCl100kLegacy) return KnownSplitPattern::kCl100kLegacy;
  if (regex == kQwen2) return KnownSplitPattern::kQwen2;
  if (regex == kO200k) return KnownSplitPattern::kO200k;
  return std::nullopt;
}

std::optional<KnownSplitPattern> RecognizeTiktokenPattern(std::string_view pat_str) {
  if (pat_str == kCl100k) return KnownSplitPattern::kCl100k;
  return RecognizeSplitPattern(pat_str);
}

std::string_view TiktokenPatternString(KnownSplitPattern pattern) {
  return pattern == KnownSplitPattern::kGpt2 ? kR50k : KnownPatternRegex(pattern);
}

}  // namespace tokenmill

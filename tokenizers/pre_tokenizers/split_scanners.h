// Exact hand-written scanners for the split patterns of OpenAI's encodings, which RE2 cannot
// run (lookahead `\s+(?!\S)`, possessive quantifiers):
//   GPT-2 / r50k / p50k: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//   cl100k (tiktoken 0.14): '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
//                           ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
//   cl100k legacy (tiktoken's npm registry, Llama 3): the same without `\s++$`
//   o200k: see o200k_scanner.cc.
// Each reproduces the leftmost-first backtracking semantics of Oniguruma / fancy-regex
// (alternatives tried in order, greedy quantifiers backing off), checked against HF
// tokenizers 0.22 on the corpus and on random strings (tests/pre_tokenizers).
//
// Every one of these patterns matches at every position, so the matches tile the text:
// the scanners append consecutive pieces [begin, end) covering all of `text` (valid UTF-8).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

enum class KnownSplitPattern { kGpt2, kCl100k, kCl100kLegacy, kQwen2, kO200k };

void ScanGpt2Pieces(std::string_view text, std::vector<Match>& pieces);
// `whole_trailing_whitespace`: the `\s++$` alternative of tiktoken 0.14's cl100k;
// `single_digits`: `\p{N}` for `\p{N}{1,3}` (Qwen2).
void ScanCl100kPieces(std::string_view text, bool whole_trailing_whitespace,
                      std::vector<Match>& pieces, bool single_digits = false);
void ScanO200kPieces(std::string_view text, std::vector<Match>& pieces);

void ScanKnownPattern(KnownSplitPattern pattern, std::string_view text,
                      std::vector<Match>& pieces);

// The exact regex string of each pattern (as tokenizer.json / tiktoken spell it).
std::string_view KnownPatternRegex(KnownSplitPattern pattern);
// Recognizes a Split regex of a tokenizer.json that HF (Oniguruma) runs exactly as one of the
// scanners: GPT-2's and r50k's spellings, cl100k's legacy one (Llama 3's), Qwen2's, o200k's. (tiktoken 0.14's cl100k
// spelling is not: Oniguruma reads its `\p{N}{1,3}+` as `(?:\p{N}{1,3})+`.)
std::optional<KnownSplitPattern> RecognizeSplitPattern(std::string_view regex);
// The same for a tiktoken pat_str (fancy-regex, where `{1,3}+` is possessive): every spelling
// above plus tiktoken 0.14's cl100k.
std::optional<KnownSplitPattern> RecognizeTiktokenPattern(std::string_view pat_str);
// A pattern as tiktoken 0.14 spells it in openai_public.py (GPT-2's: r50k's spelling).
std::string_view TiktokenPatternString(KnownSplitPattern pattern);

}  // namespace tokenmill

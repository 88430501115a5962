// A Split regex written for Oniguruma (HF), matched with RE2, with the one lookahead the
// tokenizer.json files in use rely on.
//
// RE2 has no lookaround, yet nearly every modern byte-level BPE (Llama 3, Qwen2, DeepSeek,
// Mistral's Tekken, ...) splits with a pattern ending in `|\s+(?!\S)|\s+`: a whitespace run
// before a word gives its last character to the word. The lookahead is exact to emulate when
// `\s+(?!\S)` is a whole top-level alternative, as it is there: that alternative, as plain
// `\s+`, takes the maximal whitespace run, so a non-space follows unless the text ends. Then
// (?!\S) backtracks one character: the run less its last character, or, for a run of one
// character, the alternative fails and the alternatives after it decide at that position.
// Lookaround anywhere else is still refused with RE2's error.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "re2/re2.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

class SplitRegex {
 public:
  // `pattern` in Oniguruma's syntax (translated by onig_to_re2.h).
  static absl::StatusOr<std::unique_ptr<SplitRegex>> Create(std::string_view pattern);

  // The leftmost match starting at or after byte `from` of `text` (valid UTF-8), with
  // Oniguruma's leftmost-first choice among alternatives; false when there is none.
  bool Find(std::string_view text, size_t from, Match& found) const;

 private:
  SplitRegex() = default;

  // The match at exactly `begin` once the lookahead alternative turned out to fail there.
  bool MatchLaterAlternatives(const re2::StringPiece& subject, size_t begin, Match& found) const;

  std::unique_ptr<RE2> regex_;  // with the lookahead alternative as the group below
  int lookahead_group_ = 0;     // 0: the pattern has no lookahead alternative
  // The pattern without the lookahead alternative (null when nothing else is left).
  std::unique_ptr<RE2> without_lookahead_;
};

// The pattern's alternatives at the top level (outside groups and classes), in order.
std::vector<std::string_view> TopLevelAlternatives(std::string_view pattern);

}  // namespace tokenmill

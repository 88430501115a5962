// HF's Split pre-tokenizer: splits on a literal string or a regex, keeping the delimiters
// as `behavior` says; with `invert`, the matches are the pieces and the text between them
// the delimiters. HF compiles the regex with Oniguruma; tokenmill translates it for RE2
// (see onig_to_re2.h for what is rewritten and what is refused) and iterates matches
// the way Oniguruma's find_iter does (an empty match right after a match is skipped).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/pre_tokenizers/pre_tokenizer.h"
#include "tokenizers/pre_tokenizers/split_regex.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {

struct SplitPattern {
  enum class Kind { kString, kRegex };
  Kind kind;
  std::string text;
};

class SplitPreTokenizer : public PreTokenizer {
 public:
  // Fails when the regex cannot be compiled or matched exactly with RE2.
  static absl::StatusOr<std::unique_ptr<SplitPreTokenizer>> Create(SplitPattern pattern,
                                                                   SplitBehavior behavior,
                                                                   bool invert);

  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

  // Appends the matches of the pattern in `text`, in order (HF's find_iter).
  void FindMatches(std::string_view text, std::vector<Match>& matches) const;

 private:
  SplitPreTokenizer(SplitPattern pattern, std::unique_ptr<SplitRegex> regex,
                    std::optional<KnownSplitPattern> scanner, SplitBehavior behavior, bool invert)
      : pattern_(std::move(pattern)), regex_(std::move(regex)), scanner_(scanner),
        behavior_(behavior), invert_(invert) {}

  SplitPattern pattern_;
  std::unique_ptr<SplitRegex> regex_;          // null when scanner_ is set
  std::optional<KnownSplitPattern> scanner_;   // the pattern is one a scanner matches exactly
  SplitBehavior behavior_;
  bool invert_;
};

}  // namespace tokenmill

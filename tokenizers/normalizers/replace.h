// HF's Replace: every match of a literal string or an (Oniguruma) regex becomes `content`.
// HF compiles both kinds as a regex and iterates matches as Split does, so Replace shares
// the Split pre-tokenizer's matcher (RE2 with the Oniguruma translation of onig_to_re2.h).
// The replacement characters all take the span of the match's last byte (HF inserts them
// after removing the match), so an empty `content` just deletes the match.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/pre_tokenizers/split.h"

namespace tokenmill {

class ReplaceNormalizer : public Normalizer {
 public:
  // Fails when the regex cannot be run exactly with RE2.
  static absl::StatusOr<std::unique_ptr<ReplaceNormalizer>> Create(SplitPattern pattern,
                                                                   std::string content);

  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  ReplaceNormalizer(SplitPattern pattern, std::string content,
                    std::unique_ptr<SplitPreTokenizer> matcher)
      : pattern_(std::move(pattern)), content_(std::move(content)), matcher_(std::move(matcher)) {}

  SplitPattern pattern_;
  std::string content_;
  std::unique_ptr<SplitPreTokenizer> matcher_;
};

}  // namespace tokenmill

// SentencePiece's normalizer (normalizer.cc, 0.1.97), step for step: user-defined symbols
// first (copied verbatim, longest match), else the longest precompiled_charsmap rule, else
// one character (an invalid byte becomes U+FFFD and consumes one byte); leading, repeated
// and trailing spaces of the *output* removed (remove_extra_whitespaces); spaces escaped as
// ▁ (escape_whitespaces); one ▁ prepended (add_dummy_prefix) or appended
// (treat_whitespace_as_suffix).
//
// Offsets follow sentencepiece's norm_to_orig, one entry per normalized byte plus one: every
// byte of a rule's output maps to where the rule's input starts, the last entry to where the
// consumed input ends. A piece covering normalized bytes [b, e) covers original bytes
// [norm_to_orig[b], norm_to_orig[e]) — so text a rule deleted belongs to the piece before it.
// (tokenmill's NormalizedString gives each byte its own source span, which would put that
// deleted text nowhere; hence this separate map.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/normalizers/precompiled_charsmap.h"
#include "tokenizers/sentencepiece/char_rule_table.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"
#include "tokenizers/sentencepiece/sentencepiece_model.pb.h"

namespace tokenmill {

struct SentencePieceNormalized {
  std::string text;                    // with ▁ for spaces (when escaping)
  std::vector<uint32_t> norm_to_orig;  // text.size() + 1 entries; empty when text is empty
};

class SentencePieceNormalizer {
 public:
  struct Options {
    bool add_dummy_prefix = true;
    bool remove_extra_whitespaces = true;
    bool escape_whitespaces = true;
    bool treat_whitespace_as_suffix = false;
  };

  // `charsmap` empty = identity. Fails (naming the reason) if the charsmap does not parse.
  static absl::StatusOr<SentencePieceNormalizer> Create(
      std::string_view charsmap, const Options& options,
      const std::vector<std::string_view>& user_defined_symbols = {});
  // From a `.model`'s normalizer spec (+ trainer_spec.treat_whitespace_as_suffix).
  static absl::StatusOr<SentencePieceNormalizer> FromSpec(
      const spm::NormalizerSpec& spec, bool treat_whitespace_as_suffix,
      const std::vector<std::string_view>& user_defined_symbols = {});

  // Never fails; invalid UTF-8 is replaced as sentencepiece does (callers that want an
  // error check the input first). `out` is overwritten (its buffers are reused).
  void Normalize(std::string_view input, SentencePieceNormalized& out) const;
  std::string Normalize(std::string_view input) const;

  const Options& options() const { return options_; }
  bool has_charsmap() const { return charsmap_.has_value(); }
  const PrecompiledCharsMap* charsmap() const { return charsmap_ ? &*charsmap_ : nullptr; }

 private:
  struct Prefix {
    std::string_view replacement;
    size_t length;
  };
  Prefix NormalizePrefix(std::string_view input) const;
  // The precomputed rule for the character at input[i] (its byte length in `length`) when
  // it applies there, else null (NormalizePrefix decides).
  const CharRuleTable::Rule* FastRule(std::string_view input, size_t i, size_t& length) const;

  Options options_;
  std::optional<PrecompiledCharsMap> charsmap_;
  PrefixMatcher user_defined_;
  CharRuleTable rules_;  // what the lookup does with each BMP character, precomputed
};

}  // namespace tokenmill

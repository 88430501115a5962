// HF's "Precompiled" normalizer (normalizers/precompiled.rs): a SentencePiece charsmap
// applied grapheme by grapheme, as Hugging Face does it — which differs from sentencepiece's
// own longest-match normalizer (tokenizers/sentencepiece) on rare inputs: a grapheme under 6
// bytes is replaced whole by the rule of its *shortest* matching prefix; otherwise each
// character by its own rule. The charsmap code is shared with the SentencePiece normalizer.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/normalizers/precompiled_charsmap.h"

namespace tokenmill {

class PrecompiledNormalizer : public Normalizer {
 public:
  // `blob` is the raw charsmap (tokenizer.json stores it in base64). HF also requires the
  // replacement strings to be UTF-8.
  static absl::StatusOr<std::unique_ptr<PrecompiledNormalizer>> Create(std::string_view blob);

  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  explicit PrecompiledNormalizer(PrecompiledCharsMap map) : map_(std::move(map)) {}
  PrecompiledCharsMap map_;
};

}  // namespace tokenmill

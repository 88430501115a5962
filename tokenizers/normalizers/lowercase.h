// HF's Lowercase: Rust's char::to_lowercase per character (context-free, so final sigma
// stays σ); every output character keeps the span of the character it came from.
#pragma once

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class LowercaseNormalizer : public Normalizer {
 public:
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "Lowercase"}}; }
};

}  // namespace tokenmill

// HF's ByteLevel normalizer: every byte of the text becomes its GPT-2 byte-level character
// (the ByteLevel pre-tokenizer's mapping, byte_level.h), each with its source character's span.
// {"type":"ByteLevel"}
#pragma once

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class ByteLevelNormalizer : public Normalizer {
 public:
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "ByteLevel"}}; }
};

}  // namespace tokenmill

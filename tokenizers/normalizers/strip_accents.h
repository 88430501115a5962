// HF's StripAccents: removes every combining mark (General_Category M in HF's Unicode 9.0
// tables), without decomposing first; kept characters keep their spans.
#pragma once

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class StripAccentsNormalizer : public Normalizer {
 public:
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "StripAccents"}}; }
};

}  // namespace tokenmill

// Normalizers rewrite a NormalizedString in place, keeping its alignment to the original.
#pragma once

#include "nlohmann/json.hpp"
#include "tokenizers/normalized_string.h"

namespace tokenmill {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual void Normalize(NormalizedString& text) const = 0;
  // The tokenizer.json form of this normalizer (with its "type").
  virtual nlohmann::ordered_json ToJson() const = 0;
};

}  // namespace tokenmill

// Pre-tokenizers cut the normalized text into the splits ("words") the model sees.
#pragma once

#include "nlohmann/json.hpp"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  virtual void PreTokenize(PreTokenizedString& text) const = 0;
  virtual nlohmann::ordered_json ToJson() const = 0;
};

}  // namespace tokenmill

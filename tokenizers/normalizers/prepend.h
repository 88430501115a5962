// HF's Prepend: puts `prepend` in front of a non-empty string; the new characters share
// the span of the first character (HF transforms the first character into prepend + it).
#pragma once

#include <string>

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class PrependNormalizer : public Normalizer {
 public:
  explicit PrependNormalizer(std::string prepend) : prepend_(std::move(prepend)) {}
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "Prepend"}, {"prepend", prepend_}};
  }

 private:
  std::string prepend_;
};

}  // namespace tokenmill

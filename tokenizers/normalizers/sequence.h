// HF's normalizers Sequence: runs each normalizer in order on the same string.
#pragma once

#include <memory>
#include <vector>

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class NormalizerSequence : public Normalizer {
 public:
  explicit NormalizerSequence(std::vector<std::unique_ptr<Normalizer>> normalizers)
      : normalizers_(std::move(normalizers)) {}
  void Normalize(NormalizedString& text) const override {
    for (const auto& n : normalizers_) n->Normalize(text);
  }
  nlohmann::ordered_json ToJson() const override;

 private:
  std::vector<std::unique_ptr<Normalizer>> normalizers_;
};

}  // namespace tokenmill

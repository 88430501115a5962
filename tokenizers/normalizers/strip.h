// HF's Strip: removes leading and/or trailing whitespace (Rust's char::is_whitespace);
// the remaining characters keep their spans.
#pragma once

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class StripNormalizer : public Normalizer {
 public:
  StripNormalizer(bool strip_left, bool strip_right)
      : strip_left_(strip_left), strip_right_(strip_right) {}
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  bool strip_left_;
  bool strip_right_;
};

}  // namespace tokenmill

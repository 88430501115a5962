// HF's NFC, NFD, NFKC and NFKD normalizers (one class, the form picks the "type").
#pragma once

#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/normalizers/unicode_normalization.h"

namespace tokenmill {

class UnicodeNormalizer : public Normalizer {
 public:
  explicit UnicodeNormalizer(NormalizationForm form) : form_(form) {}
  void Normalize(NormalizedString& text) const override { tokenmill::Normalize(form_, text); }
  nlohmann::ordered_json ToJson() const override;

  NormalizationForm form() const { return form_; }

 private:
  NormalizationForm form_;
};

// "NFC", "NFD", "NFKC", "NFKD".
const char* NormalizationFormName(NormalizationForm form);

}  // namespace tokenmill

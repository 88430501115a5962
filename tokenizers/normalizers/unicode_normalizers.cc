#include "tokenizers/normalizers/unicode_normalizers.h"

namespace tokenmill {

const char* NormalizationFormName(NormalizationForm form) {
  switch (form) {
    case NormalizationForm::kNfd: return "NFD";
    case NormalizationForm::kNfkd: return "NFKD";
    case NormalizationForm::kNfc: return "NFC";
    case NormalizationForm::kNfkc: return "NFKC";
  }
  return "";
}

nlohmann::ordered_json UnicodeNormalizer::ToJson() const {
  return {{"type", NormalizationFormName(form_)}};
}

}  // namespace tokenmill

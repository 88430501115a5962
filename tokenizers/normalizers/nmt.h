// HF's Nmt normalizer (SentencePiece's nmt_nfkc rules without the NFKC): drops ASCII control
// characters (U+0001-0008, 000B, 000E-001F, 007F, 008F, 009F) and turns other "whitespace"
// (tab, LF, FF, CR, U+1680, U+200B-200F, 2028, 2029, 2581, FEFF, FFFD) into a space; each kept
// character keeps its span. {"type":"Nmt"}
#pragma once

#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

class NmtNormalizer : public Normalizer {
 public:
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "Nmt"}}; }
};

}  // namespace tokenmill

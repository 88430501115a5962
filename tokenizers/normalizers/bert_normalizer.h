// HF's BertNormalizer: clean_text, handle_chinese_chars, strip_accents, lowercase.
#pragma once

#include <array>
#include <cstring>
#include <optional>
#include <string>

#include "tokenizers/base/code_point_cache.h"
#include "tokenizers/normalizers/normalizer.h"

namespace tokenmill {

struct BertNormalizerOptions {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  std::optional<bool> strip_accents;  // unset: follows `lowercase` (HF's rule)
  bool lowercase = true;
};

class BertNormalizer : public Normalizer {
 public:
  explicit BertNormalizer(BertNormalizerOptions options);
  void Normalize(NormalizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

  // The output for one code point (all BERT steps are per character).
  void MapChar(char32_t cp, std::string& out) const;

 private:
  void AppendStripAndLowercase(char32_t cp, std::string& out) const;
  template <typename SpanOf>
  void Rewrite(NormalizedString& text, SpanOf span_of) const;

  BertNormalizerOptions options_;
  bool strip_accents_;
  // Precomputed output per ASCII byte; -1 = removed.
  std::array<int16_t, 128> ascii_;
  // MapChar of every other code point, computed on first use.
  struct ComputeEntry {
    const BertNormalizer* self;
    InlineUtf8 operator()(char32_t cp) const;
  };
  CodePointCache<InlineUtf8, ComputeEntry> cache_{ComputeEntry{this}};
};

}  // namespace tokenmill

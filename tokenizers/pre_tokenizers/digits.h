// HF's Digits pre-tokenizer: isolates numeric characters (Rust's char::is_numeric: Nd, Nl,
// No), one per piece with `individual_digits`, else each run of them as one piece.
#pragma once

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class DigitsPreTokenizer : public PreTokenizer {
 public:
  explicit DigitsPreTokenizer(bool individual_digits = false)
      : individual_digits_(individual_digits) {}
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "Digits"}, {"individual_digits", individual_digits_}};
  }

 private:
  bool individual_digits_;
};

}  // namespace tokenmill

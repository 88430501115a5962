// HF's FixedLength pre-tokenizer: pieces of `length` characters (the last may be shorter).
// {"type":"FixedLength","length":5}; a length of 0 is refused when the pre-tokenizer is made.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class FixedLengthPreTokenizer : public PreTokenizer {
 public:
  static absl::StatusOr<std::unique_ptr<FixedLengthPreTokenizer>> Create(size_t length);

  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "FixedLength"}, {"length", length_}};
  }

 private:
  explicit FixedLengthPreTokenizer(size_t length) : length_(length) {}
  size_t length_;
};

}  // namespace tokenmill

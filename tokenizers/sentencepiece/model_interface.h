// What SentencePieceProcessor needs from a model (sentencepiece's ModelInterface, reduced):
// a segmentation of the normalized text into tokens {id, begin, end} — bytes of the
// normalized text, contiguous, covering it — with characters outside the vocabulary as
// unknown-id tokens (the processor merges their runs or expands them into bytes).
#pragma once

#include <string_view>
#include <vector>

#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

class SentencePieceModelInterface {
 public:
  virtual ~SentencePieceModelInterface() = default;
  // Appends to `out`.
  virtual void Encode(std::string_view normalized, std::vector<Token>& out) const = 0;
};

}  // namespace tokenmill

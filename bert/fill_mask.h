// Masked-token prediction on text, as HF's fill-mask pipeline: the top-k vocabulary entries
// for each [MASK] of the text, with softmax probabilities.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bert/model.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bert {

struct MaskPrediction {
  uint32_t token_id = 0;
  std::string token;  // the vocabulary entry (e.g. "##s")
  float score = 0;    // softmax probability over the vocabulary
  float logit = 0;
};

// One list (best first) per mask token in `text`, in text order. Error when the text has no
// mask token, the model no MLM head, or the text is too long for the model.
absl::StatusOr<std::vector<std::vector<MaskPrediction>>> FillMask(
    const BertModel& model, const Tokenizer& tokenizer, std::string_view text, size_t top_k = 5,
    std::string_view mask_token = "[MASK]");

}  // namespace tokenmill::bert

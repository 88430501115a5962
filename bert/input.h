// A batch of model inputs, as the HF model takes them: [batch, length] int arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "bert/config.h"
#include "tokenizers/encoding.h"

namespace tokenmill::bert {

struct BertInput {
  size_t batch = 0;
  size_t length = 0;
  std::vector<int32_t> input_ids;       // [batch * length]
  std::vector<int32_t> token_type_ids;  // [batch * length]; empty: all 0
  std::vector<int32_t> attention_mask;  // [batch * length]; empty: all 1

  int32_t token_type(size_t i) const { return token_type_ids.empty() ? 0 : token_type_ids[i]; }
  bool attends(size_t i) const { return attention_mask.empty() || attention_mask[i] != 0; }

  // Rows of tokenmill encodings, right-padded with `pad_id` (mask 0) to the longest.
  static BertInput FromEncodings(const std::vector<Encoding>& rows, uint32_t pad_id = 0);
};

// Sizes agree, ids < vocab_size, token types < type_vocab_size, masks are 0/1 and the
// length is at most max_position_embeddings; otherwise InvalidArgument naming the position.
absl::Status ValidateInput(const BertInput& input, const BertConfig& config);

}  // namespace tokenmill::bert

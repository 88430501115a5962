#include "bert/fill_mask.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::bert {

absl::StatusOr<std::vector<std::vector<MaskPrediction>>> FillMask(
    const BertModel& model, const Tokenizer& tokenizer, std::string_view text, size_t top_k,
    std::string_view mask_token) {
  if (!model.has_mlm_head()) {
    return absl::FailedPreconditionError("the model has no MLM head (cls.predictions.*)");
  }
  const std::optional<uint32_t> mask_id = tokenizer.TokenToId(mask_token);
  if (!mask_id) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the tokenizer has no mask token \"%s\"", mask_token));
  }
  TM_ASSIGN_OR_RETURN(Encoding encoding, tokenizer.Encode(text));
  std::vector<size_t> positions;
  for (size_t i = 0; i < encoding.size(); ++i) {
    if (encoding.ids[i] == *mask_id && encoding.attention_mask[i]) positions.push_back(i);
  }
  if (positions.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("no %s token in the text", mask_token));
  }
  TM_ASSIGN_OR_RETURN(BertOutput out, model.Forward(BertInput::FromEncodings({encoding}),
                                                    ForwardOptions{.pooler = false}));
  const size_t H = out.hidden_size, V = model.config().vocab_size;
  FloatBuffer rows(positions.size() * H);
  for (size_t m = 0; m < positions.size(); ++m) {
    std::copy_n(out.last_hidden_state.begin() + positions[m] * H, H, rows.begin() + m * H);
  }
  TM_ASSIGN_OR_RETURN(FloatBuffer logits, model.MlmLogits(rows.data(), positions.size()));
  top_k = std::min(top_k, V);
  std::vector<std::vector<MaskPrediction>> result;
  std::vector<uint32_t> order(V);
  for (size_t m = 0; m < positions.size(); ++m) {
    const float* row = logits.data() + m * V;
    const double max = *std::max_element(row, row + V);
    double sum = 0;
    for (size_t v = 0; v < V; ++v) sum += std::exp(row[v] - max);
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + top_k, order.end(), [&](uint32_t a, uint32_t b) {
      return row[a] > row[b] || (row[a] == row[b] && a < b);
    });
    std::vector<MaskPrediction> top;
    for (size_t k = 0; k < top_k; ++k) {
      const uint32_t id = order[k];
      top.push_back({id, tokenizer.IdToToken(id).value_or(""),
                     static_cast<float>(std::exp(row[id] - max) / sum), row[id]});
    }
    result.push_back(std::move(top));
  }
  return result;
}

}  // namespace tokenmill::bert

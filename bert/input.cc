#include "bert/input.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace tokenmill::bert {

BertInput BertInput::FromEncodings(const std::vector<Encoding>& rows, uint32_t pad_id) {
  BertInput in;
  in.batch = rows.size();
  for (const Encoding& e : rows) in.length = std::max(in.length, e.size());
  const size_t n = in.batch * in.length;
  in.input_ids.assign(n, static_cast<int32_t>(pad_id));
  in.token_type_ids.assign(n, 0);
  in.attention_mask.assign(n, 0);
  for (size_t b = 0; b < rows.size(); ++b) {
    const Encoding& e = rows[b];
    for (size_t t = 0; t < e.size(); ++t) {
      const size_t i = b * in.length + t;
      in.input_ids[i] = static_cast<int32_t>(e.ids[t]);
      in.token_type_ids[i] = static_cast<int32_t>(e.type_ids[t]);
      in.attention_mask[i] = e.attention_mask.empty() ? 1 : e.attention_mask[t];
    }
  }
  return in;
}

absl::Status ValidateInput(const BertInput& in, const BertConfig& config) {
  if (in.batch == 0 || in.length == 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("empty input: batch %d x length %d", in.batch, in.length));
  }
  if (in.length > config.max_position_embeddings) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sequence length %d exceeds max_position_embeddings %d", in.length,
        config.max_position_embeddings));
  }
  const size_t n = in.batch * in.length;
  if (in.input_ids.size() != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "input_ids has %d values, expected batch %d x length %d", in.input_ids.size(), in.batch,
        in.length));
  }
  if (!in.token_type_ids.empty() && in.token_type_ids.size() != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "token_type_ids has %d values, expected %d", in.token_type_ids.size(), n));
  }
  if (!in.attention_mask.empty() && in.attention_mask.size() != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "attention_mask has %d values, expected %d", in.attention_mask.size(), n));
  }
  for (size_t i = 0; i < n; ++i) {
    const int32_t id = in.input_ids[i];
    if (id < 0 || static_cast<size_t>(id) >= config.vocab_size) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "input_ids[%d][%d] = %d is outside the vocabulary [0, %d)", i / in.length,
          i % in.length, id, config.vocab_size));
    }
    const int32_t type = in.token_type(i);
    if (type < 0 || static_cast<size_t>(type) >= config.type_vocab_size) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "token_type_ids[%d][%d] = %d is outside [0, %d)", i / in.length, i % in.length, type,
          config.type_vocab_size));
    }
    if (!in.attention_mask.empty() && in.attention_mask[i] != 0 && in.attention_mask[i] != 1) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "attention_mask[%d][%d] = %d is not 0 or 1", i / in.length, i % in.length,
          in.attention_mask[i]));
    }
  }
  return absl::OkStatus();
}

}  // namespace tokenmill::bert

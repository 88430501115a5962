// The model geometry from a Hugging Face BERT config.json.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tokenmill::bert {

enum class Activation { kGeluErf, kGeluTanh, kRelu };

struct BertConfig {
  size_t vocab_size = 30522;
  size_t hidden_size = 768;
  size_t num_hidden_layers = 12;
  size_t num_attention_heads = 12;
  size_t intermediate_size = 3072;
  Activation hidden_act = Activation::kGeluErf;
  size_t max_position_embeddings = 512;
  size_t type_vocab_size = 2;
  double layer_norm_eps = 1e-12;
  size_t pad_token_id = 0;
  bool tie_word_embeddings = true;

  size_t head_size() const { return hidden_size / num_attention_heads; }
};

// Parses config.json text; `source` names the file in errors. Missing keys take HF's
// BertConfig defaults; present keys must have the right type and sane values.
absl::StatusOr<BertConfig> ParseBertConfig(std::string_view json_text, std::string_view source);
absl::StatusOr<BertConfig> LoadBertConfig(const std::string& path);

// "gelu" (erf form), "gelu_new"/"gelu_pytorch_tanh"/"gelu_fast" (tanh form), "relu".
absl::StatusOr<Activation> ActivationFromName(std::string_view name);

}  // namespace tokenmill::bert

// The parameters of a BERT pre-training model, read from model.safetensors under HF names and
// checked against the config: every name, dtype and shape. Float32 tensors are used in place
// from the mapping when aligned; others (F16/BF16, unaligned, fused Q/K/V) are copied.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bert/config.h"
#include "bert/safetensors.h"

namespace tokenmill::bert {

// y = x W^T + b, W stored [out, in] as torch.nn.Linear.
struct LinearWeights {
  const float* weight = nullptr;
  const float* bias = nullptr;
  size_t out = 0;
  size_t in = 0;
};

struct LayerNormWeights {
  const float* gamma = nullptr;
  const float* beta = nullptr;
};

struct EncoderLayerWeights {
  LinearWeights qkv;  // query, key and value stacked: [3H, H], bias [3H]
  LinearWeights attention_output;
  LayerNormWeights attention_layer_norm;
  LinearWeights intermediate;
  LinearWeights output;
  LayerNormWeights output_layer_norm;
};

struct EmbeddingWeights {
  const float* word = nullptr;        // [V, H]
  const float* position = nullptr;    // [P, H]
  const float* token_type = nullptr;  // [T, H]
  LayerNormWeights layer_norm;
};

struct MlmHeadWeights {
  LinearWeights transform;
  LayerNormWeights transform_layer_norm;
  LinearWeights decoder;  // [V, H]: the word embeddings when tied; bias cls.predictions.bias
};

struct BertWeights {
  EmbeddingWeights embeddings;
  std::vector<EncoderLayerWeights> layers;
  std::optional<LinearWeights> pooler;
  std::optional<MlmHeadWeights> mlm;
  std::optional<LinearWeights> nsp;  // [2, H]

  // Keeps the mapping and the copied tensors alive.
  std::shared_ptr<const SafetensorsFile> file;
  std::vector<std::vector<float>> storage;
};

absl::StatusOr<BertWeights> LoadBertWeights(std::shared_ptr<const SafetensorsFile> file,
                                            const BertConfig& config);

}  // namespace tokenmill::bert

// The encoder stack of BERT, one function per named piece of HF's modeling_bert.py:
// embeddings → per layer: self-attention → self-output → intermediate → output.
// Activations are row-major [batch * length, width] float32.
#pragma once

#include <cstdint>
#include <vector>

#include "bert/config.h"
#include "bert/input.h"
#include "bert/weights.h"

namespace tokenmill::bert {

// Buffers one forward pass reuses across layers.
struct EncoderWorkspace {
  EncoderWorkspace(const BertConfig& config, size_t batch, size_t length);
  std::vector<uint8_t> keep;  // [batch * length]: attention_mask != 0
  std::vector<float> qkv;     // [rows, 3H]
  std::vector<float> context;
  std::vector<float> projected;     // [rows, H]
  std::vector<float> intermediate;  // [rows, I]
  std::vector<float> scores;        // [length, length]
};

// x = LayerNorm(word[ids] + token_type[types] + position[0..L-1]).
void Embed(const EmbeddingWeights& w, const BertConfig& config, const BertInput& input, float* x);

// Multi-head self-attention with the additive padding mask over keys: writes the heads'
// contexts, concatenated in head order, to ws.context.
void SelfAttention(const EncoderLayerWeights& w, const BertConfig& config, size_t batch,
                   size_t length, const float* x, EncoderWorkspace& ws);

// One BertLayer, in place on x.
void EncoderLayer(const EncoderLayerWeights& w, const BertConfig& config, size_t batch,
                  size_t length, float* x, EncoderWorkspace& ws);

}  // namespace tokenmill::bert

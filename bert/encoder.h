// The encoder stack of BERT, one function per named piece of HF's modeling_bert.py:
// embeddings → per layer: self-attention → self-output → intermediate → output.
// Activations are row-major [batch * length, width] float32. Work is split over a ThreadPool:
// matrix products by output columns, attention by (row, head), the rest by rows.
#pragma once

#include <cstdint>
#include <vector>

#include "bert/aligned_buffer.h"
#include "bert/config.h"
#include "bert/input.h"
#include "bert/kernels.h"
#include "bert/thread_pool.h"
#include "bert/weights.h"

namespace tokenmill::bert {

// What the pieces compute with.
struct Compute {
  const KernelSet& kernels;
  ThreadPool& pool;
};

// Buffers one forward pass reuses across layers (and, kept per thread, across calls: fresh
// multi-megabyte buffers would cost page faults on every call).
struct EncoderWorkspace {
  // Sizes the buffers for a batch (grows only; contents are not preserved).
  void Resize(const BertConfig& config, size_t batch, size_t length);
  std::vector<uint8_t> keep;        // [batch * length]: attention_mask != 0
  FloatBuffer qkv;           // [rows, 3H]
  FloatBuffer context;       // [rows, H]
  FloatBuffer projected;     // [rows, H]
  FloatBuffer intermediate;  // [rows, I]
};

// y[rows, w.out] = x W^T + b, then the activation if given (fused into each thread's block of
// output columns).
void Linear(const Compute& c, const float* x, size_t rows, const LinearWeights& w, float* y,
            Activation* activation = nullptr);
// x = LayerNorm(y + bias + x) over all rows.
void ResidualLayerNorm(const Compute& c, const float* y, const float* bias, float* x,
                       size_t rows, size_t cols, const LayerNormWeights& ln, float eps);

// x = LayerNorm(word[ids] + token_type[types] + position[0..L-1]).
void Embed(const Compute& c, const EmbeddingWeights& w, const BertConfig& config,
           const BertInput& input, float* x);

// Multi-head self-attention with the additive padding mask over keys: writes the heads'
// contexts, concatenated in head order, to ws.context.
void SelfAttention(const Compute& c, const EncoderLayerWeights& w, const BertConfig& config,
                   size_t batch, size_t length, const float* x, EncoderWorkspace& ws);

// One BertLayer, in place on x.
void EncoderLayer(const Compute& c, const EncoderLayerWeights& w, const BertConfig& config,
                  size_t batch, size_t length, float* x, EncoderWorkspace& ws);

}  // namespace tokenmill::bert

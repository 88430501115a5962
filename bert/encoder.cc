#include "bert/encoder.h"

#include <cmath>

namespace tokenmill::bert {
namespace {

// Output columns per block of a split matrix product (keeps SIMD-width slices).
constexpr size_t kColumnGrain = 16;

}  // namespace

void EncoderWorkspace::Resize(const BertConfig& config, size_t batch, size_t length) {
  const size_t rows = batch * length;
  keep.resize(rows);
  qkv.resize(rows * 3 * config.hidden_size);
  context.resize(rows * config.hidden_size);
  projected.resize(rows * config.hidden_size);
  intermediate.resize(rows * config.intermediate_size);
}

void Linear(const Compute& c, const float* x, size_t rows, const LinearWeights& w, float* y,
            Activation* activation) {
  c.pool.ParallelFor(w.out, kColumnGrain, 2 * rows * w.in * w.out, [&](size_t n0, size_t n1) {
    c.kernels.matmul_nt(x, w.in, rows, w.in, w.weight + n0 * w.in, w.in, n1 - n0, y + n0, w.out,
                        1.0f);
    if (activation != nullptr) {
      c.kernels.add_bias_activation(y + n0, w.out, rows, n1 - n0, w.bias + n0, *activation);
    } else {
      c.kernels.add_bias(y + n0, w.out, rows, n1 - n0, w.bias + n0);
    }
  });
}

void ResidualLayerNorm(const Compute& c, const float* y, const float* bias, float* x,
                       size_t rows, size_t cols, const LayerNormWeights& ln, float eps) {
  c.pool.ParallelFor(rows, 1, 8 * rows * cols, [&](size_t r0, size_t r1) {
    c.kernels.add_bias_residual_layer_norm(y + r0 * cols, bias, x + r0 * cols, r1 - r0, cols, ln,
                                           eps);
  });
}

void Embed(const Compute& c, const EmbeddingWeights& w, const BertConfig& config,
           const BertInput& input, float* x) {
  const size_t H = config.hidden_size;
  c.pool.ParallelFor(input.batch * input.length, 1, 12 * input.batch * input.length * H,
                     [&](size_t i0, size_t i1) {
    for (size_t i = i0; i < i1; ++i) {
      const float* word = w.word + static_cast<size_t>(input.input_ids[i]) * H;
      const float* type = w.token_type + static_cast<size_t>(input.token_type(i)) * H;
      // Positions are 0..L-1 in every row, as HF's (also with left padding).
      const float* position = w.position + (i % input.length) * H;
      float* out = x + i * H;
      for (size_t h = 0; h < H; ++h) out[h] = word[h] + type[h] + position[h];
    }
    c.kernels.layer_norm(x + i0 * H, i1 - i0, H, w.layer_norm, config.layer_norm_eps);
  });
}

void SelfAttention(const Compute& c, const EncoderLayerWeights& w, const BertConfig& config,
                   size_t batch, size_t length, const float* x, EncoderWorkspace& ws) {
  const size_t H = config.hidden_size, d = config.head_size(), L = length;
  const size_t heads = config.num_attention_heads;
  Linear(c, x, batch * L, w.qkv, ws.qkv.data());
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  c.pool.ParallelFor(batch * heads, 1, 4 * batch * L * L * H, [&](size_t i0, size_t i1) {
    thread_local FloatBuffer scores;
    scores.resize(L * L);
    for (size_t i = i0; i < i1; ++i) {
      const size_t b = i / heads, h = i % heads;
      const uint8_t* keep = ws.keep.data() + b * L;
      // Keys after the last attended one contribute exactly nothing: leave them out.
      size_t keys = L;
      while (keys > 0 && !keep[keys - 1]) --keys;
      if (keys == 0) keys = L;  // nothing attended: HF's softmax is uniform over all keys
      const float* q = ws.qkv.data() + b * L * 3 * H + h * d;
      const float* k = q + H;
      const float* v = q + 2 * H;
      // scores[L, keys] = q k^T / sqrt(d); context[L, d] (columns h*d.. of the
      // concatenation) = softmax(scores) v
      c.kernels.matmul_nt(q, 3 * H, L, d, k, 3 * H, keys, scores.data(), keys, scale);
      c.kernels.masked_softmax(scores.data(), L, keys, keep);
      c.kernels.matmul_nn(scores.data(), keys, L, keys, v, 3 * H, d,
                          ws.context.data() + b * L * H + h * d, H);
    }
  });
}

void EncoderLayer(const Compute& c, const EncoderLayerWeights& w, const BertConfig& config,
                  size_t batch, size_t length, float* x, EncoderWorkspace& ws) {
  const size_t rows = batch * length, H = config.hidden_size;
  const float eps = config.layer_norm_eps;
  SelfAttention(c, w, config, batch, length, x, ws);
  // self-output: x = LN(context Wo^T + bo + x)   (bias added in the LayerNorm pass)
  c.pool.ParallelFor(H, kColumnGrain, 2 * rows * H * H, [&](size_t n0, size_t n1) {
    c.kernels.matmul_nt(ws.context.data(), H, rows, H, w.attention_output.weight + n0 * H, H,
                        n1 - n0, ws.projected.data() + n0, H, 1.0f);
  });
  ResidualLayerNorm(c, ws.projected.data(), w.attention_output.bias, x, rows, H,
                    w.attention_layer_norm, eps);
  // intermediate: act(x Wi^T + bi)
  Activation act = config.hidden_act;
  Linear(c, x, rows, w.intermediate, ws.intermediate.data(), &act);
  // output: x = LN(intermediate Wout^T + bout + x)
  const size_t I = config.intermediate_size;
  c.pool.ParallelFor(H, kColumnGrain, 2 * rows * H * I, [&](size_t n0, size_t n1) {
    c.kernels.matmul_nt(ws.intermediate.data(), I, rows, I, w.output.weight + n0 * I, I, n1 - n0,
                        ws.projected.data() + n0, H, 1.0f);
  });
  ResidualLayerNorm(c, ws.projected.data(), w.output.bias, x, rows, H, w.output_layer_norm, eps);
}

}  // namespace tokenmill::bert

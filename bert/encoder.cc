#include "bert/encoder.h"

#include <cblas.h>

#include <cmath>
#include <cstring>

#include "bert/kernels.h"

namespace tokenmill::bert {

EncoderWorkspace::EncoderWorkspace(const BertConfig& config, size_t batch, size_t length)
    : keep(batch * length, 1),
      qkv(batch * length * 3 * config.hidden_size),
      context(batch * length * config.hidden_size),
      projected(batch * length * config.hidden_size),
      intermediate(batch * length * config.intermediate_size),
      scores(length * length) {}

void Embed(const EmbeddingWeights& w, const BertConfig& config, const BertInput& input, float* x) {
  const size_t H = config.hidden_size;
  for (size_t b = 0; b < input.batch; ++b) {
    for (size_t t = 0; t < input.length; ++t) {
      const size_t i = b * input.length + t;
      const float* word = w.word + static_cast<size_t>(input.input_ids[i]) * H;
      const float* type = w.token_type + static_cast<size_t>(input.token_type(i)) * H;
      const float* position = w.position + t * H;  // positions are 0..L-1 for every row, as HF
      float* out = x + i * H;
      for (size_t h = 0; h < H; ++h) out[h] = word[h] + type[h] + position[h];
    }
  }
  LayerNormInPlace(x, input.batch * input.length, H, w.layer_norm, config.layer_norm_eps);
}

void SelfAttention(const EncoderLayerWeights& w, const BertConfig& config, size_t batch,
                   size_t length, const float* x, EncoderWorkspace& ws) {
  const size_t H = config.hidden_size, d = config.head_size(), L = length;
  const int ld = static_cast<int>(3 * H);
  MatMulTransposed(x, batch * L, w.qkv, ws.qkv.data());
  AddBias(ws.qkv.data(), batch * L, 3 * H, w.qkv.bias);
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  for (size_t b = 0; b < batch; ++b) {
    const uint8_t* keep = ws.keep.data() + b * L;
    // Keys after the last attended one contribute exactly nothing: leave them out.
    size_t keys = L;
    while (keys > 0 && !keep[keys - 1]) --keys;
    if (keys == 0) keys = L;  // nothing attended: HF's softmax is uniform over all keys
    for (size_t h = 0; h < config.num_attention_heads; ++h) {
      const float* q = ws.qkv.data() + b * L * 3 * H + h * d;
      const float* k = q + H;
      const float* v = q + 2 * H;
      float* s = ws.scores.data();
      // scores[L, keys] = q k^T / sqrt(d)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(L),
                  static_cast<int>(keys), static_cast<int>(d), scale, q, ld, k, ld, 0.0f, s,
                  static_cast<int>(keys));
      MaskedSoftmax(s, L, keys, keep);
      // context[L, d] (columns h*d.. of the concatenation) = probabilities v
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(L),
                  static_cast<int>(d), static_cast<int>(keys), 1.0f, s, static_cast<int>(keys), v,
                  ld, 0.0f, ws.context.data() + b * L * H + h * d, static_cast<int>(H));
    }
  }
}

void EncoderLayer(const EncoderLayerWeights& w, const BertConfig& config, size_t batch,
                  size_t length, float* x, EncoderWorkspace& ws) {
  const size_t rows = batch * length, H = config.hidden_size, I = config.intermediate_size;
  const float eps = config.layer_norm_eps;
  SelfAttention(w, config, batch, length, x, ws);
  // self-output: x = LN(context Wo^T + bo + x)
  MatMulTransposed(ws.context.data(), rows, w.attention_output, ws.projected.data());
  AddBiasResidualLayerNorm(ws.projected.data(), w.attention_output.bias, x, rows, H,
                           w.attention_layer_norm, eps);
  // intermediate: act(x Wi^T + bi)
  MatMulTransposed(x, rows, w.intermediate, ws.intermediate.data());
  AddBiasActivation(ws.intermediate.data(), rows, I, w.intermediate.bias, config.hidden_act);
  // output: x = LN(intermediate Wout^T + bout + x)
  MatMulTransposed(ws.intermediate.data(), rows, w.output, ws.projected.data());
  AddBiasResidualLayerNorm(ws.projected.data(), w.output.bias, x, rows, H, w.output_layer_norm,
                           eps);
}

}  // namespace tokenmill::bert

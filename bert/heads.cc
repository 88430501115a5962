#include "bert/heads.h"

#include <cstring>
#include <vector>

#include "bert/kernels.h"

namespace tokenmill::bert {

void Pooler(const LinearWeights& w, const float* hidden, size_t batch, size_t length,
            size_t hidden_size, float* pooled) {
  std::vector<float> first(batch * hidden_size);
  for (size_t b = 0; b < batch; ++b) {
    std::memcpy(first.data() + b * hidden_size, hidden + b * length * hidden_size,
                hidden_size * sizeof(float));
  }
  MatMulTransposed(first.data(), batch, w, pooled);
  AddBiasTanh(pooled, batch, hidden_size, w.bias);
}

void MlmHead(const MlmHeadWeights& w, const BertConfig& config, const float* x, size_t rows,
             float* logits) {
  const size_t H = config.hidden_size;
  std::vector<float> t(rows * H);
  MatMulTransposed(x, rows, w.transform, t.data());
  AddBiasActivation(t.data(), rows, H, w.transform.bias, config.hidden_act);
  LayerNormInPlace(t.data(), rows, H, w.transform_layer_norm, config.layer_norm_eps);
  MatMulTransposed(t.data(), rows, w.decoder, logits);
  AddBias(logits, rows, w.decoder.out, w.decoder.bias);
}

void NspHead(const LinearWeights& w, const float* pooled, size_t batch, float* logits) {
  MatMulTransposed(pooled, batch, w, logits);
  AddBias(logits, batch, 2, w.bias);
}

}  // namespace tokenmill::bert

#include "bert/heads.h"

#include <cstring>
#include <vector>

namespace tokenmill::bert {

void Pooler(const Compute& c, const LinearWeights& w, const float* hidden, size_t batch,
            size_t length, size_t hidden_size, float* pooled) {
  FloatBuffer first(batch * hidden_size);
  for (size_t b = 0; b < batch; ++b) {
    std::memcpy(first.data() + b * hidden_size, hidden + b * length * hidden_size,
                hidden_size * sizeof(float));
  }
  c.kernels.matmul_nt(first.data(), hidden_size, batch, hidden_size, w.weight, hidden_size,
                      hidden_size, pooled, hidden_size, 1.0f);
  c.kernels.add_bias_tanh(pooled, batch, hidden_size, w.bias);
}

void MlmHead(const Compute& c, const MlmHeadWeights& w, const BertConfig& config, const float* x,
             size_t rows, float* logits) {
  const size_t H = config.hidden_size;
  FloatBuffer t(rows * H);
  Activation act = config.hidden_act;
  Linear(c, x, rows, w.transform, t.data(), &act);
  c.pool.ParallelFor(rows, 1, 8 * rows * H, [&](size_t r0, size_t r1) {
    c.kernels.layer_norm(t.data() + r0 * H, r1 - r0, H, w.transform_layer_norm,
                         config.layer_norm_eps);
  });
  Linear(c, t.data(), rows, w.decoder, logits);
}

void NspHead(const Compute& c, const LinearWeights& w, const float* pooled, size_t batch,
             float* logits) {
  c.kernels.matmul_nt(pooled, w.in, batch, w.in, w.weight, w.in, 2, logits, 2, 1.0f);
  c.kernels.add_bias(logits, 2, batch, 2, w.bias);
}

}  // namespace tokenmill::bert

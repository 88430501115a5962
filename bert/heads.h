// The heads on top of the encoder: pooler, masked-LM (BertLMPredictionHead) and next-sentence.
#pragma once

#include <cstddef>

#include "bert/config.h"
#include "bert/encoder.h"
#include "bert/weights.h"

namespace tokenmill::bert {

// pooled[b] = tanh(W_p x[b, 0] + b_p) on the first ([CLS]) position of each row.
void Pooler(const Compute& c, const LinearWeights& w, const float* hidden, size_t batch,
            size_t length, size_t hidden_size, float* pooled);

// logits[rows, V] = LN(act(x W_t^T + b_t)) E^T + bias, E the (tied) decoder matrix.
void MlmHead(const Compute& c, const MlmHeadWeights& w, const BertConfig& config, const float* x,
             size_t rows, float* logits);

// logits[b, 2] = pooled W_n^T + b_n; index 0 = "B follows A".
void NspHead(const Compute& c, const LinearWeights& w, const float* pooled, size_t batch,
             float* logits);

}  // namespace tokenmill::bert

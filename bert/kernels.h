// The numeric building blocks of the encoder, on row-major float32 matrices. Matrix products
// go to BLAS (OpenBLAS); the element-wise parts are fused passes written with Eigen arrays so
// they vectorise (Eigen's erf/exp/tanh are SIMD polynomials, accurate to a few ulp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "bert/config.h"
#include "bert/weights.h"

namespace tokenmill::bert {

// y[rows, w.out] = x[rows, w.in] W^T (the bias is added by the caller's next pass).
void MatMulTransposed(const float* x, size_t rows, const LinearWeights& w, float* y);

// y += bias, row by row.
void AddBias(float* y, size_t rows, size_t cols, const float* bias);
// y = act(y + bias); the erf GELU is HF's "gelu".
void AddBiasActivation(float* y, size_t rows, size_t cols, const float* bias, Activation act);
// y = tanh(y + bias) (the pooler).
void AddBiasTanh(float* y, size_t rows, size_t cols, const float* bias);
// x = LayerNorm(y + bias + x): BERT's post-norm residual block ("self-output", "output").
void AddBiasResidualLayerNorm(const float* y, const float* bias, float* x, size_t rows,
                              size_t cols, const LayerNormWeights& ln, float eps);
// x = LayerNorm(x), population variance as torch.
void LayerNormInPlace(float* x, size_t rows, size_t cols, const LayerNormWeights& ln, float eps);

// Row-wise softmax over `cols` keys where keep[k] != 0; other keys get probability 0
// (HF's additive finfo.min mask). With no key kept, every key gets 1/cols, as HF.
void MaskedSoftmax(float* scores, size_t rows, size_t cols, const uint8_t* keep);

}  // namespace tokenmill::bert

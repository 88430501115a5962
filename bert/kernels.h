// The numeric building blocks of the encoder on row-major float32 matrices, in three builds
// of one source (kernels_impl.inc): AVX-512, AVX2+FMA and the compiler's baseline. The best
// one the CPU supports is chosen once, at first use. Matrix products are Eigen's blocked GEMM
// (measured here: 140-190 GFLOP/s per core with AVX-512 against OpenBLAS's 115-120 with the
// Haswell kernels); the element-wise passes use Eigen's SIMD erf/exp (a few ulp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "bert/config.h"
#include "bert/weights.h"

namespace tokenmill::bert {

struct KernelSet {
  const char* name;  // "avx512", "avx2", "generic"
  // c[m, n] = a[m, k] b[n, k]^T (b as torch stores Linear weights), leading dimensions given.
  void (*matmul_nt)(const float* a, size_t lda, size_t m, size_t k, const float* b, size_t ldb,
                    size_t n, float* c, size_t ldc, float alpha);
  // c[m, n] = a[m, k] b[k, n].
  void (*matmul_nn)(const float* a, size_t lda, size_t m, size_t k, const float* b, size_t ldb,
                    size_t n, float* c, size_t ldc);
  // y[r, :cols] += bias, rows r of stride ldy.
  void (*add_bias)(float* y, size_t ldy, size_t rows, size_t cols, const float* bias);
  // y = act(y + bias); the erf GELU is HF's "gelu".
  void (*add_bias_activation)(float* y, size_t ldy, size_t rows, size_t cols, const float* bias,
                              Activation act);
  // y = tanh(y + bias) (the pooler).
  void (*add_bias_tanh)(float* y, size_t rows, size_t cols, const float* bias);
  // x = LayerNorm(y + bias + x): BERT's post-norm residual step. Population variance.
  void (*add_bias_residual_layer_norm)(const float* y, const float* bias, float* x, size_t rows,
                                       size_t cols, const LayerNormWeights& ln, float eps);
  void (*layer_norm)(float* x, size_t rows, size_t cols, const LayerNormWeights& ln, float eps);
  // Row-wise softmax over `cols` keys where keep[k] != 0; other keys get exactly 0 (HF's
  // additive finfo.min mask). With no key kept every key gets 1/cols, as in HF.
  void (*masked_softmax)(float* scores, size_t rows, size_t cols, const uint8_t* keep);
};

// The best kernels for this CPU ($TOKENMILL_BERT_KERNELS=generic|avx2|avx512 picks one, if
// the CPU supports it: for tests and benchmarks).
const KernelSet& Kernels();

}  // namespace tokenmill::bert

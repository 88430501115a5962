#include "bert/kernels.h"

#include <cblas.h>

#include <cmath>
#include <limits>

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

namespace tokenmill::bert {
namespace {

using Row = Eigen::Map<Eigen::ArrayXf>;
using ConstRow = Eigen::Map<const Eigen::ArrayXf>;

}  // namespace

void MatMulTransposed(const float* x, size_t rows, const LinearWeights& w, float* y) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows),
              static_cast<int>(w.out), static_cast<int>(w.in), 1.0f, x, static_cast<int>(w.in),
              w.weight, static_cast<int>(w.in), 0.0f, y, static_cast<int>(w.out));
}

void AddBias(float* y, size_t rows, size_t cols, const float* bias) {
  const ConstRow b(bias, cols);
  for (size_t r = 0; r < rows; ++r) Row(y + r * cols, cols) += b;
}

void AddBiasActivation(float* y, size_t rows, size_t cols, const float* bias, Activation act) {
  const ConstRow b(bias, cols);
  constexpr float kSqrtHalf = 0.70710678118654752f;
  constexpr float kSqrtTwoOverPi = 0.79788456080286536f;
  for (size_t r = 0; r < rows; ++r) {
    Row v(y + r * cols, cols);
    v += b;
    switch (act) {
      case Activation::kGeluErf:
        v = 0.5f * v * (1.0f + (v * kSqrtHalf).erf());
        break;
      case Activation::kGeluTanh:
        v = 0.5f * v * (1.0f + (kSqrtTwoOverPi * (v + 0.044715f * v.cube())).tanh());
        break;
      case Activation::kRelu:
        v = v.max(0.0f);
        break;
    }
  }
}

void AddBiasTanh(float* y, size_t rows, size_t cols, const float* bias) {
  const ConstRow b(bias, cols);
  for (size_t r = 0; r < rows; ++r) {
    Row v(y + r * cols, cols);
    v = (v + b).tanh();
  }
}

namespace {

void NormalizeRow(Row v, const LayerNormWeights& ln, float eps) {
  const size_t n = v.size();
  const float mean = v.sum() / n;
  v -= mean;
  const float var = v.square().sum() / n;
  v *= 1.0f / std::sqrt(var + eps);
  v = v * ConstRow(ln.gamma, n) + ConstRow(ln.beta, n);
}

}  // namespace

void AddBiasResidualLayerNorm(const float* y, const float* bias, float* x, size_t rows,
                              size_t cols, const LayerNormWeights& ln, float eps) {
  const ConstRow b(bias, cols);
  for (size_t r = 0; r < rows; ++r) {
    Row v(x + r * cols, cols);
    v += ConstRow(y + r * cols, cols) + b;
    NormalizeRow(v, ln, eps);
  }
}

void LayerNormInPlace(float* x, size_t rows, size_t cols, const LayerNormWeights& ln, float eps) {
  for (size_t r = 0; r < rows; ++r) NormalizeRow(Row(x + r * cols, cols), ln, eps);
}

void MaskedSoftmax(float* scores, size_t rows, size_t cols, const uint8_t* keep) {
  bool any = false;
  for (size_t k = 0; k < cols; ++k) any |= keep[k] != 0;
  if (!any) {
    for (size_t i = 0; i < rows * cols; ++i) scores[i] = 1.0f / cols;
    return;
  }
  // Masked keys are excluded from the maximum and set to exactly 0 after exp (Eigen's
  // vectorised exp clamps very negative inputs to about FLT_MIN instead of 0).
  constexpr float kLowest = std::numeric_limits<float>::lowest();
  for (size_t r = 0; r < rows; ++r) {
    Row v(scores + r * cols, cols);
    for (size_t k = 0; k < cols; ++k) {
      if (!keep[k]) v[k] = kLowest;
    }
    v = (v - v.maxCoeff()).exp();
    for (size_t k = 0; k < cols; ++k) {
      if (!keep[k]) v[k] = 0.0f;
    }
    v *= 1.0f / v.sum();
  }
}

}  // namespace tokenmill::bert

// The pre-training losses, as HF BertForPreTraining computes them (CrossEntropyLoss, mean).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace tokenmill::bert {

// HF's ignore_index: positions with this label do not count.
inline constexpr int32_t kIgnoreLabel = -100;

// Mean cross-entropy of logits[rows, classes] against labels[rows] over labels != ignore.
// Computed in double. Error on a label outside [0, classes) other than kIgnoreLabel, or when
// every label is ignored (torch returns NaN there).
absl::StatusOr<double> CrossEntropy(const float* logits, size_t rows, size_t classes,
                                    const std::vector<int32_t>& labels);

// MLM loss: logits [B*L, V] against labels [B*L] (kIgnoreLabel where not predicted).
inline absl::StatusOr<double> MlmLoss(const float* logits, size_t rows, size_t vocab_size,
                                      const std::vector<int32_t>& labels) {
  return CrossEntropy(logits, rows, vocab_size, labels);
}
// NSP loss: logits [B, 2] against labels [B] (0 = IsNext, 1 = random).
inline absl::StatusOr<double> NspLoss(const float* logits, size_t batch,
                                      const std::vector<int32_t>& labels) {
  return CrossEntropy(logits, batch, 2, labels);
}

}  // namespace tokenmill::bert

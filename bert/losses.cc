#include "bert/losses.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace tokenmill::bert {

absl::StatusOr<double> CrossEntropy(const float* logits, size_t rows, size_t classes,
                                    const std::vector<int32_t>& labels) {
  if (labels.size() != rows) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d labels for %d rows of logits", labels.size(), rows));
  }
  double total = 0;
  size_t counted = 0;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t label = labels[r];
    if (label == kIgnoreLabel) continue;
    if (label < 0 || static_cast<size_t>(label) >= classes) {
      return absl::InvalidArgumentError(
          absl::StrFormat("label %d at row %d is outside [0, %d)", label, r, classes));
    }
    const float* row = logits + r * classes;
    const double max = *std::max_element(row, row + classes);
    double sum = 0;
    for (size_t c = 0; c < classes; ++c) sum += std::exp(row[c] - max);
    total += max + std::log(sum) - row[label];
    ++counted;
  }
  if (counted == 0) return absl::InvalidArgumentError("every label is ignored: no loss to average");
  return total / counted;
}

}  // namespace tokenmill::bert

// Truncation of one or two encodings to a maximum length (HF's truncate_encodings).
#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "tokenizers/encoding.h"

namespace tokenmill {

enum class TruncationStrategy { kLongestFirst, kOnlyFirst, kOnlySecond };
enum class Direction { kLeft, kRight };

struct TruncationParams {
  size_t max_length = 512;
  TruncationStrategy strategy = TruncationStrategy::kLongestFirst;
  size_t stride = 0;
  Direction direction = Direction::kRight;
};

// Truncates `first` (and `second` if not null) so that together they fit `params.max_length`;
// removed tokens go to `overflowing` as HF does. Errors where HF refuses (or panics).
absl::Status Truncate(Encoding& first, Encoding* second, const TruncationParams& params);

}  // namespace tokenmill

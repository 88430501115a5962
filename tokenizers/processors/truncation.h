// Truncation of one or two encodings to a maximum length (HF's truncate_encodings and
// Encoding::truncate).
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

// Cuts `encoding` to `max_length` tokens, kept from the start (kRight) or the end (kLeft); the
// rest becomes `overflowing` windows of `max_length` tokens, each repeating the `stride` tokens
// next to it. Its previous overflowing parts are dropped, as in HF. max_length 0 moves the whole
// encoding into overflowing. Errors when 0 < max_length <= stride (HF panics there).
absl::Status TruncateEncoding(Encoding& encoding, size_t max_length, size_t stride,
                              Direction direction);

// Truncates `first` (and `second` if not null) so that together they fit `params.max_length`.
// Errors where HF refuses: kOnlySecond without a second sequence, or a target sequence too short
// to remove enough tokens from; and where HF panics (stride not below the room left).
absl::Status Truncate(Encoding& first, Encoding* second, const TruncationParams& params);

}  // namespace tokenmill

#include "tokenizers/processors/truncation.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill {
namespace {

struct Window {
  size_t begin;
  size_t end;
};

// The windows HF cuts, in order: the kept one first, then the overflowing ones. Consecutive
// windows start `max_length - stride` apart; the last one reaches the far end.
std::vector<Window> Windows(size_t length, size_t max_length, size_t stride, Direction direction) {
  const size_t step = max_length - stride;
  std::vector<Window> windows;
  if (direction == Direction::kRight) {
    for (size_t begin = 0; begin < length; begin += step) {
      const size_t end = std::min(begin + max_length, length);
      windows.push_back({begin, end});
      if (end == length) break;
    }
  } else {
    for (size_t end = length; end > 0; end = end > step ? end - step : 0) {
      const size_t begin = end > max_length ? end - max_length : 0;
      windows.push_back({begin, end});
      if (begin == 0) break;
    }
  }
  return windows;
}

// How LongestFirst shares `max_length` between two sequences (HF's arithmetic): the shorter
// keeps its length if the longer can take the rest; otherwise they split it evenly, the
// longer one taking the odd token.
std::pair<size_t, size_t> LongestFirstLengths(size_t first, size_t second, size_t max_length) {
  const bool swapped = first > second;
  size_t shorter = swapped ? second : first;
  size_t longer;
  if (shorter > max_length) {
    longer = shorter;
  } else {
    longer = std::max(shorter, max_length - shorter);
  }
  if (shorter + longer > max_length) {
    shorter = max_length / 2;
    longer = shorter + max_length % 2;
  }
  return swapped ? std::pair(longer, shorter) : std::pair(shorter, longer);
}

}  // namespace

absl::Status TruncateEncoding(Encoding& encoding, size_t max_length, size_t stride,
                              Direction direction) {
  const size_t length = encoding.size();
  if (max_length >= length) return absl::OkStatus();
  if (max_length == 0) {
    Encoding whole = std::move(encoding);
    encoding = Encoding();
    encoding.overflowing.push_back(std::move(whole));
    return absl::OkStatus();
  }
  if (stride >= max_length) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "truncation: stride %d must be strictly less than the room left for the sequence (%d "
        "tokens, the max_length minus the special tokens the post-processor adds)",
        stride, max_length));
  }
  const std::vector<Window> windows = Windows(length, max_length, stride, direction);
  // As HF, the windows lose the sequence marks: a post-processed encoding cut by hand counts
  // as one sequence again (every token of it input 0's).
  auto window = [&](const Window& w) {
    Encoding part = encoding.Slice(w.begin, w.end);
    part.sequence_ranges = 0;
    return part;
  };
  Encoding kept = window(windows[0]);
  kept.overflowing.reserve(windows.size() - 1);
  for (size_t i = 1; i < windows.size(); ++i) kept.overflowing.push_back(window(windows[i]));
  encoding = std::move(kept);
  return absl::OkStatus();
}

absl::Status Truncate(Encoding& first, Encoding* second, const TruncationParams& params) {
  const size_t stride = params.stride;
  const Direction direction = params.direction;
  if (params.max_length == 0) {
    TM_RETURN_IF_ERROR(TruncateEncoding(first, 0, stride, direction));
    if (second != nullptr) TM_RETURN_IF_ERROR(TruncateEncoding(*second, 0, stride, direction));
    return absl::OkStatus();
  }
  const size_t total = first.size() + (second != nullptr ? second->size() : 0);
  if (total <= params.max_length) return absl::OkStatus();
  const size_t to_remove = total - params.max_length;

  if (params.strategy == TruncationStrategy::kLongestFirst) {
    if (second == nullptr) return TruncateEncoding(first, params.max_length, stride, direction);
    auto [first_length, second_length] =
        LongestFirstLengths(first.size(), second->size(), params.max_length);
    TM_RETURN_IF_ERROR(TruncateEncoding(first, first_length, stride, direction));
    return TruncateEncoding(*second, second_length, stride, direction);
  }

  const bool only_first = params.strategy == TruncationStrategy::kOnlyFirst;
  if (!only_first && second == nullptr) {
    return absl::InvalidArgumentError(
        "Truncation error: Second sequence not provided (strategy only_second needs a pair)");
  }
  Encoding& target = only_first ? first : *second;
  if (target.size() <= to_remove) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Truncation error: Sequence to truncate too short to respect the provided max_length "
        "(the %s sequence has %d tokens, %d must go)",
        only_first ? "first" : "second", target.size(), to_remove));
  }
  return TruncateEncoding(target, target.size() - to_remove, stride, direction);
}

}  // namespace tokenmill

// Padding of a batch of encodings (HF's pad_encodings).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tokenizers/encoding.h"
#include "tokenizers/processors/truncation.h"

namespace tokenmill {

struct PaddingParams {
  std::optional<size_t> fixed_length;  // nullopt: pad to the longest of the batch
  Direction direction = Direction::kRight;
  std::optional<size_t> pad_to_multiple_of;
  uint32_t pad_id = 0;
  uint32_t pad_type_id = 0;
  std::string pad_token = "[PAD]";
};

// Pads every encoding (and its overflowing ones) to the target length.
void Pad(std::vector<Encoding*>& encodings, const PaddingParams& params);

}  // namespace tokenmill

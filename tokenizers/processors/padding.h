// Padding of a batch of encodings (HF's pad_encodings and Encoding::pad).
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

// Pads `encoding` and, recursively, its overflowing parts to `length` tokens; longer ones are
// left as they are. Pad tokens are special, unattended, without word, offsets [0, 0].
void PadEncoding(Encoding& encoding, size_t length, const PaddingParams& params);

// Pads every encoding (and its overflowing ones) to the target length: the fixed length or the
// longest of the batch (overflowing parts not counted), rounded up to pad_to_multiple_of.
void Pad(std::vector<Encoding*>& encodings, const PaddingParams& params);

}  // namespace tokenmill

#include "tokenizers/processors/padding.h"

#include <algorithm>

namespace tokenmill {
namespace {

template <typename T>
void PadVector(std::vector<T>& values, size_t count, const T& value, Direction direction) {
  values.insert(direction == Direction::kLeft ? values.begin() : values.end(), count, value);
}

}  // namespace

void PadEncoding(Encoding& encoding, size_t length, const PaddingParams& params) {
  for (Encoding& part : encoding.overflowing) PadEncoding(part, length, params);
  if (encoding.size() >= length) return;
  const size_t count = length - encoding.size();
  const Direction d = params.direction;
  PadVector(encoding.ids, count, params.pad_id, d);
  PadVector(encoding.type_ids, count, params.pad_type_id, d);
  PadVector(encoding.tokens, count, params.pad_token, d);
  PadVector(encoding.offsets, count, Span{0, 0}, d);
  PadVector(encoding.special_tokens_mask, count, uint8_t{1}, d);
  PadVector(encoding.attention_mask, count, uint8_t{0}, d);
  PadVector(encoding.word_ids, count, std::optional<uint32_t>(), d);
  PadVector(encoding.sequence_ids, count, int8_t{-1}, d);
}

void Pad(std::vector<Encoding*>& encodings, const PaddingParams& params) {
  if (encodings.empty()) return;
  size_t length = 0;
  if (params.fixed_length) {
    length = *params.fixed_length;
  } else {
    for (const Encoding* e : encodings) length = std::max(length, e->size());
  }
  if (const size_t multiple = params.pad_to_multiple_of.value_or(0);
      multiple > 0 && length % multiple > 0) {
    length += multiple - length % multiple;
  }
  for (Encoding* e : encodings) PadEncoding(*e, length, params);
}

}  // namespace tokenmill

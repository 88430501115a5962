#include "bindings/python/compact_encoding.h"

#include <algorithm>
#include <cstring>

namespace tokenmill::python {

size_t CompactEncoding::BlockWords() const {
  const size_t bytes = kByteArrays * size_ + token_bytes_;
  return kWordArrays * size_ + (bytes + sizeof(uint32_t) - 1) / sizeof(uint32_t);
}

CompactEncoding::CompactEncoding(const Encoding& e)
    : size_(static_cast<uint32_t>(e.size())) {
  size_t token_bytes = 0;
  for (const std::string& token : e.tokens) token_bytes += token.size();
  token_bytes_ = static_cast<uint32_t>(token_bytes);
  if (size_ > 0) {
    block_ = std::make_unique_for_overwrite<uint32_t[]>(BlockWords());
    uint32_t* out = block_.get();
    const size_t n = size_;
    std::copy_n(e.ids.data(), n, out);
    std::copy_n(e.type_ids.data(), n, out + n);
    for (size_t i = 0; i < n; ++i) {
      out[2 * n + i] = e.offsets[i].start;
      out[3 * n + i] = e.offsets[i].end;
      out[4 * n + i] = e.word_ids[i].value_or(kNoWord);
    }
    auto* byte_out = reinterpret_cast<uint8_t*>(out + kWordArrays * n);
    std::copy_n(e.special_tokens_mask.data(), n, byte_out);
    std::copy_n(e.attention_mask.data(), n, byte_out + n);
    std::memcpy(byte_out + 2 * n, e.sequence_ids.data(), n);
    char* text = reinterpret_cast<char*>(byte_out + kByteArrays * n);
    uint32_t end = 0;
    for (size_t i = 0; i < n; ++i) {
      std::memcpy(text + end, e.tokens[i].data(), e.tokens[i].size());
      end += static_cast<uint32_t>(e.tokens[i].size());
      out[5 * n + i] = end;
    }
  }
  overflowing_.reserve(e.overflowing.size());
  for (const Encoding& part : e.overflowing) overflowing_.emplace_back(part);
}

CompactEncoding CompactEncoding::Clone() const {
  CompactEncoding copy;
  copy.size_ = size_;
  copy.token_bytes_ = token_bytes_;
  if (block_) {
    copy.block_ = std::make_unique_for_overwrite<uint32_t[]>(BlockWords());
    std::copy_n(block_.get(), BlockWords(), copy.block_.get());
  }
  copy.overflowing_.reserve(overflowing_.size());
  for (const CompactEncoding& part : overflowing_) copy.overflowing_.push_back(part.Clone());
  return copy;
}

std::string_view CompactEncoding::token(size_t i) const {
  const uint32_t begin = i == 0 ? 0 : token_ends()[i - 1];
  return std::string_view(token_text() + begin, token_ends()[i] - begin);
}

}  // namespace tokenmill::python

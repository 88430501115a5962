// An Encoding as the Python Encoding object holds it: every per-token array in one heap
// block. Built on the worker threads (no GIL) from the core's Encoding, which has nine
// vectors and a string per token; freeing a Python Encoding then costs one free() instead of
// a dozen, and that freeing is serial under the GIL when a batch's list is dropped.
// The Python lists (ids, tokens, offsets, ...) are made from it on attribute access.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "tokenizers/encoding.h"

namespace tokenmill::python {

class CompactEncoding {
 public:
  static constexpr uint32_t kNoWord = UINT32_MAX;

  CompactEncoding() = default;
  // Copies every field of `encoding` and of its overflowing parts.
  explicit CompactEncoding(const Encoding& encoding);
  CompactEncoding(CompactEncoding&&) = default;
  CompactEncoding& operator=(CompactEncoding&&) = default;
  CompactEncoding Clone() const;

  size_t size() const { return size_; }
  const uint32_t* ids() const { return words(0); }
  const uint32_t* type_ids() const { return words(1); }
  const uint32_t* offset_starts() const { return words(2); }
  const uint32_t* offset_ends() const { return words(3); }
  // kNoWord for tokens that belong to no word.
  const uint32_t* word_ids() const { return words(4); }
  const uint8_t* special_tokens_mask() const { return bytes(0); }
  const uint8_t* attention_mask() const { return bytes(1); }
  // 0 or 1: the text the token came from; -1: added by post-processing or padding.
  const int8_t* sequence_ids() const { return reinterpret_cast<const int8_t*>(bytes(2)); }
  std::string_view token(size_t i) const;
  const std::vector<CompactEncoding>& overflowing() const { return overflowing_; }

 private:
  // Arrays of uint32: ids, type ids, offset starts, offset ends, word ids, token ends; then
  // three byte arrays and the token text.
  static constexpr size_t kWordArrays = 6;
  static constexpr size_t kByteArrays = 3;
  size_t BlockWords() const;
  const uint32_t* words(size_t array) const { return block_.get() + array * size_; }
  const uint8_t* bytes(size_t array) const {
    return reinterpret_cast<const uint8_t*>(block_.get() + kWordArrays * size_) + array * size_;
  }
  const uint32_t* token_ends() const { return words(5); }
  const char* token_text() const {
    return reinterpret_cast<const char*>(bytes(kByteArrays));
  }

  uint32_t size_ = 0;
  uint32_t token_bytes_ = 0;
  std::unique_ptr<uint32_t[]> block_;
  std::vector<CompactEncoding> overflowing_;
};

}  // namespace tokenmill::python

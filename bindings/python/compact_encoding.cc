#include "bindings/python/compact_encoding.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace tokenmill::python {

size_t PackedEncoding::BlockWords(size_t size, size_t token_bytes) {
  const size_t bytes = kByteArrays * size + token_bytes;
  return kWordArrays * size + (bytes + sizeof(uint32_t) - 1) / sizeof(uint32_t);
}

std::string_view PackedEncoding::token(size_t i) const {
  const uint32_t* ends = words(5);
  const uint32_t begin = i == 0 ? 0 : ends[i - 1];
  const char* text = reinterpret_cast<const char*>(bytes(kByteArrays));
  return std::string_view(text + begin, ends[i] - begin);
}

BlockArena* BlockArena::New(size_t words) {
  void* memory = std::malloc(sizeof(BlockArena) + words * sizeof(uint32_t));
  if (memory == nullptr) throw std::bad_alloc();
  return new (memory) BlockArena();
}

void BlockArena::Release(BlockArena* arena) {
  if (arena != nullptr && --arena->references_ == 0) std::free(arena);
}

CompactEncoding& CompactEncoding::operator=(CompactEncoding&& other) noexcept {
  if (this != &other) {
    BlockArena::Release(arena_);
    size_ = std::exchange(other.size_, 0);
    token_bytes_ = std::exchange(other.token_bytes_, 0);
    arena_ = std::exchange(other.arena_, nullptr);
    block_ = std::exchange(other.block_, nullptr);
    sequence_ranges_ = std::exchange(other.sequence_ranges_, 0);
    overflowing_ = std::move(other.overflowing_);
  }
  return *this;
}

void CompactEncoding::PackInOneArena(CompactEncoding* encodings, size_t count) {
  size_t words = 0, blocks = 0;
  for (size_t i = 0; i < count; ++i) {
    words += encodings[i].block_words();
    blocks += encodings[i].arena_ != nullptr;
  }
  if (blocks < 2) return;
  BlockArena* arena = BlockArena::New(words);
  arena->AddReferences(blocks - 1);
  uint32_t* out = arena->words();
  for (size_t i = 0; i < count; ++i) {
    CompactEncoding& e = encodings[i];
    if (e.arena_ == nullptr) continue;
    const size_t n = e.block_words();
    std::copy_n(e.block_, n, out);
    BlockArena::Release(e.arena_);
    e.arena_ = arena;
    e.block_ = out;
    out += n;
  }
}

CompactEncoding::CompactEncoding(const Encoding& e)
    : size_(static_cast<uint32_t>(e.size())), sequence_ranges_(e.sequence_ranges) {
  size_t token_bytes = 0;
  for (const std::string& token : e.tokens) token_bytes += token.size();
  token_bytes_ = static_cast<uint32_t>(token_bytes);
  if (size_ > 0) {
    arena_ = BlockArena::New(block_words());
    block_ = arena_->words();
    uint32_t* out = block_;
    const size_t n = size_;
    std::copy_n(e.ids.data(), n, out);
    std::copy_n(e.type_ids.data(), n, out + n);
    for (size_t i = 0; i < n; ++i) {
      out[2 * n + i] = e.offsets[i].start;
      out[3 * n + i] = e.offsets[i].end;
      out[4 * n + i] = e.word_ids[i].value_or(PackedEncoding::kNoWord);
    }
    auto* byte_out = reinterpret_cast<uint8_t*>(out + PackedEncoding::kWordArrays * n);
    std::copy_n(e.special_tokens_mask.data(), n, byte_out);
    std::copy_n(e.attention_mask.data(), n, byte_out + n);
    std::memcpy(byte_out + 2 * n, e.sequence_ids.data(), n);
    char* text = reinterpret_cast<char*>(byte_out + PackedEncoding::kByteArrays * n);
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

Encoding CompactEncoding::Unpack(PackedEncoding packed, uint8_t sequence_ranges,
                                 const std::vector<CompactEncoding>& overflowing) {
  Encoding e;
  const size_t n = packed.size();
  e.ids.assign(packed.ids(), packed.ids() + n);
  e.type_ids.assign(packed.type_ids(), packed.type_ids() + n);
  e.special_tokens_mask.assign(packed.special_tokens_mask(), packed.special_tokens_mask() + n);
  e.attention_mask.assign(packed.attention_mask(), packed.attention_mask() + n);
  e.sequence_ids.assign(packed.sequence_ids(), packed.sequence_ids() + n);
  e.offsets.resize(n);
  e.word_ids.resize(n);
  e.tokens.resize(n);
  for (size_t i = 0; i < n; ++i) {
    e.offsets[i] = Span{packed.offset_starts()[i], packed.offset_ends()[i]};
    if (packed.word_ids()[i] != PackedEncoding::kNoWord) e.word_ids[i] = packed.word_ids()[i];
    e.tokens[i].assign(packed.token(i));
  }
  e.sequence_ranges = sequence_ranges;
  for (const CompactEncoding& part : overflowing) e.overflowing.push_back(part.Unpack());
  return e;
}

CompactEncoding CompactEncoding::Clone() const {
  CompactEncoding copy;
  copy.size_ = size_;
  copy.token_bytes_ = token_bytes_;
  copy.sequence_ranges_ = sequence_ranges_;
  if (arena_ != nullptr) {
    copy.arena_ = BlockArena::New(block_words());
    copy.block_ = copy.arena_->words();
    std::copy_n(block_, block_words(), copy.block_);
  }
  copy.overflowing_.reserve(overflowing_.size());
  for (const CompactEncoding& part : overflowing_) copy.overflowing_.push_back(part.Clone());
  return copy;
}

}  // namespace tokenmill::python

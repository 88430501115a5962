// An Encoding as the Python Encoding object holds it: every per-token array packed in one
// block of uint32. Built on the worker threads (no GIL) from the core's Encoding, which has
// nine vectors and a string per token. Blocks live in a BlockArena: the Python object takes
// the encoding's arena reference over, so wrapping it under the GIL neither copies nor frees,
// and a batch packs each chunk's blocks into one arena (PackInOneArena, on the worker), so
// dropping the batch frees once per chunk rather than once per Encoding. The Python lists
// (ids, tokens, offsets, ...) are made from the block on attribute access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tokenizers/encoding.h"

namespace tokenmill::python {

// Read access to a packed block: uint32 arrays ids, type ids, offset starts, offset ends,
// word ids, token ends; then byte arrays special-tokens mask, attention mask, sequence ids;
// then the token text.
class PackedEncoding {
 public:
  static constexpr uint32_t kNoWord = UINT32_MAX;
  // uint32 words a block of `size` tokens with `token_bytes` of token text needs.
  static size_t BlockWords(size_t size, size_t token_bytes);

  PackedEncoding(const uint32_t* block, uint32_t size) : block_(block), size_(size) {}

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

 private:
  friend class CompactEncoding;
  static constexpr size_t kWordArrays = 6;
  static constexpr size_t kByteArrays = 3;
  const uint32_t* words(size_t array) const { return block_ + array * size_; }
  const uint8_t* bytes(size_t array) const {
    return reinterpret_cast<const uint8_t*>(block_ + kWordArrays * size_) + array * size_;
  }

  const uint32_t* block_;
  uint32_t size_;
};

// One allocation holding the packed blocks of one or more encodings, freed when the last
// reference goes. References are plain counts: an arena is shared only among the encodings
// of one batch chunk, built on one worker thread and published to the GIL-holding thread
// with the chunk; from then on it is touched only with the GIL held.
class BlockArena {
 public:
  // An arena of `words` uint32 (uninitialized) with one reference.
  static BlockArena* New(size_t words);
  uint32_t* words() { return reinterpret_cast<uint32_t*>(this + 1); }
  void AddReferences(size_t count) { references_ += count; }
  // Drops one reference; frees the arena with the last. Null is ignored.
  static void Release(BlockArena* arena);

 private:
  BlockArena() = default;
  alignas(8) size_t references_ = 1;
};

// A packed block (in an arena it holds one reference to) and the packed overflowing parts.
class CompactEncoding {
 public:
  CompactEncoding() = default;
  // Packs every field of `encoding` and of its overflowing parts. An encoding has fewer than
  // 2^32 tokens and token bytes.
  explicit CompactEncoding(const Encoding& encoding);
  CompactEncoding(CompactEncoding&& other) noexcept { *this = std::move(other); }
  CompactEncoding& operator=(CompactEncoding&& other) noexcept;
  ~CompactEncoding() { BlockArena::Release(arena_); }
  CompactEncoding Clone() const;
  // The core Encoding again (its overflowing parts too): for the calls that change an
  // encoding (pad, truncate, post-processing), which the core implements.
  Encoding Unpack() const { return Unpack(view(), sequence_ranges_, overflowing_); }
  static Encoding Unpack(PackedEncoding packed, uint8_t sequence_ranges,
                         const std::vector<CompactEncoding>& overflowing);

  // Moves the blocks of `encodings` into one new arena (their own arenas are freed here, on
  // the calling thread, which made them).
  static void PackInOneArena(CompactEncoding* encodings, size_t count);

  PackedEncoding view() const { return PackedEncoding(block_, size_); }
  size_t size() const { return size_; }
  const uint32_t* block() const { return block_; }
  size_t block_words() const { return size_ == 0 ? 0 : PackedEncoding::BlockWords(size_, token_bytes_); }
  // Hands the block's arena reference over to the caller (BlockArena::Release frees it; null
  // for an empty encoding); block() stays valid while the caller holds it.
  BlockArena* ReleaseArena() {
    BlockArena* arena = arena_;
    arena_ = nullptr;
    return arena;
  }
  // Encoding::sequence_ranges.
  uint8_t sequence_ranges() const { return sequence_ranges_; }
  const std::vector<CompactEncoding>& overflowing() const { return overflowing_; }
  std::vector<CompactEncoding>& overflowing() { return overflowing_; }

 private:
  uint32_t size_ = 0;
  uint32_t token_bytes_ = 0;
  BlockArena* arena_ = nullptr;  // null when size_ is 0
  uint32_t* block_ = nullptr;    // in arena_
  uint8_t sequence_ranges_ = 0;
  std::vector<CompactEncoding> overflowing_;
};

}  // namespace tokenmill::python

// Where one candidate pair of the SentencePiece BPE trainer occurs: a list of (word, character)
// positions, kept as spm keeps its std::set of them (sorted on demand, duplicates dropped), but
// delta+varint coded in one buffer: a position costs 2-4 bytes instead of 8, and a list of up to
// 8 bytes (most pairs: they occur a few times) needs no allocation at all.
//
// A position is coded against the previous one: varint(zigzag(word delta) << 4 | min(char, 15)),
// then varint(char - 15) when char >= 15. Appends in increasing order keep the list sorted; an
// append below the last one marks it unsorted until SortUnique.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace tokenmill {

class PairPositions {
 public:
  PairPositions() = default;
  PairPositions(const PairPositions&) = delete;
  PairPositions& operator=(const PairPositions&) = delete;
  ~PairPositions() { Release(); }

  bool sorted() const { return sorted_; }
  uint32_t bytes() const { return size_; }

  // Adds (word, index); an exact repeat of the last position is dropped (a set).
  void Add(uint32_t word, uint32_t index) {
    if (size_ > 0 && word == last_word_ && index == last_index_) return;
    if (size_ > 0 && (word < last_word_ || (word == last_word_ && index < last_index_))) {
      sorted_ = false;
    }
    uint8_t code[kMaxCodeBytes];
    const size_t n = Encode(word, index, code) - code;
    if (size_ + n > capacity_) Grow(size_ + n);
    std::memcpy(data() + size_, code, n);
    size_ += n;
  }

  // The bytes Add would use, for sizing a list before filling it (`state` = last position).
  static size_t CodedSize(uint32_t last_word, uint32_t word, uint32_t index) {
    uint8_t code[kMaxCodeBytes];
    return EncodeAgainst(last_word, word, index, code) - code;
  }

  // Sets the capacity to exactly `bytes` (before the first Add).
  void Reserve(size_t bytes) {
    if (bytes > capacity_) Grow(bytes, /*exact=*/true);
  }

  // Calls f(word, index) for each position in stored order.
  template <typename F>
  void ForEach(F f) const {
    const uint8_t* p = data();
    const uint8_t* end = p + size_;
    uint32_t word = 0;
    while (p < end) {
      uint32_t index;
      p = Decode(p, word, index);
      f(word, index);
    }
  }

  // Keeps the positions for which keep(word, index) is true, in place (a sorted list only:
  // a kept position's code never outgrows the codes it replaces). Shrinks a mostly empty buffer.
  template <typename Keep>
  void Filter(Keep keep) {
    uint8_t* base = data();
    const uint8_t* p = base;
    const uint8_t* end = base + size_;
    uint32_t word = 0;
    size_t out = 0;
    last_word_ = 0;
    last_index_ = 0;
    while (p < end) {
      uint32_t index;
      p = Decode(p, word, index);
      if (!keep(word, index)) continue;
      uint8_t code[kMaxCodeBytes];
      const size_t n = Encode(word, index, code) - code;
      std::memcpy(base + out, code, n);
      out += n;
    }
    size_ = static_cast<uint32_t>(out);
    if (capacity_ > kInline && capacity_ > 2 * size_ + 16) Shrink();
  }

  // Sorts and drops duplicates (spm's set order), using `scratch`.
  void SortUnique(std::vector<uint64_t>& scratch);

  // Frees the buffer (a merged pair is never looked up again).
  void Clear() {
    Release();
    size_ = 0;
    capacity_ = kInline;
    last_word_ = 0;
    last_index_ = 0;
    sorted_ = true;
  }

 private:
  static constexpr uint32_t kInline = sizeof(uint8_t*);
  static constexpr size_t kMaxCodeBytes = 16;

  uint8_t* data() { return capacity_ > kInline ? heap_ : inline_; }
  const uint8_t* data() const { return capacity_ > kInline ? heap_ : inline_; }

  static uint8_t* PutVarint(uint64_t v, uint8_t* p) {
    while (v >= 0x80) {
      *p++ = static_cast<uint8_t>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    return p;
  }
  static const uint8_t* GetVarint(const uint8_t* p, uint64_t& v) {
    v = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t b = *p++;
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) return p;
    }
  }
  static uint8_t* EncodeAgainst(uint32_t last_word, uint32_t word, uint32_t index, uint8_t* p) {
    const int64_t delta = static_cast<int64_t>(word) - static_cast<int64_t>(last_word);
    const uint64_t zigzag =
        (static_cast<uint64_t>(delta) << 1) ^ static_cast<uint64_t>(delta >> 63);
    p = PutVarint((zigzag << 4) | (index < 15 ? index : 15), p);
    if (index >= 15) p = PutVarint(index - 15, p);
    return p;
  }
  uint8_t* Encode(uint32_t word, uint32_t index, uint8_t* p) {
    p = EncodeAgainst(last_word_, word, index, p);
    last_word_ = word;
    last_index_ = index;
    return p;
  }
  static const uint8_t* Decode(const uint8_t* p, uint32_t& word, uint32_t& index) {
    uint64_t head;
    p = GetVarint(p, head);
    const uint64_t zigzag = head >> 4;
    const int64_t delta = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
    word = static_cast<uint32_t>(static_cast<int64_t>(word) + delta);
    index = static_cast<uint32_t>(head & 15);
    if (index == 15) {
      uint64_t extra;
      p = GetVarint(p, extra);
      index += static_cast<uint32_t>(extra);
    }
    return p;
  }

  void Grow(size_t need, bool exact = false);
  void Shrink();
  void Release() {
    if (capacity_ > kInline) std::free(heap_);
  }

  union {
    uint8_t* heap_;
    uint8_t inline_[kInline];
  };
  uint32_t size_ = 0;
  uint32_t capacity_ = kInline;
  uint32_t last_word_ = 0;  // the last position coded (the base of the next delta)
  uint16_t last_index_ = 0;
  bool sorted_ = true;

 public:
  uint8_t flags = 0;  // free for the owner (packs into the padding)
};

}  // namespace tokenmill

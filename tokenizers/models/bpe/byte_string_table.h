// An open-addressing hash table from byte strings to uint32 values, built once and then
// only read: the rank table of byte-level BPE, probed for every candidate merge.
//
// Why not absl::flat_hash_map<string_view, uint32_t>: a probe there hashes the whole span
// with a general-purpose hash and confirms with memcmp through a pointer to the key. Here a
// slot keeps the key's first 8 bytes inline, so the short tokens that make up most of a
// vocabulary (≤ 8 bytes: ~75–80 % of tiktoken's) are hashed from one or two loads and
// confirmed with one integer compare, without touching the key bytes elsewhere.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tokenmill {

class ByteStringTable {
 public:
  static constexpr size_t kMaxKeyLength = 255;
  static constexpr size_t kMaxTotalKeyBytes = size_t{1} << 24;

  struct Entry {
    std::string_view key;
    uint32_t value;
  };

  // Keys must be non-empty, at most kMaxKeyLength bytes, together at most kMaxTotalKeyBytes,
  // and distinct (a duplicate is an error naming its value). `entry(i)` gives entry i of
  // `count` (so callers need not copy theirs into a vector first).
  static absl::StatusOr<ByteStringTable> Create(size_t count,
                                                absl::FunctionRef<Entry(size_t)> entry);
  static absl::StatusOr<ByteStringTable> Create(const std::vector<Entry>& entries) {
    return Create(entries.size(), [&](size_t i) { return entries[i]; });
  }

  ByteStringTable() = default;

  std::optional<uint32_t> Find(std::string_view key) const {
    if (key.empty() || key.size() > kMaxKeyLength || slots_.empty()) return std::nullopt;
    return FindWithHead(key, LoadHead(key));
  }

  // Find for a key followed by at least 7 readable bytes (a padded buffer): its head is one
  // unconditional load, without the branches on the length that LoadHead needs.
  std::optional<uint32_t> FindPadded(std::string_view key) const {
    if (key.empty() || key.size() > kMaxKeyLength || slots_.empty()) return std::nullopt;
    return FindWithHead(key, Load64(key.data()) & HeadMask(key.size()));
  }

  // Hints the CPU to fetch the slot `key` hashes to.
  void Prefetch(std::string_view key) const {
    if (key.empty() || key.size() > kMaxKeyLength || slots_.empty()) return;
    __builtin_prefetch(&tags_[Hash(key, LoadHead(key)) & group_mask_]);
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t head;        // the key's first 8 bytes, little-endian, zero-padded
    uint32_t value;
    uint32_t length_and_offset;  // offset of the key in arena_ << 8 | length
    size_t Length() const { return length_and_offset & 0xFF; }
    size_t Offset() const { return length_and_offset >> 8; }
  };

  // Most probes miss (a candidate merge that is no token): a byte per slot (1 + 7 bits of
  // the hash) settles them in a small array without reading the slots. Tags are read 16 at a
  // time (one SSE2 compare, as in SwissTable): a probe is one group, not a branch per slot.
  static constexpr uint8_t kEmptyTag = 0;
  static constexpr size_t kGroupSize = 16;
  static uint8_t TagOf(uint64_t hash) { return static_cast<uint8_t>(0x80 | (hash >> 57)); }

  // Bit i set where the group's tag i equals `tag`, and where it is empty.
  struct GroupMasks {
    uint32_t match;
    uint32_t empty;
  };
  GroupMasks ProbeGroup(size_t group_start, uint8_t tag) const {
#if defined(__SSE2__)
    const __m128i tags = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&tags_[group_start]));
    return {static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(tags, _mm_set1_epi8(static_cast<char>(tag))))),
            static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(tags, _mm_setzero_si128())))};
#else
    GroupMasks masks{0, 0};
    for (size_t k = 0; k < kGroupSize; ++k) {
      masks.match |= uint32_t{tags_[group_start + k] == tag} << k;
      masks.empty |= uint32_t{tags_[group_start + k] == kEmptyTag} << k;
    }
    return masks;
#endif
  }

  std::optional<uint32_t> FindWithHead(std::string_view key, uint64_t head) const {
    const uint64_t hash = Hash(key, head);
    const uint8_t tag = TagOf(hash);
    for (size_t group = hash & group_mask_;; group = (group + kGroupSize) & group_mask_) {
      GroupMasks masks = ProbeGroup(group, tag);
      for (; masks.match != 0; masks.match &= masks.match - 1) {
        const Slot& slot = slots_[group + std::countr_zero(masks.match)];
        if (slot.head == head && slot.Length() == key.size() &&
            (key.size() <= 8 || TailEquals(slot, key))) {
          return slot.value;
        }
      }
      if (masks.empty != 0) return std::nullopt;
    }
  }

  // Keeps the low min(n, 8) bytes of a little-endian word.
  static uint64_t HeadMask(size_t n) { return n >= 8 ? ~uint64_t{0} : (uint64_t{1} << (n * 8)) - 1; }

  static uint64_t Load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static uint64_t Load32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  // The first min(8, size) bytes, without reading outside the key.
  static uint64_t LoadHead(std::string_view key) {
    const char* p = key.data();
    const size_t n = key.size();
    if (n >= 8) return Load64(p);
    if (n >= 4) return Load32(p) | (Load32(p + n - 4) << ((n - 4) * 8));
    const uint64_t b0 = static_cast<uint8_t>(p[0]);
    const uint64_t b1 = static_cast<uint8_t>(p[n / 2]);
    const uint64_t b2 = static_cast<uint8_t>(p[n - 1]);
    return b0 | (b1 << (n / 2 * 8)) | (b2 << ((n - 1) * 8));
  }
  static uint64_t Mix(uint64_t x) {
    x *= 0x9E3779B97F4A7C15ull;
    return x ^ (x >> 29);
  }
  static uint64_t Hash(std::string_view key, uint64_t head) {
    uint64_t h = Mix(head ^ (key.size() * 0xA0761D6478BD642Full));
    if (key.size() > 8) {
      // The middle words, then the last 8 bytes (overlapping: the key is longer than 8).
      const char* p = key.data();
      for (size_t i = 8; i + 8 < key.size(); i += 8) h = Mix(h ^ Load64(p + i));
      h = Mix(h ^ Load64(p + key.size() - 8));
    }
    return h;
  }
  // The bytes after the first 8 (which the slot's head already matched) of a key of over 8
  // bytes. Up to 24 bytes in word loads (overlapping the head for short tails): most long
  // tokens, and a memcmp call per probe showed in profiles.
  bool TailEquals(const Slot& slot, std::string_view key) const {
    const char* stored = arena_.data() + slot.Offset();
    const char* wanted = key.data();
    const size_t n = key.size();
    if (n <= 24) {
      const uint64_t last = Load64(stored + n - 8) ^ Load64(wanted + n - 8);
      const uint64_t middle = n > 16 ? Load64(stored + 8) ^ Load64(wanted + 8) : 0;
      return (last | middle) == 0;
    }
    return std::memcmp(stored + 8, wanted + 8, n - 8) == 0;
  }

  std::string arena_;  // the keys' bytes
  std::vector<uint8_t> tags_;
  std::vector<Slot> slots_;
  size_t group_mask_ = 0;  // capacity - 1 with the low 4 bits clear: the start of a group
  size_t size_ = 0;
};

}  // namespace tokenmill

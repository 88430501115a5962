// A small per-thread cache of BPE results: piece bytes → token ids, for pieces that take
// more than one token. Text repeats its words (Zipf), and merging a piece costs a dozen
// table probes where a cache hit costs one hash and a compare.
//
// Two direct-mapped, fixed-size tiers: short pieces (≤ 24 bytes, ≤ 7 ids: most of them) in
// one-cache-line records, and long ones (≤ 64 bytes, ≤ 29 ids: long words of German,
// Russian, CJK runs, which cost the most to merge) in three-line records. A short piece
// with too many ids leaves a marker in its short record that sends the lookup to the long
// tier. A lookup touches one record per tier it reads, a store overwrites whatever was
// there, memory is bounded (1 MiB + 768 KiB per thread) and nothing is allocated after the
// first use. Records carry the owner's id, so one thread's cache serves any number of
// tables without mixing them up.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace tokenmill {

namespace piece_cache_internal {

// The n ≤ 8 bytes at p as a zero-padded little-endian word, reading only those bytes
// (overlapping loads, as ByteStringTable's heads).
inline uint64_t Load(const char* p, size_t bytes) {  // bytes: 4 or 8, a constant when inlined
  uint64_t v = 0;
  std::memcpy(&v, p, bytes);
  return v;
}
inline uint64_t LoadUpTo8(const char* p, size_t n) {
  if (n == 8) return Load(p, 8);
  if (n >= 4) return Load(p, 4) | (Load(p + n - 4, 4) << ((n - 4) * 8));
  const uint64_t b0 = static_cast<uint8_t>(p[0]);
  const uint64_t b1 = static_cast<uint8_t>(p[n / 2]);
  const uint64_t b2 = static_cast<uint8_t>(p[n - 1]);
  return b0 | (b1 << (n / 2 * 8)) | (b2 << ((n - 1) * 8));
}

// One tier: `kCount` records of pieces up to 8·kKeyWords bytes with up to kIds ids.
template <size_t kKeyWords, size_t kIds, size_t kCount>
class Tier {
 public:
  static constexpr size_t kMaxPieceBytes = kKeyWords * 8;
  static constexpr size_t kMaxIds = kIds;
  // id_count of a marker record: the ids are in the next tier.
  static constexpr uint8_t kElsewhere = 0xFF;

  // A piece's bytes as little-endian words, zero-padded: hashed and compared a word at a
  // time (a byte-at-a-time hash and a memcmp call cost more than the probe on short pieces).
  // Pieces that differ only by trailing NULs have equal keys; the length tells them apart.
  struct Key {
    uint64_t words[kKeyWords] = {};
    Key() = default;
    // `padded`: at least 7 bytes after the piece may be read (whole-word loads, masked).
    Key(std::string_view piece, bool padded) {
      const size_t n = piece.size();
      for (size_t w = 0; w * 8 < n; ++w) {
        const size_t left = n - w * 8;
        if (padded) {
          const uint64_t mask = left >= 8 ? ~uint64_t{0} : (uint64_t{1} << (left * 8)) - 1;
          words[w] = Load(piece.data() + w * 8, 8) & mask;
        } else {
          words[w] = LoadUpTo8(piece.data() + w * 8, std::min<size_t>(8, left));
        }
      }
    }
    bool operator==(const Key& other) const {
      uint64_t diff = 0;
      for (size_t w = 0; w < kKeyWords; ++w) diff |= words[w] ^ other.words[w];
      return diff == 0;
    }
  };

  struct alignas(64) Record {
    Key key;
    uint64_t owner = 0;
    uint32_t ids[kIds];
    uint8_t piece_length = 0;
    uint8_t id_count = 0;
  };
  static_assert(sizeof(Record) % 64 == 0);

  // The record `piece` maps to if it holds `piece` of `owner`, else null.
  const Record* Find(uint64_t owner, std::string_view piece, const Key& key) const {
    const Record& record = records_[Slot(owner, key)];
    if (record.owner != owner || record.piece_length != piece.size() || !(record.key == key)) {
      return nullptr;
    }
    return &record;
  }

  // Overwrites the record of `piece`; ids.size() ≤ kIds, or a marker if `elsewhere`.
  void Put(uint64_t owner, std::string_view piece, const Key& key,
           std::span<const uint32_t> ids, bool elsewhere = false) {
    Record& record = records_[Slot(owner, key)];
    record.owner = owner;
    record.piece_length = static_cast<uint8_t>(piece.size());
    record.key = key;
    record.id_count = elsewhere ? kElsewhere : static_cast<uint8_t>(ids.size());
    if (!elsewhere) std::copy(ids.begin(), ids.end(), record.ids);
  }

 private:
  static size_t Slot(uint64_t owner, const Key& key) {
    uint64_t h = owner * 0x9E3779B97F4A7C15ull;
    for (uint64_t word : key.words) {
      h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    return static_cast<size_t>(h >> 40) & (kCount - 1);
  }

  Record records_[kCount];
};

}  // namespace piece_cache_internal

class PieceCache {
  using ShortTier = piece_cache_internal::Tier<3, 7, 16384>;
  using LongTier = piece_cache_internal::Tier<8, 29, 4096>;
  static_assert(sizeof(ShortTier::Record) == 64 && sizeof(LongTier::Record) == 192);

 public:
  static constexpr size_t kMaxPieceBytes = LongTier::kMaxPieceBytes;
  static constexpr size_t kMaxIds = LongTier::kMaxIds;

  // A fresh id for each table that uses the cache (never 0, which marks an empty record).
  static uint64_t NewOwnerId() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }

  // Allocated on a thread's first use, so threads that never encode pay nothing.
  static PieceCache& ForThisThread() {
    thread_local std::unique_ptr<PieceCache> cache = std::make_unique<PieceCache>();
    return *cache;
  }

  static bool Cacheable(std::string_view piece) {
    return !piece.empty() && piece.size() <= kMaxPieceBytes;
  }

  // Appends the cached ids of `piece` to `ids`; false on a miss. `padded`: at least 7 bytes
  // after the piece may be read (its key is then loaded a word at a time).
  bool Lookup(uint64_t owner, std::string_view piece, std::vector<uint32_t>& ids,
              bool padded = false) const {
    if (!Cacheable(piece)) return false;
    if (piece.size() <= ShortTier::kMaxPieceBytes) {
      const ShortTier::Record* record =
          short_.Find(owner, piece, ShortTier::Key(piece, padded));
      if (record == nullptr) return false;
      if (record->id_count != ShortTier::kElsewhere) return Append(*record, ids);
    }
    const LongTier::Record* record = long_.Find(owner, piece, LongTier::Key(piece, padded));
    return record != nullptr && Append(*record, ids);
  }

  // Stores the ids of `piece` (nothing if it is too long or takes too many ids).
  void Store(uint64_t owner, std::string_view piece, std::span<const uint32_t> ids,
             bool padded = false) {
    if (!Cacheable(piece) || ids.size() > kMaxIds) return;
    const bool short_piece = piece.size() <= ShortTier::kMaxPieceBytes;
    if (short_piece && ids.size() <= ShortTier::kMaxIds) {
      short_.Put(owner, piece, ShortTier::Key(piece, padded), ids);
      return;
    }
    long_.Put(owner, piece, LongTier::Key(piece, padded), ids);
    if (short_piece) short_.Put(owner, piece, ShortTier::Key(piece, padded), {}, /*elsewhere=*/true);
  }

 private:
  template <typename Record>
  static bool Append(const Record& record, std::vector<uint32_t>& ids) {
    ids.insert(ids.end(), record.ids, record.ids + record.id_count);
    return true;
  }

  ShortTier short_;
  LongTier long_;
};

}  // namespace tokenmill

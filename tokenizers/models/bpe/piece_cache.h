// A small per-thread cache of BPE results: piece bytes → token ids, for pieces that take
// more than one token. Text repeats its words (Zipf), and merging a piece costs a dozen
// table probes where a cache hit costs one hash and a compare.
//
// Direct-mapped and fixed-size: a lookup touches one record (one cache line), a store
// overwrites whatever was there, memory is bounded (kRecords × 64 bytes = 1 MiB per thread)
// and nothing is allocated after the first use. Records carry the owner's id, so one thread's
// cache serves any number of tables without mixing them up.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace tokenmill {

class PieceCache {
 public:
  static constexpr size_t kMaxPieceBytes = 24;
  static constexpr size_t kMaxIds = 7;
  static constexpr size_t kRecords = 16384;

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

  static bool Cacheable(std::string_view piece) { return piece.size() <= kMaxPieceBytes; }

  // Appends the cached ids of `piece` to `ids`; false on a miss. `padded`: at least 7 bytes
  // after the piece may be read (its key is then loaded a word at a time).
  bool Lookup(uint64_t owner, std::string_view piece, std::vector<uint32_t>& ids,
              bool padded = false) const {
    if (!Cacheable(piece)) return false;
    const Key key = padded ? Key::FromPadded(piece) : Key(piece);
    const Record& record = records_[Slot(owner, key)];
    if (record.owner != owner || record.piece_length != piece.size() || !(record.key == key)) {
      return false;
    }
    ids.insert(ids.end(), record.ids, record.ids + record.id_count);
    return true;
  }

  void Store(uint64_t owner, std::string_view piece, std::span<const uint32_t> ids,
             bool padded = false) {
    if (!Cacheable(piece) || ids.size() > kMaxIds) return;
    const Key key = padded ? Key::FromPadded(piece) : Key(piece);
    Record& record = records_[Slot(owner, key)];
    record.owner = owner;
    record.piece_length = static_cast<uint8_t>(piece.size());
    record.id_count = static_cast<uint8_t>(ids.size());
    record.key = key;
    std::copy(ids.begin(), ids.end(), record.ids);
  }

 private:
  // A piece's bytes as three little-endian words, zero-padded: hashed and compared a word at a
  // time (a byte-at-a-time hash and a memcmp call cost more than the probe on short pieces).
  // Pieces that differ only by trailing NULs have equal keys; the length tells them apart.
  struct Key {
    uint64_t words[3] = {0, 0, 0};
    explicit Key(std::string_view piece) {
      for (size_t w = 0; w * 8 < piece.size(); ++w) {
        words[w] = LoadUpTo8(piece.data() + w * 8, std::min<size_t>(8, piece.size() - w * 8));
      }
    }
    // The same key, for a piece followed by at least 7 readable bytes: whole-word loads, masked.
    static Key FromPadded(std::string_view piece) {
      Key key{std::string_view()};
      const size_t n = piece.size();
      for (size_t w = 0; w * 8 < n; ++w) {
        const size_t left = n - w * 8;
        const uint64_t mask = left >= 8 ? ~uint64_t{0} : (uint64_t{1} << (left * 8)) - 1;
        key.words[w] = Load(piece.data() + w * 8, 8) & mask;
      }
      return key;
    }
    bool operator==(const Key& other) const {
      return ((words[0] ^ other.words[0]) | (words[1] ^ other.words[1]) |
              (words[2] ^ other.words[2])) == 0;
    }
  };

  // One cache line: a lookup touches one line, never two.
  struct alignas(64) Record {
    Key key{std::string_view()};
    uint64_t owner = 0;
    uint32_t ids[kMaxIds];
    uint8_t piece_length = 0;
    uint8_t id_count = 0;
  };
  static_assert(sizeof(Record) == 64);

  // The n ≤ 8 bytes at p as a zero-padded little-endian word, reading only those bytes
  // (overlapping loads, as ByteStringTable's heads).
  static uint64_t LoadUpTo8(const char* p, size_t n) {
    if (n == 8) return Load(p, 8);
    if (n >= 4) return Load(p, 4) | (Load(p + n - 4, 4) << ((n - 4) * 8));
    const uint64_t b0 = static_cast<uint8_t>(p[0]);
    const uint64_t b1 = static_cast<uint8_t>(p[n / 2]);
    const uint64_t b2 = static_cast<uint8_t>(p[n - 1]);
    return b0 | (b1 << (n / 2 * 8)) | (b2 << ((n - 1) * 8));
  }
  static uint64_t Load(const char* p, size_t bytes) {  // bytes: 4 or 8, a constant when inlined
    uint64_t v = 0;
    std::memcpy(&v, p, bytes);
    return v;
  }

  static size_t Slot(uint64_t owner, const Key& key) {
    uint64_t h = owner * 0x9E3779B97F4A7C15ull;
    for (uint64_t word : key.words) {
      h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    return static_cast<size_t>(h >> 40) & (kRecords - 1);
  }

  std::array<Record, kRecords> records_{};
};

}  // namespace tokenmill

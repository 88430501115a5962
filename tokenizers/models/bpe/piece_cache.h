// A small per-thread cache of BPE results: piece bytes → token ids, for pieces that take
// more than one token. Text repeats its words (Zipf), and merging a piece costs a dozen
// table probes where a cache hit costs one hash and a compare.
//
// Direct-mapped and fixed-size: a lookup touches one record, a store overwrites whatever was
// there, memory is bounded (kRecords × sizeof(Record) per thread) and nothing is allocated
// after the first use. Records carry the owner's id, so one thread's cache serves any number
// of tables without mixing them up.
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
  static constexpr size_t kMaxIds = 12;
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

  // Appends the cached ids of `piece` to `ids`; false on a miss.
  bool Lookup(uint64_t owner, std::string_view piece, std::vector<uint32_t>& ids) const {
    const Record& record = records_[Slot(owner, piece)];
    if (record.owner != owner || record.piece_length != piece.size() ||
        std::memcmp(record.piece, piece.data(), piece.size()) != 0) {
      return false;
    }
    ids.insert(ids.end(), record.ids, record.ids + record.id_count);
    return true;
  }

  void Store(uint64_t owner, std::string_view piece, std::span<const uint32_t> ids) {
    if (!Cacheable(piece) || ids.size() > kMaxIds) return;
    Record& record = records_[Slot(owner, piece)];
    record.owner = owner;
    record.piece_length = static_cast<uint8_t>(piece.size());
    record.id_count = static_cast<uint8_t>(ids.size());
    std::memcpy(record.piece, piece.data(), piece.size());
    std::copy(ids.begin(), ids.end(), record.ids);
  }

 private:
  struct Record {
    uint64_t owner = 0;
    uint8_t piece_length = 0;
    uint8_t id_count = 0;
    char piece[kMaxPieceBytes];
    uint32_t ids[kMaxIds];
  };

  // FNV-1a over the bytes, then a multiply to spread the owner in: pieces are short.
  static size_t Slot(uint64_t owner, std::string_view piece) {
    uint64_t h = 0xCBF29CE484222325ull ^ owner;
    for (char c : piece) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001B3ull;
    h *= 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> 50) & (kRecords - 1);
  }

  std::array<Record, kRecords> records_{};
};

}  // namespace tokenmill

// Word → count table filled by many threads at once, with a memory bound.
//
// Words live in arenas (no allocation per word); the table is split into shards, each with its
// own lock, so threads merging their batch counts rarely wait. When the estimated size passes
// the bound, the rarest words counted so far are dropped (HF and SentencePiece would run out of
// memory instead): everything with a count ≤ k, k chosen so that at most half the bound stays
// in use. Counts are sums, so the result does not depend on the number of threads or the order
// of batches — unless pruning happened, which is reported (pruned_words()).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace tokenmill {

// Append-only storage for strings whose views must stay valid.
class StringArena {
 public:
  std::string_view Store(std::string_view s);
  size_t bytes() const { return allocated_; }  // allocated, not just used
  void Clear();

 private:
  static constexpr size_t kChunk = 64 << 10;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::unique_ptr<char[]>> big_;
  size_t used_ = kChunk;  // in the last chunk
  size_t allocated_ = 0;
};

struct WordCount {
  std::string_view word;
  uint64_t count;
};

// Two bits a caller may keep per distinct word beside its count, OR-ed when counts are summed
// (the SentencePiece loader records where in a sentence a word was seen). They live in the top
// bits of the count's word, so they cost no memory; counts stay below 2^62.
using WordFlags = uint8_t;
inline constexpr int kWordFlagShift = 62;
inline constexpr uint64_t kWordCountMask = (uint64_t{1} << kWordFlagShift) - 1;
inline uint64_t CountOf(uint64_t value) { return value & kWordCountMask; }
inline WordFlags FlagsOf(uint64_t value) { return static_cast<WordFlags>(value >> kWordFlagShift); }
inline uint64_t WithFlags(uint64_t count, WordFlags flags) {
  return count | (static_cast<uint64_t>(flags & 3) << kWordFlagShift);
}
// `a` and `b` summed, flags OR-ed.
inline uint64_t SumCounts(uint64_t a, uint64_t b) {
  return (CountOf(a) + CountOf(b)) | ((a | b) & ~kWordCountMask);
}

// Words to train on, with what keeps their bytes alive: a trainer that has copied what it needs
// calls Release() so the memory is free for the next phase.
struct WordList {
  std::vector<WordCount> words;
  std::shared_ptr<const void> storage;
  void Release() {
    std::vector<WordCount>().swap(words);
    storage.reset();
  }
};

// Counts of one batch, kept by one thread before merging into WordCounts.
class LocalWordCounts {
 public:
  void Add(std::string_view word, uint64_t n = 1, WordFlags flags = 0);
  size_t size() const { return counts_.size(); }
  void Clear();

 private:
  friend class WordCounts;
  StringArena arena_;
  absl::flat_hash_map<absl::string_view, uint64_t> counts_;  // WithFlags(count, flags)
};

class WordCounts {
 public:
  // `max_bytes` 0 = unbounded.
  explicit WordCounts(size_t max_bytes = 0);

  // Adds a batch's counts (thread-safe) and prunes if the bound is passed.
  void Merge(const LocalWordCounts& local);
  void Add(std::string_view word, uint64_t n);  // one word (thread-safe)

  size_t size() const;
  uint64_t total() const;  // occurrences counted (after pruning)
  // Estimated bytes in use (arenas + hash slots).
  size_t MemoryBytes() const { return memory_.load(std::memory_order_relaxed); }

  // All (word, count) pairs, in no particular order (trainers do not depend on it): the views
  // stay valid while this table lives.
  std::vector<WordCount> Entries() const;
  // Calls f(word, count, flags) for every entry, freeing each shard once it is visited, so a
  // caller copying the words never holds the whole table and the whole copy at once. Leaves the
  // table empty.
  void Drain(const std::function<void(std::string_view, uint64_t, WordFlags)>& f);

  size_t pruned_words() const { return pruned_words_; }
  uint64_t pruned_occurrences() const { return pruned_occurrences_; }
  uint64_t prune_threshold() const { return prune_threshold_; }  // largest count dropped

 private:
  static constexpr size_t kShards = 64;
  struct Shard {
    std::mutex mutex;
    StringArena arena;
    absl::flat_hash_map<absl::string_view, uint64_t> counts;
    size_t memory = 0;
  };
  static size_t ShardOf(size_t hash) { return (hash >> 7) % kShards; }
  // Inserts into a locked shard.
  static void AddLocked(Shard& shard, std::string_view word, uint64_t n);
  void UpdateMemory(Shard& shard);
  void PruneIfNeeded();

  size_t max_bytes_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<size_t> memory_{0};
  std::mutex prune_mutex_;
  size_t pruned_words_ = 0;
  uint64_t pruned_occurrences_ = 0;
  uint64_t prune_threshold_ = 0;
};

}  // namespace tokenmill

#include "tokenizers/trainers/word_counts.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "absl/hash/hash.h"
#include "tokenizers/base/free_memory.h"

namespace tokenmill {
namespace {

// Bytes a flat_hash_map<string_view, uint64_t> slot costs (slot + control byte).
constexpr size_t kSlotBytes = sizeof(absl::string_view) + sizeof(uint64_t) + 1;

}  // namespace

std::string_view StringArena::Store(std::string_view s) {
  if (s.size() > kChunk / 4) {  // a big word gets its own block; the open chunk stays open
    big_.push_back(std::make_unique<char[]>(s.size()));
    std::memcpy(big_.back().get(), s.data(), s.size());
    allocated_ += s.size();
    return std::string_view(big_.back().get(), s.size());
  }
  if (used_ + s.size() > kChunk) {
    chunks_.push_back(std::make_unique<char[]>(kChunk));
    allocated_ += kChunk;
    used_ = 0;
  }
  char* dst = chunks_.back().get() + used_;
  std::memcpy(dst, s.data(), s.size());
  used_ += s.size();
  return std::string_view(dst, s.size());
}

void StringArena::Clear() {
  chunks_.clear();
  big_.clear();
  used_ = kChunk;
  allocated_ = 0;
}

void LocalWordCounts::Add(std::string_view word, uint64_t n, WordFlags flags) {
  const uint64_t value = WithFlags(n, flags);
  auto it = counts_.find(absl::string_view(word.data(), word.size()));
  if (it != counts_.end()) {
    it->second = SumCounts(it->second, value);
    return;
  }
  const std::string_view stored = arena_.Store(word);
  counts_.emplace(absl::string_view(stored.data(), stored.size()), value);
}

void LocalWordCounts::Clear() {
  counts_.clear();
  arena_.Clear();
}

WordCounts::WordCounts(size_t max_bytes)
    : max_bytes_(max_bytes), shards_(new Shard[kShards]) {}

void WordCounts::AddLocked(Shard& shard, std::string_view word, uint64_t n) {
  auto it = shard.counts.find(absl::string_view(word.data(), word.size()));
  if (it != shard.counts.end()) {
    it->second = SumCounts(it->second, n);
    return;
  }
  const std::string_view stored = shard.arena.Store(word);
  shard.counts.emplace(absl::string_view(stored.data(), stored.size()), n);
}

void WordCounts::UpdateMemory(Shard& shard) {
  const size_t now = shard.arena.bytes() + shard.counts.capacity() * kSlotBytes;
  if (now >= shard.memory) {
    memory_.fetch_add(now - shard.memory, std::memory_order_relaxed);
  } else {
    memory_.fetch_sub(shard.memory - now, std::memory_order_relaxed);
  }
  shard.memory = now;
}

void WordCounts::Add(std::string_view word, uint64_t n) {
  const size_t hash = absl::Hash<absl::string_view>()(absl::string_view(word.data(), word.size()));
  Shard& shard = shards_[ShardOf(hash)];
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    AddLocked(shard, word, n);
    UpdateMemory(shard);
  }
  PruneIfNeeded();
}

void WordCounts::Merge(const LocalWordCounts& local) {
  // Group by shard so each lock is taken once.
  std::vector<std::vector<std::pair<std::string_view, uint64_t>>> by_shard(kShards);
  for (const auto& [word, count] : local.counts_) {
    const size_t hash = absl::Hash<absl::string_view>()(word);
    by_shard[ShardOf(hash)].emplace_back(std::string_view(word.data(), word.size()), count);
  }
  for (size_t s = 0; s < kShards; ++s) {
    if (by_shard[s].empty()) continue;
    Shard& shard = shards_[s];
    std::lock_guard<std::mutex> lock(shard.mutex);
    for (const auto& [word, count] : by_shard[s]) AddLocked(shard, word, count);
    UpdateMemory(shard);
  }
  PruneIfNeeded();
}

void WordCounts::PruneIfNeeded() {
  if (max_bytes_ == 0 || MemoryBytes() <= max_bytes_) return;
  std::lock_guard<std::mutex> prune_lock(prune_mutex_);
  if (MemoryBytes() <= max_bytes_) return;  // another thread pruned meanwhile
  std::vector<std::unique_lock<std::mutex>> locks;
  locks.reserve(kShards);
  for (size_t s = 0; s < kShards; ++s) locks.emplace_back(shards_[s].mutex);
  // Smallest k such that dropping every count ≤ k leaves at most half the bound.
  std::map<uint64_t, std::pair<size_t, size_t>> by_count;  // count → (words, bytes)
  size_t total_bytes = 0;
  for (size_t s = 0; s < kShards; ++s) {
    for (const auto& [word, value] : shards_[s].counts) {
      auto& entry = by_count[CountOf(value)];
      entry.first += 1;
      entry.second += word.size() + 2 * kSlotBytes;  // tables run between 7/16 and 7/8 full
      total_bytes += word.size() + 2 * kSlotBytes;
    }
  }
  uint64_t k = 0;
  for (const auto& [count, entry] : by_count) {
    if (total_bytes <= max_bytes_ / 2) break;
    total_bytes -= entry.second;
    k = count;
  }
  if (k == 0) return;
  prune_threshold_ = std::max(prune_threshold_, k);
  for (size_t s = 0; s < kShards; ++s) {
    Shard& shard = shards_[s];
    StringArena arena;
    absl::flat_hash_map<absl::string_view, uint64_t> kept;
    for (const auto& [word, value] : shard.counts) {
      if (CountOf(value) <= k) {
        ++pruned_words_;
        pruned_occurrences_ += CountOf(value);
        continue;
      }
      const std::string_view stored = arena.Store(std::string_view(word.data(), word.size()));
      kept.emplace(absl::string_view(stored.data(), stored.size()), value);
    }
    shard.counts = std::move(kept);
    shard.arena = std::move(arena);
    UpdateMemory(shard);
  }
}

size_t WordCounts::size() const {
  size_t n = 0;
  for (size_t s = 0; s < kShards; ++s) n += shards_[s].counts.size();
  return n;
}

uint64_t WordCounts::total() const {
  uint64_t n = 0;
  for (size_t s = 0; s < kShards; ++s) {
    for (const auto& [word, value] : shards_[s].counts) n += CountOf(value);
  }
  return n;
}

void WordCounts::Drain(const std::function<void(std::string_view, uint64_t, WordFlags)>& f) {
  for (size_t s = 0; s < kShards; ++s) {
    Shard& shard = shards_[s];
    std::lock_guard<std::mutex> lock(shard.mutex);
    for (const auto& [word, value] : shard.counts) {
      f(std::string_view(word.data(), word.size()), CountOf(value), FlagsOf(value));
    }
    absl::flat_hash_map<absl::string_view, uint64_t>().swap(shard.counts);
    shard.arena.Clear();
    UpdateMemory(shard);
    // The arenas were filled on worker threads, in their malloc arenas: the caller's copies
    // cannot reuse those pages, so they go back to the system now.
    ReturnFreeHeapPages();
  }
}

std::vector<WordCount> WordCounts::Entries() const {
  std::vector<WordCount> out;
  out.reserve(size());
  for (size_t s = 0; s < kShards; ++s) {
    for (const auto& [word, value] : shards_[s].counts) {
      out.push_back(WordCount{std::string_view(word.data(), word.size()), CountOf(value)});
    }
  }
  return out;
}

}  // namespace tokenmill

// The priority queue of BPE's merge loop: (rank, position) entries, popped in exactly
// the order of a min-heap on (rank, position), but built for how BPE pushes them.
//
// Entries are grouped in one bucket per rank, and the ranks that have entries sit in a
// small heap (a word touches few distinct ranks). Within a bucket, positions mostly
// arrive in increasing order (the initial pairs left to right; then the pairs next to
// merges, which happen left to right within a rank), so a bucket is a sorted run read by
// a cursor plus a side heap for the rare position that arrives out of order. Pushes are
// O(1) in the common case and pops read memory sequentially, where a binary heap over
// a 1 MB word pays ~20 cache-missing levels per operation.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace tokenmill {

class MergeQueue {
 public:
  struct Entry {
    uint32_t rank;
    uint32_t pos;
  };

  static constexpr uint32_t kNone = UINT32_MAX;

  bool empty() const { return ranks_.empty(); }

  // The position `ahead` pops from now in the lowest bucket's sorted run, or kNone: a
  // hint for prefetching.
  uint32_t Upcoming(size_t ahead) const {
    if (ranks_.empty()) return kNone;
    const Bucket& bucket = buckets_[slot_of_rank_[ranks_.front()]];
    const size_t at = bucket.cursor + ahead;
    return at < bucket.sorted.size() ? bucket.sorted[at] : kNone;
  }

  // Drops every entry (buckets keep their memory for the next word).
  void Clear() {
    for (uint32_t rank : ranks_) Release(rank);
    ranks_.clear();
  }

  void Push(uint32_t rank, uint32_t pos) {
    Bucket& bucket = BucketFor(rank);
    if (bucket.sorted.size() == bucket.cursor || pos >= bucket.sorted.back()) {
      bucket.sorted.push_back(pos);
    } else {
      bucket.side.push_back(pos);
      std::push_heap(bucket.side.begin(), bucket.side.end(), std::greater<>());
    }
  }

  // The entry of lowest rank, the lowest position among equal ranks. Not empty().
  Entry Pop() {
    const uint32_t rank = ranks_.front();
    Bucket& bucket = buckets_[slot_of_rank_[rank]];
    uint32_t pos;
    const bool from_sorted =
        bucket.cursor < bucket.sorted.size() &&
        (bucket.side.empty() || bucket.sorted[bucket.cursor] <= bucket.side.front());
    if (from_sorted) {
      pos = bucket.sorted[bucket.cursor++];
    } else {
      std::pop_heap(bucket.side.begin(), bucket.side.end(), std::greater<>());
      pos = bucket.side.back();
      bucket.side.pop_back();
    }
    if (bucket.cursor == bucket.sorted.size() && bucket.side.empty()) {
      std::pop_heap(ranks_.begin(), ranks_.end(), std::greater<>());
      ranks_.pop_back();
      Release(rank);
    }
    return Entry{rank, pos};
  }

 private:
  static constexpr uint32_t kNoSlot = UINT32_MAX;

  struct Bucket {
    std::vector<uint32_t> sorted;  // non-decreasing; [cursor, size) not yet popped
    size_t cursor = 0;
    std::vector<uint32_t> side;  // min-heap of out-of-order positions
  };

  Bucket& BucketFor(uint32_t rank) {
    if (rank >= slot_of_rank_.size()) slot_of_rank_.resize(size_t{rank} + 1, kNoSlot);
    uint32_t& slot = slot_of_rank_[rank];
    if (slot == kNoSlot) {
      if (free_slots_.empty()) {
        free_slots_.push_back(static_cast<uint32_t>(buckets_.size()));
        buckets_.emplace_back();
      }
      slot = free_slots_.back();
      free_slots_.pop_back();
      ranks_.push_back(rank);
      std::push_heap(ranks_.begin(), ranks_.end(), std::greater<>());
    }
    return buckets_[slot];
  }

  // Empties the bucket of `rank` and returns its slot to the free list.
  void Release(uint32_t rank) {
    uint32_t& slot = slot_of_rank_[rank];
    Bucket& bucket = buckets_[slot];
    bucket.sorted.clear();
    bucket.side.clear();
    bucket.cursor = 0;
    free_slots_.push_back(slot);
    slot = kNoSlot;
  }

  std::vector<uint32_t> ranks_;  // min-heap of the ranks that have a bucket
  std::vector<uint32_t> slot_of_rank_;
  std::vector<Bucket> buckets_;
  std::vector<uint32_t> free_slots_;
};

}  // namespace tokenmill

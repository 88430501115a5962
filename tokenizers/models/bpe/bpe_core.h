// The BPE merge loop, shared by every BPE flavour: Hugging Face merges (pair of ids →
// rank and merged id) and tiktoken rank tables (bytes of the merged span → rank) differ
// only in how a pair is looked up, so the loop is a template over a `MergeTable`:
//
//   MergeCandidate Find(const BpeSymbol& left, const BpeSymbol& right) const;
//
// returning {kNoMerge, …} when the pair does not merge. Ranks must identify the pair
// (lower merges first); among equal ranks the leftmost pair merges first (HF's word.rs).
//
// Time: words up to bpe_internal::kScanLimit symbols use a scan over cached pair ranks (fast for the
// short words that dominate real text); longer ones a bucket queue by rank
// (merge_queue.h) over a linked list of symbols: O(1) per push and pop when positions
// arrive in order, as they do in practice, O(log n) otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizers/models/bpe/merge_queue.h"

namespace tokenmill {

// One symbol of a word being merged: a token id and the byte span it covers.
struct BpeSymbol {
  uint32_t id;
  uint32_t begin;
  uint32_t end;
};

struct MergeCandidate {
  static constexpr uint32_t kNoMerge = UINT32_MAX;
  uint32_t rank = kNoMerge;
  uint32_t new_id = 0;
  bool merges() const { return rank != kNoMerge; }
};

// A symbol in the linked list of a long word being merged (bpe_internal::LinkedWord).
struct BpeLinkedNode {
  BpeSymbol symbol;
  int32_t prev;
  int32_t next;
};

// Reusable buffers, so merging allocates nothing once warm. One per thread.
struct BpeScratch {
  std::vector<BpeLinkedNode> nodes;
  std::vector<uint64_t> heap;
  std::vector<uint64_t> skipped;
  MergeQueue queue;
  std::string padded_piece;  // a byte-level piece with padding (ByteRanks)
};

// HF's dropout draws `rand::random::<f32>() < p` per popped merge; this is a small,
// seedable generator (SplitMix64) with the same 24-bit float draw. Never global.
class DropoutRng {
 public:
  explicit DropoutRng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) on the 2^-24 grid, as rand's f32 StandardUniform.
  float NextFloat() { return static_cast<float>(Next() >> 40) * 0x1p-24f; }

 private:
  uint64_t state_;
};

namespace bpe_internal {

constexpr int32_t kNone = -1;
constexpr size_t kPrefetchDistance = 8;

inline uint64_t HeapKey(uint32_t rank, uint32_t pos) { return (uint64_t{rank} << 32) | pos; }
inline uint32_t KeyRank(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
inline uint32_t KeyPos(uint64_t key) { return static_cast<uint32_t>(key); }

inline void HeapPush(std::vector<uint64_t>& heap, uint64_t key) {
  heap.push_back(key);
  std::push_heap(heap.begin(), heap.end(), std::greater<>());
}
inline uint64_t HeapPop(std::vector<uint64_t>& heap) {
  std::pop_heap(heap.begin(), heap.end(), std::greater<>());
  const uint64_t key = heap.back();
  heap.pop_back();
  return key;
}

// The linked list over `symbols` that the queue/heap-based loops merge in place. Each
// node keeps its symbol and links together (one cache line per visit: long words are
// visited in rank order, i.e. at scattered positions). A merged-away symbol gets
// end == begin == UINT32_MAX (HF's "len 0": symbols of a word are never empty).
template <typename MergeTable>
class LinkedWord {
 public:
  LinkedWord(const MergeTable& table, std::vector<BpeSymbol>& symbols, BpeScratch& scratch)
      : table_(table), symbols_(symbols), nodes_(scratch.nodes) {
    const auto n = static_cast<int32_t>(symbols.size());
    nodes_.resize(n);
    for (int32_t i = 0; i < n; ++i) nodes_[i] = {symbols[i], i - 1, i + 1 < n ? i + 1 : kNone};
  }

  bool Removed(uint32_t pos) const { return nodes_[pos].symbol.begin == UINT32_MAX; }
  int32_t Next(uint32_t pos) const { return nodes_[pos].next; }
  int32_t Prev(uint32_t pos) const { return nodes_[pos].prev; }
  MergeCandidate PairAt(uint32_t pos) const {
    return table_.Find(nodes_[pos].symbol, nodes_[nodes_[pos].next].symbol);
  }
  void Prefetch(uint32_t pos) const { __builtin_prefetch(&nodes_[pos]); }

  // Pushes the pair starting at `pos` if it merges.
  void PushPair(int32_t pos, std::vector<uint64_t>& heap) const {
    if (pos == kNone || nodes_[pos].next == kNone) return;
    const MergeCandidate c = PairAt(pos);
    if (c.merges()) HeapPush(heap, HeapKey(c.rank, pos));
  }

  // Merges the symbol at `pos` with its right neighbour.
  void MergeAt(uint32_t pos, uint32_t new_id) {
    BpeLinkedNode& left = nodes_[pos];
    BpeLinkedNode& right = nodes_[left.next];
    left.symbol.id = new_id;
    left.symbol.end = right.symbol.end;
    right.symbol.begin = right.symbol.end = UINT32_MAX;
    left.next = right.next;
    if (right.next != kNone) nodes_[right.next].prev = static_cast<int32_t>(pos);
  }

  // Writes the surviving symbols back, in order.
  void Compact() {
    symbols_.clear();
    for (const BpeLinkedNode& node : nodes_) {
      if (node.symbol.begin != UINT32_MAX) symbols_.push_back(node.symbol);
    }
  }

 private:
  const MergeTable& table_;
  std::vector<BpeSymbol>& symbols_;
  std::vector<BpeLinkedNode>& nodes_;
};

// Words up to this many symbols are merged by MergeByScan, longer ones by MergeByQueue.
inline constexpr size_t kScanLimit = 48;

// Short words: the candidate merge of every adjacent pair kept in small arrays on the stack;
// each step merges the lowest rank, leftmost first, and refreshes the two pairs it touched
// (the merged id is already in the candidate: no second lookup). Ranks sit in their own
// array so the minimum is a branch-free pass (data-dependent branches there mispredict).
template <typename MergeTable>
void MergeByScan(const MergeTable& table, std::vector<BpeSymbol>& symbols) {
  BpeSymbol symbol[kScanLimit];
  uint32_t rank[kScanLimit];
  uint32_t new_id[kScanLimit];
  size_t count = symbols.size();
  std::copy(symbols.begin(), symbols.end(), symbol);
  auto refresh = [&](size_t i) {
    const MergeCandidate c = table.Find(symbol[i], symbol[i + 1]);
    rank[i] = c.rank;
    new_id[i] = c.new_id;
  };
  for (size_t i = 0; i + 1 < count; ++i) refresh(i);
  while (count > 1) {
    const size_t pairs = count - 1;
    size_t best = 0;
    uint32_t best_rank = rank[0];
    for (size_t i = 1; i < pairs; ++i) {
      const bool lower = rank[i] < best_rank;
      best_rank = lower ? rank[i] : best_rank;
      best = lower ? i : best;
    }
    if (best_rank == MergeCandidate::kNoMerge) break;
    symbol[best].id = new_id[best];
    symbol[best].end = symbol[best + 1].end;
    for (size_t i = best + 1; i + 1 < count; ++i) symbol[i] = symbol[i + 1];
    for (size_t i = best; i + 1 < pairs; ++i) {
      rank[i] = rank[i + 1];
      new_id[i] = new_id[i + 1];
    }
    --count;
    if (best > 0) refresh(best - 1);
    if (best + 1 < count) refresh(best);
  }
  symbols.assign(symbol, symbol + count);
}

// Long words: a queue of (rank, position) over the linked list; entries made stale by
// earlier merges are recognised on pop (the pair there no longer has that rank).
template <typename MergeTable>
void MergeByQueue(const MergeTable& table, std::vector<BpeSymbol>& symbols, BpeScratch& scratch) {
  LinkedWord<MergeTable> word(table, symbols, scratch);
  MergeQueue& queue = scratch.queue;
  queue.Clear();
  auto push_pair = [&](int32_t pos) {
    if (pos == kNone || word.Next(pos) == kNone) return;
    const MergeCandidate c = word.PairAt(pos);
    if (c.merges()) queue.Push(c.rank, static_cast<uint32_t>(pos));
  };
  for (uint32_t i = 0; i + 1 < symbols.size(); ++i) push_pair(static_cast<int32_t>(i));
  while (!queue.empty()) {
    const MergeQueue::Entry entry = queue.Pop();
    // Pops visit scattered positions: fetch the ones coming next while this one merges.
    if (const uint32_t ahead = queue.Upcoming(kPrefetchDistance); ahead != MergeQueue::kNone) {
      word.Prefetch(ahead);
    }
    const uint32_t pos = entry.pos;
    if (word.Removed(pos) || word.Next(pos) == kNone) continue;
    const MergeCandidate c = word.PairAt(pos);
    if (c.rank != entry.rank) continue;  // stale
    word.MergeAt(pos, c.new_id);
    push_pair(word.Prev(pos));
    push_pair(static_cast<int32_t>(pos));
  }
  word.Compact();
}

}  // namespace bpe_internal


// Merges `symbols` in place until no adjacent pair merges, in HF's order.
template <typename MergeTable>
void MergeSymbols(const MergeTable& table, std::vector<BpeSymbol>& symbols, BpeScratch& scratch) {
  if (symbols.size() < 2) return;
  if (symbols.size() <= bpe_internal::kScanLimit) {
    bpe_internal::MergeByScan(table, symbols);
  } else {
    bpe_internal::MergeByQueue(table, symbols, scratch);
  }
}

// BPE-dropout exactly as HF's Word::merge_all: every popped heap entry (stale ones
// included) is skipped with probability `dropout`; skipped entries return to the heap
// after the next entry that is not skipped. Deterministic for a given `rng` state.
template <typename MergeTable>
void MergeSymbolsWithDropout(const MergeTable& table, std::vector<BpeSymbol>& symbols,
                             float dropout, DropoutRng& rng, BpeScratch& scratch) {
  using namespace bpe_internal;
  if (symbols.size() < 2) return;
  LinkedWord<MergeTable> word(table, symbols, scratch);
  std::vector<uint64_t>& heap = scratch.heap;
  std::vector<uint64_t>& skipped = scratch.skipped;
  heap.clear();
  skipped.clear();
  for (uint32_t i = 0; i + 1 < symbols.size(); ++i) {
    const MergeCandidate c = word.PairAt(i);
    if (c.merges()) heap.push_back(HeapKey(c.rank, i));
  }
  std::make_heap(heap.begin(), heap.end(), std::greater<>());
  while (!heap.empty()) {
    const uint64_t key = HeapPop(heap);
    if (rng.NextFloat() < dropout) {
      skipped.push_back(key);
      continue;
    }
    for (uint64_t s : skipped) HeapPush(heap, s);
    skipped.clear();
    const uint32_t pos = KeyPos(key);
    if (word.Removed(pos) || word.Next(pos) == kNone) continue;
    const MergeCandidate c = word.PairAt(pos);
    if (c.rank != KeyRank(key)) continue;
    word.MergeAt(pos, c.new_id);
    word.PushPair(word.Prev(pos), heap);
    word.PushPair(static_cast<int32_t>(pos), heap);
  }
  word.Compact();
}

}  // namespace tokenmill

// Hugging Face merges: (left id, right id) → (rank, merged id). The rank is the merge's
// line in the merges list; a pair listed twice keeps its last rank, as HF's map does.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "tokenizers/models/bpe/bpe_core.h"

namespace tokenmill {

class PairMerges {
 public:
  struct Merge {
    uint32_t left;
    uint32_t right;
    uint32_t new_id;
  };

  // `merges` in rank order.
  explicit PairMerges(const std::vector<Merge>& merges) {
    map_.reserve(merges.size());
    for (uint32_t rank = 0; rank < merges.size(); ++rank) {
      const Merge& m = merges[rank];
      map_.insert_or_assign(Key(m.left, m.right), MergeCandidate{rank, m.new_id});
    }
  }
  PairMerges() = default;

  MergeCandidate Find(uint32_t left, uint32_t right) const {
    auto it = map_.find(Key(left, right));
    return it == map_.end() ? MergeCandidate{} : it->second;
  }
  // The MergeTable interface of bpe_core.h.
  MergeCandidate Find(const BpeSymbol& left, const BpeSymbol& right) const {
    return Find(left.id, right.id);
  }

  size_t size() const { return map_.size(); }
  // (left, right) in rank order, duplicates collapsed (what HF writes back).
  std::vector<std::pair<uint32_t, uint32_t>> PairsByRank() const {
    std::vector<std::pair<uint32_t, std::pair<uint32_t, uint32_t>>> ranked;
    ranked.reserve(map_.size());
    for (const auto& [key, c] : map_) {
      ranked.push_back({c.rank, {static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key)}});
    }
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::pair<uint32_t, uint32_t>> out;
    out.reserve(ranked.size());
    for (const auto& [rank, pair] : ranked) out.push_back(pair);
    return out;
  }

 private:
  static uint64_t Key(uint32_t left, uint32_t right) { return (uint64_t{left} << 32) | right; }

  absl::flat_hash_map<uint64_t, MergeCandidate> map_;
};

}  // namespace tokenmill

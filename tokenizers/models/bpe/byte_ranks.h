// tiktoken-style BPE: a table bytes → rank where every byte is a token and the merge of
// two adjacent spans is the token of their concatenated bytes (its rank is its id). It
// reuses the merge loop of bpe_core.h; only the pair lookup differs from HF merges.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tokenizers/models/bpe/bpe_core.h"

namespace tokenmill {

class ByteRanks {
 public:
  // Every single byte must have a rank (else some text could not be encoded).
  static absl::StatusOr<ByteRanks> Create(
      const std::vector<std::pair<std::string, uint32_t>>& ranks);

  std::optional<uint32_t> Rank(std::string_view bytes) const {
    auto it = ranks_.find(absl::string_view(bytes.data(), bytes.size()));
    if (it == ranks_.end()) return std::nullopt;
    return it->second;
  }

  // Appends the ranks (= ids) of `piece`'s tokens to `ids`.
  void Encode(std::string_view piece, std::vector<uint32_t>& ids, BpeScratch& scratch,
              std::vector<BpeSymbol>& symbols) const;

 private:
  // The MergeTable view of one piece: pairs are looked up by their bytes.
  class PieceTable {
   public:
    PieceTable(const ByteRanks& ranks, std::string_view piece) : ranks_(ranks), piece_(piece) {}
    MergeCandidate Find(const BpeSymbol& left, const BpeSymbol& right) const {
      const size_t length = right.end - left.begin;
      // No token is longer: skip hashing (long runs would hash ever longer spans).
      if (length > ranks_.max_token_length_) return MergeCandidate{};
      auto rank = ranks_.Rank(piece_.substr(left.begin, length));
      return rank ? MergeCandidate{*rank, *rank} : MergeCandidate{};
    }

   private:
    const ByteRanks& ranks_;
    std::string_view piece_;
  };

  // Owns the keys' bytes; behind a pointer so the map's views survive moves.
  std::unique_ptr<std::string> arena_;
  absl::flat_hash_map<absl::string_view, uint32_t> ranks_;
  uint32_t byte_rank_[256] = {};
  size_t max_token_length_ = 0;
};

}  // namespace tokenmill

// tiktoken-style BPE: a table bytes → rank where every byte is a token and the merge of
// two adjacent spans is the token of their concatenated bytes (its rank is its id). It
// reuses the merge loop of bpe_core.h; only the pair lookup differs from HF merges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/models/bpe/bpe_core.h"
#include "tokenizers/models/bpe/byte_string_table.h"

namespace tokenmill {

class ByteRanks {
 public:
  // Every single byte must have a rank (else some text could not be encoded).
  // `entry(i)`: token i of `count`, its bytes and rank.
  static absl::StatusOr<ByteRanks> Create(
      size_t count, absl::FunctionRef<ByteStringTable::Entry(size_t)> entry);
  static absl::StatusOr<ByteRanks> Create(
      const std::vector<std::pair<std::string, uint32_t>>& ranks) {
    return Create(ranks.size(), [&](size_t i) {
      return ByteStringTable::Entry{ranks[i].first, ranks[i].second};
    });
  }

  std::optional<uint32_t> Rank(std::string_view bytes) const { return ranks_.Find(bytes); }

  // Whether Encode keeps results of multi-token pieces in a per-thread cache (on by default;
  // off to measure the merge loop itself).
  void set_use_piece_cache(bool use) { use_piece_cache_ = use; }

  // Appends the ranks (= ids) of `piece`'s tokens to `ids`. `readable_after`: how many bytes
  // after the piece may be read (not used as data); with 7 or more, lookups load the piece a
  // word at a time without copying it or branching on its length.
  void Encode(std::string_view piece, std::vector<uint32_t>& ids, BpeScratch& scratch,
              std::vector<BpeSymbol>& symbols, size_t readable_after = 0) const;

  // tiktoken's byte_pair_encode: the merges of `piece`'s bytes, even when the piece is one
  // token itself (merging need not reach a token from its own bytes). No cache.
  void EncodeByMerging(std::string_view piece, std::vector<uint32_t>& ids, BpeScratch& scratch,
                       std::vector<BpeSymbol>& symbols) const;

 private:
  // Bytes of the piece being merged, followed by zeros (see PieceTable).
  static constexpr size_t kPadding = 8;

  // The MergeTable view of one piece: pairs are looked up by their bytes. `padded` is the
  // piece followed by at least 7 readable bytes, so a span's head is one load.
  class PieceTable {
   public:
    PieceTable(const ByteRanks& ranks, std::string_view padded) : ranks_(ranks), piece_(padded) {}
    MergeCandidate Find(const BpeSymbol& left, const BpeSymbol& right) const {
      const size_t length = right.end - left.begin;
      if (length == 2) {  // every piece starts as bytes: the first probes are byte pairs
        const uint32_t rank = ranks_.byte_pair_rank_[BytePair(piece_.data() + left.begin)];
        return MergeCandidate{rank, rank};
      }
      // No token is longer: skip hashing (long runs would hash ever longer spans).
      if (length > ranks_.max_token_length_) return MergeCandidate{};
      auto rank = ranks_.ranks_.FindPadded(std::string_view(piece_.data() + left.begin, length));
      return rank ? MergeCandidate{*rank, *rank} : MergeCandidate{};
    }

   private:
    const ByteRanks& ranks_;
    std::string_view piece_;
  };

  // Merges the bytes of `piece` (`readable`: the piece with at least 7 readable bytes after
  // it) into `symbols`.
  void Merge(std::string_view piece, std::string_view readable, BpeScratch& scratch,
             std::vector<BpeSymbol>& symbols) const;

  static size_t BytePair(const char* p) {
    return size_t{static_cast<uint8_t>(p[0])} << 8 | static_cast<uint8_t>(p[1]);
  }

  ByteStringTable ranks_;
  uint64_t cache_owner_ = 0;  // this table's id in the per-thread PieceCache
  bool use_piece_cache_ = true;
  // The rank of each two-byte token (kNoMerge where the pair is none): 256 KiB that stay in
  // cache, where the same probes in the hash table would miss it.
  std::vector<uint32_t> byte_pair_rank_;
  uint32_t byte_rank_[256] = {};
  size_t max_token_length_ = 0;
};

}  // namespace tokenmill

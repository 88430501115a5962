#include "tokenizers/models/bpe/byte_ranks.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/bpe/piece_cache.h"

namespace tokenmill {

absl::StatusOr<ByteRanks> ByteRanks::Create(
    size_t count, absl::FunctionRef<ByteStringTable::Entry(size_t)> entry) {
  ByteRanks table;
  TM_ASSIGN_OR_RETURN(table.ranks_, ByteStringTable::Create(count, entry));
  table.cache_owner_ = PieceCache::NewOwnerId();
  table.byte_pair_rank_.assign(size_t{1} << 16, MergeCandidate::kNoMerge);
  for (size_t i = 0; i < count; ++i) {
    const ByteStringTable::Entry e = entry(i);
    table.max_token_length_ = std::max(table.max_token_length_, e.key.size());
    if (e.key.size() == 2) table.byte_pair_rank_[BytePair(e.key.data())] = e.value;
  }
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    auto rank = table.Rank(std::string_view(&c, 1));
    if (!rank) return absl::InvalidArgumentError(absl::StrFormat("byte 0x%02X has no rank", b));
    table.byte_rank_[b] = *rank;
  }
  return table;
}

void ByteRanks::Encode(std::string_view piece, std::vector<uint32_t>& ids, BpeScratch& scratch,
                       std::vector<BpeSymbol>& symbols, size_t readable_after) const {
  if (piece.empty()) return;
  const bool padded = readable_after >= kPadding - 1;
  // Most pieces are one token.
  if (auto whole = padded ? ranks_.FindPadded(piece) : ranks_.Find(piece)) {
    ids.push_back(*whole);
    return;
  }
  const bool cache = use_piece_cache_ && PieceCache::Cacheable(piece);
  if (cache && PieceCache::ForThisThread().Lookup(cache_owner_, piece, ids, padded)) return;
  std::string_view readable = piece;
  if (!padded) {
    scratch.padded_piece.assign(piece);
    scratch.padded_piece.append(kPadding, '\0');
    readable = scratch.padded_piece;
  }
  Merge(piece, readable, scratch, symbols);
  const size_t first = ids.size();
  for (const BpeSymbol& s : symbols) ids.push_back(s.id);
  if (cache) {
    PieceCache::ForThisThread().Store(cache_owner_, piece,
                                      std::span<const uint32_t>(ids).subspan(first), padded);
  }
}

void ByteRanks::Merge(std::string_view piece, std::string_view readable, BpeScratch& scratch,
                      std::vector<BpeSymbol>& symbols) const {
  symbols.clear();
  for (uint32_t i = 0; i < piece.size(); ++i) {
    symbols.push_back(BpeSymbol{byte_rank_[static_cast<uint8_t>(piece[i])], i, i + 1});
  }
  MergeSymbols(PieceTable(*this, readable), symbols, scratch);
}

void ByteRanks::EncodeByMerging(std::string_view piece, std::vector<uint32_t>& ids,
                                BpeScratch& scratch, std::vector<BpeSymbol>& symbols) const {
  if (piece.empty()) return;
  scratch.padded_piece.assign(piece);
  scratch.padded_piece.append(kPadding, '\0');
  Merge(piece, scratch.padded_piece, scratch, symbols);
  for (const BpeSymbol& s : symbols) ids.push_back(s.id);
}

}  // namespace tokenmill

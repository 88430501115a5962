#include "tokenizers/models/bpe/byte_ranks.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace tokenmill {

absl::StatusOr<ByteRanks> ByteRanks::Create(
    const std::vector<std::pair<std::string, uint32_t>>& ranks) {
  ByteRanks table;
  size_t total = 0;
  for (const auto& [bytes, rank] : ranks) total += bytes.size();
  table.arena_ = std::make_unique<std::string>();
  table.arena_->reserve(total);
  for (const auto& [bytes, rank] : ranks) {
    if (bytes.empty()) return absl::InvalidArgumentError("a rank table entry is empty");
    *table.arena_ += bytes;
    table.max_token_length_ = std::max(table.max_token_length_, bytes.size());
  }
  table.ranks_.reserve(ranks.size());
  size_t offset = 0;
  for (const auto& [bytes, rank] : ranks) {
    const absl::string_view key(table.arena_->data() + offset, bytes.size());
    offset += bytes.size();
    if (!table.ranks_.emplace(key, rank).second) {
      return absl::InvalidArgumentError(absl::StrFormat("duplicate token for rank %d", rank));
    }
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
                       std::vector<BpeSymbol>& symbols) const {
  if (piece.empty()) return;
  if (auto whole = Rank(piece)) {  // most pieces are one token
    ids.push_back(*whole);
    return;
  }
  symbols.clear();
  for (uint32_t i = 0; i < piece.size(); ++i) {
    symbols.push_back(BpeSymbol{byte_rank_[static_cast<uint8_t>(piece[i])], i, i + 1});
  }
  MergeSymbols(PieceTable(*this, piece), symbols, scratch);
  for (const BpeSymbol& s : symbols) ids.push_back(s.id);
}

}  // namespace tokenmill

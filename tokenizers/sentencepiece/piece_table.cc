#include "tokenizers/sentencepiece/piece_table.h"

#include "tokenizers/base/status_macros.h"

namespace tokenmill {

absl::StatusOr<SentencePieceTable> SentencePieceTable::FromModelProto(
    const SentencePieceModelProto& model, const std::vector<Type>* live_types) {
  SentencePieceTable table;
  const int n = model.pieces_size();
  table.pieces_.reserve(n);
  table.scores_.reserve(n);
  table.types_.reserve(n);
  for (const SentencePiecePiece& p : model.pieces()) {
    table.pieces_.push_back(p.piece());
    table.scores_.push_back(p.score());
    table.types_.push_back(p.type());
  }
  // The maps point into pieces_, which no longer grows (a moved vector keeps its buffer).
  table.matchable_.reserve(n);
  table.load_types_ = table.types_;
  if (live_types != nullptr) {
    if (live_types->size() != table.types_.size()) {
      return absl::InvalidArgumentError("live piece types: one per piece expected");
    }
    table.types_ = *live_types;
  }
  for (int id = 0; id < n; ++id) {
    const Type type = table.load_types_[id];
    const bool matchable = type == SentencePiecePiece::NORMAL ||
                           type == SentencePiecePiece::USER_DEFINED ||
                           type == SentencePiecePiece::UNUSED;
    const std::string& piece = table.pieces_[id];
    (matchable ? table.matchable_ : table.reserved_)
        .emplace(absl::string_view(piece.data(), piece.size()), id);
    if (type == SentencePiecePiece::UNKNOWN) table.unk_id_ = id;
  }
  table.byte_fallback_ = model.trainer_spec().byte_fallback();
  for (int b = 0; b < 256; ++b) table.byte_ids_[b] = table.PieceToId(ByteToPiece(b));
  return table;
}

int SentencePieceTable::PieceToId(std::string_view piece) const {
  const absl::string_view key(piece.data(), piece.size());
  if (!reserved_.empty()) {
    if (auto it = reserved_.find(key); it != reserved_.end()) return it->second;
  }
  if (auto it = matchable_.find(key); it != matchable_.end()) return it->second;
  return unk_id_;
}

int SentencePieceTable::FindMatchable(std::string_view piece) const {
  auto it = matchable_.find(absl::string_view(piece.data(), piece.size()));
  return it == matchable_.end() ? -1 : it->second;
}

std::vector<std::string_view> SentencePieceTable::UserDefinedSymbols() const {
  std::vector<std::string_view> symbols;
  for (int id = 0; id < size(); ++id) {
    if (IsUserDefined(id)) symbols.push_back(pieces_[id]);
  }
  return symbols;
}

}  // namespace tokenmill

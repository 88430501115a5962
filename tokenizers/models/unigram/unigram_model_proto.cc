#include "tokenizers/models/unigram/unigram_model_proto.h"

#include <vector>

namespace tokenmill {

absl::StatusOr<std::unique_ptr<UnigramModel>> UnigramModelFromProto(
    const SentencePieceModelProto& model) {
  std::vector<UnigramPiece> pieces;
  pieces.reserve(static_cast<size_t>(model.pieces_size()));
  for (const SentencePiecePiece& p : model.pieces()) {
    pieces.push_back(UnigramPiece{p.piece(), p.score(), static_cast<PieceType>(p.type())});
  }
  return UnigramModel::Create(std::move(pieces));
}

}  // namespace tokenmill

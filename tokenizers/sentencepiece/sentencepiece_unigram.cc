#include "tokenizers/sentencepiece/sentencepiece_unigram.h"

#include "tokenizers/base/status_macros.h"

namespace tokenmill {
namespace {

std::vector<ScoredSegmentation> Convert(std::vector<UnigramModel::ScoredTokens> in) {
  std::vector<ScoredSegmentation> out;
  out.reserve(in.size());
  for (auto& s : in) out.push_back(ScoredSegmentation{std::move(s.tokens), s.score});
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SentencePieceUnigram>> SentencePieceUnigram::Create(
    const SentencePieceTable& table) {
  std::vector<UnigramPiece> pieces;
  std::vector<PieceType> live_types;
  pieces.reserve(table.size());
  for (int id = 0; id < table.size(); ++id) {
    pieces.push_back(UnigramPiece{table.IdToPiece(id), table.Score(id),
                                  static_cast<PieceType>(table.LoadTypeOf(id))});
    live_types.push_back(static_cast<PieceType>(table.TypeOf(id)));
  }
  TM_ASSIGN_OR_RETURN(std::unique_ptr<UnigramModel> model, UnigramModel::Create(std::move(pieces), live_types));
  return std::unique_ptr<SentencePieceUnigram>(new SentencePieceUnigram(std::move(model)));
}

absl::StatusOr<std::vector<ScoredSegmentation>> SentencePieceUnigram::NBestEncode(
    std::string_view normalized, int nbest_size) const {
  return Convert(model_->NBestEncode(normalized, nbest_size));
}

absl::StatusOr<std::vector<ScoredSegmentation>> SentencePieceUnigram::SampleEncodeAndScore(
    std::string_view normalized, int num_samples, float alpha, bool wor, bool include_best,
    SamplingRng& rng) const {
  TM_ASSIGN_OR_RETURN(auto samples, model_->SampleEncodeAndScore(normalized, num_samples, alpha,
                                                                 wor, include_best, rng));
  return Convert(std::move(samples));
}

}  // namespace tokenmill

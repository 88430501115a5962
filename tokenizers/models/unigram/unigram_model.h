// The Unigram language model of sentencepiece 0.1.97 (src/unigram_model.cc), exact:
// Viterbi encode with its tie-breaking arithmetic, n-best, subword-regularization sampling
// (whole-lattice forward-filtering/backward-sampling or among the n-best), sampling without
// replacement with scores, and entropy.
//
// Input is always the normalized, ▁-escaped string (the SentencePiece normalizer's output);
// output tokens are {id, begin, end} byte ranges of it, so the pieces concatenate to it.
// Every unknown character is its own token with the unk id, as sentencepiece's model emits
// it: the processor merges runs (MergeUnknownRuns) or expands them into byte pieces.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tokenizers/models/unigram/double_array_trie.h"
#include "tokenizers/models/unigram/sampling_rng.h"
#include "tokenizers/models/unigram/segmented_nbest.h"
#include "tokenizers/models/unigram/unigram_lattice.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

// sentencepiece's ModelProto.SentencePiece.Type, same numbers.
enum class PieceType : uint8_t {
  kNormal = 1,
  kUnknown = 2,
  kControl = 3,
  kUserDefined = 4,
  kUnused = 5,
  kByte = 6,
};

struct UnigramPiece {
  std::string piece;
  float score = 0.0f;
  PieceType type = PieceType::kNormal;
};

class UnigramModel {
 public:
  // Pieces in id order. Requires non-empty pieces, exactly one kUnknown piece, and no
  // duplicate among the matchable pieces (NORMAL, USER_DEFINED, UNUSED) nor among the
  // reserved ones (CONTROL, UNKNOWN, BYTE) — sentencepiece's own load checks.
  //
  // `live_types` (empty, or one per piece): sentencepiece's SetVocabulary turns NORMAL,
  // UNUSED and BYTE pieces NORMAL or UNUSED without rebuilding the model: the lattice then
  // skips the pieces UNUSED now, while what was built at load (the pieces the trie holds, the
  // score range) follows the pieces' own types.
  static absl::StatusOr<std::unique_ptr<UnigramModel>> Create(
      std::vector<UnigramPiece> pieces, const std::vector<PieceType>& live_types = {});

  size_t size() const { return pieces_.size(); }
  uint32_t unk_id() const { return unk_id_; }
  std::string_view IdToPiece(uint32_t id) const { return pieces_[id].piece; }
  float Score(uint32_t id) const { return pieces_[id].score; }
  PieceType Type(uint32_t id) const { return pieces_[id].type; }
  const std::vector<UnigramPiece>& pieces() const { return pieces_; }
  // Over NORMAL pieces, starting from FLT_MAX / FLT_MIN as sentencepiece does.
  float min_score() const { return min_score_; }
  float max_score() const { return max_score_; }
  // sentencepiece's PieceToId: CONTROL/UNKNOWN/BYTE pieces first, then the others, else unk.
  uint32_t PieceToId(std::string_view piece) const;

  // Viterbi segmentation (sentencepiece's Encode), appended to `out`.
  void Encode(std::string_view normalized, std::vector<Token>& out) const;

  struct ScoredTokens {
    std::vector<Token> tokens;
    float score = 0.0f;
  };
  // sentencepiece's NBestEncode: nbest_size clamped to [1, 1024]; 1 gives the Viterbi path
  // with score 0; otherwise the A* n-best with float scores (see unigram_nbest.cc). Empty
  // text gives one empty path.
  std::vector<ScoredTokens> NBestEncode(std::string_view normalized, int nbest_size) const;

  // sentencepiece's SampleEncode (the processor's dispatch, without normalization):
  // nbest_size < 0 samples a path of the whole lattice with probability ∝ P(path)^alpha;
  // 0 or 1 is Viterbi; > 1 draws one of the n-best with weight exp(alpha · score);
  // > 512 is an error. Appends to `out`.
  absl::Status SampleEncode(std::string_view normalized, int nbest_size, float alpha,
                            SamplingRng& rng, std::vector<Token>& out) const;

  // The draw behind SampleEncode(nbest_size > 1): an index into `nbests` with weight
  // exp(alpha · score) (sentencepiece's float weights). For sampling one text many times
  // from one NBestEncode list.
  static size_t DrawFromNBest(const std::vector<ScoredTokens>& nbests, float alpha,
                              SamplingRng& rng);
  // The same draw over the scores alone.
  static size_t DrawIndex(std::span<const float> scores, float alpha, SamplingRng& rng);

  // sentencepiece's SampleEncodeAndScore. wor = false: num_samples independent samples, each
  // scored alpha·S − log Z (its log probability). wor = true: num_samples distinct paths
  // without replacement (Gumbel-top-k; fewer when the lattice has too few paths), scored with
  // their estimated log inclusion probability; include_best (needs wor) puts the Viterbi path
  // first with score 0. Errors: empty text, num_samples < 1, include_best without wor.
  absl::StatusOr<std::vector<ScoredTokens>> SampleEncodeAndScore(std::string_view normalized,
                                                                 int num_samples, float alpha,
                                                                 bool wor, bool include_best,
                                                                 SamplingRng& rng) const;

  // Entropy of the distribution SampleEncode(nbest_size = -1, alpha) draws from.
  float CalculateEntropy(std::string_view normalized, float alpha) const;

  // The n-best set SampleEncode(nbest_size > 1) draws from (with `ordered`, NBestEncode's
  // list), found by SegmentedNBest without the lattice. kUndecided too when it does not apply
  // to this model.
  unigram_internal::SegmentedNBest::Outcome SearchNBestBySegments(
      std::string_view normalized, size_t nbest_size, unigram_internal::SegmentedNBest& search,
      bool ordered = false) const;

  // Builds the full lattice (for tests and tools).
  void BuildLattice(std::string_view normalized, unigram_internal::Lattice& lattice) const;

 private:
  UnigramModel() = default;
  void SampleWholeLattice(std::string_view normalized, double theta, SamplingRng& rng,
                          std::vector<Token>& out) const;
  void SampleWholeLatticeLinear(std::string_view normalized, double theta, SamplingRng& rng,
                                std::vector<Token>& out) const;
  void SampleWholeLatticeLogDomain(std::string_view normalized, double theta, SamplingRng& rng,
                                   std::vector<Token>& out) const;
  // SampleEncode(nbest_size > 1) (unigram_nbest_sampling.cc).
  void SampleAmongNBest(std::string_view normalized, size_t nbest_size, float alpha,
                        SamplingRng& rng, std::vector<Token>& out) const;
  // The draw when SegmentedNBest found a tie at the n-th place.
  void SampleAcrossTie(std::string_view normalized, size_t nbest_size, float alpha,
                       unigram_internal::SegmentedNBest& segmented, SamplingRng& rng,
                       std::vector<Token>& out) const;

  std::vector<UnigramPiece> pieces_;
  uint32_t unk_id_ = 0;
  float min_score_ = 0.0f;
  float max_score_ = 0.0f;
  DoubleArrayTrie trie_;  // NORMAL and USER_DEFINED pieces → id
  // Viterbi: the score a matched piece adds, in double (user-defined: byte length · max - 0.1).
  std::vector<double> viterbi_scores_;
  // Lattice: node scores (float) and kinds by id.
  std::vector<float> lattice_scores_;
  std::vector<unigram_internal::NodeKind> node_kinds_;
  // Whole-lattice sampling on byte positions: node score with user-defined pieces' bonus by
  // characters. Valid when every matchable piece ends on a character boundary of its own.
  std::vector<float> sampling_scores_;
  bool pieces_end_on_char_boundaries_ = true;
  bool nonpositive_scores_ = true;  // every lattice node score ≤ 0 (and finite)
  float max_abs_sampling_score_ = 0.0f;  // over matchable pieces and the unknown score
  size_t max_piece_bytes_ = 4;           // longest matchable piece (at least one character)
  uint64_t instance_id_ = 0;             // keys per-thread caches of per-piece weights
  absl::flat_hash_map<absl::string_view, uint32_t> reserved_ids_;
  absl::flat_hash_map<absl::string_view, uint32_t> piece_ids_;
};

// Merges each run of adjacent unk tokens in tokens[from, end) into one token, as
// sentencepiece's processor does without byte fallback.
void MergeUnknownRuns(std::vector<Token>& tokens, size_t from, uint32_t unk_id);

}  // namespace tokenmill

// The Unigram training core shared by the SentencePiece trainer (spm_train 0.1.97,
// unigram_model_trainer.cc: float arithmetic) and HF's UnigramTrainer (trainer.rs: f64):
// a vocabulary of scored pieces, the E-step (expected piece counts by forward-backward over
// each word's lattice), the Bayesian M-step (digamma), pruning by the likelihood loss of
// removing a piece, and the seed pieces from repeated substrings. The two flavours differ
// in a few quirks that change the result (listed in Flavor); each is reproduced.
//
// The lattice is sentencepiece's (every piece matching at a character, shortest first, and an
// unknown node of one character where no one-character piece starts), with unknown nodes
// counted for piece 0 as both trainers do. Folds run in sentencepiece's node order so the
// float rounding is the same.
//
// Threads: words are dealt to `stripes` interleaved stripes (word i to stripe i % stripes, as
// spm deals them to its threads); each stripe sums its expected counts alone and the stripe
// sums are added in stripe order, so the result depends on `stripes` (spm's --num_threads)
// but not on how many threads run them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/models/unigram/double_array_trie.h"
#include "tokenizers/trainers/progress.h"

namespace tokenmill::unigram_training {

enum class Flavor {
  // spm: unknown piece not in the vocabulary (unknown nodes count for piece 0, whatever it
  // is); prune drops a piece not on any Viterbi path *or* segmentable by others.
  kSentencePiece,
  // HF: piece 0 is "<UNK>" (score NaN, always kept); prune drops a piece only when it is not on
  // any Viterbi path *and* segmentable by others.
  kHuggingFace,
};

template <typename Real>
using ScoredPieces = std::vector<std::pair<std::string, Real>>;

// Words (or sentences) with their counts; the bytes belong to the caller.
using Words = std::vector<std::pair<std::string_view, int64_t>>;

// The pieces with a trie over them: what the lattices are built from.
template <typename Real>
class PieceModel {
 public:
  absl::Status Set(ScoredPieces<Real> pieces);
  const ScoredPieces<Real>& pieces() const { return pieces_; }
  size_t size() const { return pieces_.size(); }
  Real min_score() const { return min_score_; }
  Real unk_score() const { return unk_score_; }
  const DoubleArrayTrie& trie() const { return trie_; }
  // The trie's value → piece index, or kRemoved (the trie may be older than the pieces: after
  // an M-step, which only removes pieces, it is kept and remapped instead of rebuilt).
  static constexpr uint32_t kRemoved = ~0u;
  const std::vector<uint32_t>& piece_of_trie_value() const { return piece_of_value_; }
  const std::vector<Real>& scores() const { return scores_; }

 private:
  ScoredPieces<Real> pieces_;
  std::vector<Real> scores_;
  Real min_score_ = 0;
  Real unk_score_ = 0;
  DoubleArrayTrie trie_;
  std::vector<uint32_t> piece_of_value_;
};

struct EmOptions {
  Flavor flavor = Flavor::kSentencePiece;
  int stripes = 16;  // see the header comment
  int threads = 2;   // workers running the stripes
  size_t desired_vocab_size = 0;
  double shrinking_factor = 0.75;
  bool verbose = false;  // a note per EM round (pieces left), as spm_train logs
};

// E-step: expected count of every piece over `words` (word × count).
template <typename Real>
std::vector<Real> ExpectedCounts(const PieceModel<Real>& model, const Words& words,
                                 const EmOptions& options);

// M-step: drops pieces expected less than 0.5 times, scores the rest
// digamma(count) - digamma(total).
template <typename Real>
ScoredPieces<Real> MaximizationStep(const ScoredPieces<Real>& pieces,
                                    const std::vector<Real>& expected, Flavor flavor);

// Keeps max(desired_vocab_size, shrinking_factor × size) pieces: those that cannot be
// replaced by others, then the ones whose removal would cost the most likelihood.
template <typename Real>
ScoredPieces<Real> PrunePieces(const PieceModel<Real>& model, const Words& words,
                               const EmOptions& options);

// The EM loop of both trainers: num_sub_iterations rounds of E- and M-step, then pruning,
// until at most desired_vocab_size pieces are left.
template <typename Real>
absl::Status RunEm(PieceModel<Real>& model, const Words& words, const EmOptions& options,
                   int num_sub_iterations, Progress& progress);

}  // namespace tokenmill::unigram_training

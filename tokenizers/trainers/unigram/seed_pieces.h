// The seed vocabulary of Unigram training: every character, then the repeated substrings with
// the highest frequency × length, up to seed_size pieces, scored as log probabilities of those
// numbers (spm's MakeSeedSentencePieces / HF's make_seed_sentence_pieces). The two order ties
// differently (spm: suffix-tree node order; HF: the larger string first) and HF counts each
// distinct word once in the substring text; the caller builds the text accordingly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/trainers/unigram/repeated_substrings.h"
#include "tokenizers/trainers/unigram/unigram_em.h"

namespace tokenmill::unigram_training {

struct SeedOptions {
  Flavor flavor = Flavor::kSentencePiece;
  size_t seed_size = 1000000;
  uint32_t max_piece_chars = 16;  // at most 1023
  int threads = 1;
  // Set when `text` holds distinct words (each followed by NUL) standing for a corpus: see
  // ForEachRepeatedSubstring.
  const WordTextWeights* word_weights = nullptr;
  // Whether a substring (UTF-8, no NUL) may be a piece; null: any.
  std::function<bool(std::string_view)> is_valid;
};

// `text`: the sentences, each followed by '\0'. `chars`: the characters with their counts, in
// seed order (most frequent first, ties as the flavour breaks them).
template <typename Real>
absl::StatusOr<ScoredPieces<Real>> MakeSeedPieces(
    std::string_view text, const std::vector<std::pair<std::string, int64_t>>& chars,
    const SeedOptions& options);

}  // namespace tokenmill::unigram_training

// What SentencePieceProcessor needs from a model (sentencepiece's ModelInterface, reduced):
// a segmentation of the normalized text into tokens {id, begin, end} — bytes of the
// normalized text, contiguous, covering it — with characters outside the vocabulary as
// unknown-id tokens (the processor merges their runs or expands them into bytes).
// Capabilities are queried, not discovered through "not implemented" errors.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tokenizers/models/unigram/sampling_rng.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

struct ScoredSegmentation {
  std::vector<Token> tokens;
  float score = 0.0f;
};

class SentencePieceModelInterface {
 public:
  virtual ~SentencePieceModelInterface() = default;
  // Appends to `out`.
  virtual void Encode(std::string_view normalized, std::vector<Token>& out) const = 0;

  // Subword regularization (unigram sampling, BPE-dropout). sentencepiece's dispatch on
  // nbest_size is the model's (unigram: < 0 whole lattice, 0/1 Viterbi, > 1 among the
  // n-best; BPE: dropout for any value). Appends to `out`.
  virtual bool SupportsSampling() const { return false; }
  virtual absl::Status SampleEncode(std::string_view normalized, int nbest_size, float alpha,
                                    SamplingRng& rng, std::vector<Token>& out) const {
    return absl::UnimplementedError("SampleEncode is not available for this model type");
  }
  virtual bool SupportsNBest() const { return false; }
  virtual absl::StatusOr<std::vector<ScoredSegmentation>> NBestEncode(
      std::string_view normalized, int nbest_size) const {
    return absl::UnimplementedError("NBestEncode is not available for this model type");
  }
  virtual bool SupportsSampleEncodeAndScore() const { return false; }
  virtual absl::StatusOr<std::vector<ScoredSegmentation>> SampleEncodeAndScore(
      std::string_view normalized, int num_samples, float alpha, bool wor, bool include_best,
      SamplingRng& rng) const {
    return absl::UnimplementedError("SampleEncodeAndScore is not available for this model type");
  }
  virtual bool SupportsEntropy() const { return false; }
  virtual absl::StatusOr<float> CalculateEntropy(std::string_view normalized, float alpha) const {
    return absl::UnimplementedError("CalculateEntropy is not available for this model type");
  }
};

}  // namespace tokenmill

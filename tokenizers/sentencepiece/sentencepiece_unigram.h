// The Unigram model (tokenizers/models/unigram) behind the processor's model interface.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/sentencepiece/model_interface.h"
#include "tokenizers/sentencepiece/piece_table.h"

namespace tokenmill {

class SentencePieceUnigram : public SentencePieceModelInterface {
 public:
  static absl::StatusOr<std::unique_ptr<SentencePieceUnigram>> Create(
      const SentencePieceTable& table);

  void Encode(std::string_view normalized, std::vector<Token>& out) const override {
    model_->Encode(normalized, out);
  }
  bool SupportsSampling() const override { return true; }
  absl::Status SampleEncode(std::string_view normalized, int nbest_size, float alpha,
                            SamplingRng& rng, std::vector<Token>& out) const override {
    return model_->SampleEncode(normalized, nbest_size, alpha, rng, out);
  }
  bool SupportsNBest() const override { return true; }
  absl::StatusOr<std::vector<ScoredSegmentation>> NBestEncode(std::string_view normalized,
                                                              int nbest_size) const override;
  bool SupportsSampleEncodeAndScore() const override { return true; }
  absl::StatusOr<std::vector<ScoredSegmentation>> SampleEncodeAndScore(
      std::string_view normalized, int num_samples, float alpha, bool wor, bool include_best,
      SamplingRng& rng) const override;
  bool SupportsEntropy() const override { return true; }
  absl::StatusOr<float> CalculateEntropy(std::string_view normalized, float alpha) const override {
    return model_->CalculateEntropy(normalized, alpha);
  }

  const UnigramModel& model() const { return *model_; }

 private:
  explicit SentencePieceUnigram(std::unique_ptr<UnigramModel> model) : model_(std::move(model)) {}
  std::unique_ptr<UnigramModel> model_;
};

}  // namespace tokenmill

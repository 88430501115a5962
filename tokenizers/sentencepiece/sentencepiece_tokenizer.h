// A tokenmill Tokenizer over a SentencePiece `.model`: the whole SentencePieceProcessor
// (normalization included) runs as the pipeline's model, so ids and byte offsets are
// sentencepiece's exactly, and decoding is sentencepiece's Decode. Token strings are the
// vocabulary pieces (a merged run of unknown characters reads as the unk piece, as in HF).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/decoders/decoder.h"
#include "tokenizers/models/model.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill {

class SentencePieceTokenizerModel : public Model {
 public:
  explicit SentencePieceTokenizerModel(std::shared_ptr<const SentencePieceProcessor> processor)
      : processor_(std::move(processor)) {}

  absl::Status Tokenize(std::string_view word, std::vector<Token>& out) const override;
  std::optional<uint32_t> TokenToId(std::string_view token) const override;
  std::optional<std::string_view> IdToToken(uint32_t id) const override;
  void TokenStrings(std::string_view word, const Token* tokens, size_t n,
                    std::string* out) const override;
  size_t VocabSize() const override { return processor_->GetPieceSize(); }
  std::vector<std::pair<std::string, uint32_t>> GetVocab() const override;
  // {"type": "SentencePiece", "model_proto": base64 of the .model}: tokenmill's own model
  // type (HF cannot load it), which tokenmill's tokenizer.json reader takes back.
  nlohmann::ordered_json ToJson() const override;

  const SentencePieceProcessor& processor() const { return *processor_; }
  const std::shared_ptr<const SentencePieceProcessor>& shared_processor() const {
    return processor_;
  }

 private:
  std::shared_ptr<const SentencePieceProcessor> processor_;
};

// sentencepiece's DecodePieces over the token strings.
class SentencePieceDecoder : public Decoder {
 public:
  explicit SentencePieceDecoder(std::shared_ptr<const SentencePieceProcessor> processor)
      : processor_(std::move(processor)) {}
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "SentencePiece"}}; }

 private:
  std::shared_ptr<const SentencePieceProcessor> processor_;
};

absl::StatusOr<std::unique_ptr<Tokenizer>> MakeSentencePieceTokenizer(
    std::shared_ptr<const SentencePieceProcessor> processor);
// Errors name the file (see model_file.h).
absl::StatusOr<std::unique_ptr<Tokenizer>> LoadSentencePieceTokenizer(const std::string& path);

}  // namespace tokenmill

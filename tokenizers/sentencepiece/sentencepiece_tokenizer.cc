#include "tokenizers/sentencepiece/sentencepiece_tokenizer.h"

#include "tokenizers/base/status_macros.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {

absl::Status SentencePieceTokenizerModel::Tokenize(std::string_view word,
                                                   std::vector<Token>& out) const {
  // The pipeline has checked the text: valid UTF-8, where kReplace changes nothing.
  return processor_->EncodeTokens(word, out, {.invalid_utf8 = InvalidUtf8::kReplace});
}

std::optional<uint32_t> SentencePieceTokenizerModel::TokenToId(std::string_view token) const {
  const int id = processor_->PieceToId(token);
  // PieceToId answers unk for any unknown string; only the unk piece itself maps to it.
  if (processor_->IsUnknown(id) && processor_->IdToPiece(id) != token) return std::nullopt;
  return static_cast<uint32_t>(id);
}

std::optional<std::string_view> SentencePieceTokenizerModel::IdToToken(uint32_t id) const {
  if (id >= static_cast<uint32_t>(processor_->GetPieceSize())) return std::nullopt;
  return processor_->IdToPiece(static_cast<int>(id));
}

void SentencePieceTokenizerModel::TokenStrings(std::string_view, const Token* tokens, size_t n,
                                               std::string* out) const {
  const SentencePieceTable& table = processor_->table();  // ids come from the model: in range
  for (size_t i = 0; i < n; ++i) out[i].assign(table.IdToPiece(static_cast<int>(tokens[i].id)));
}

std::vector<std::pair<std::string, uint32_t>> SentencePieceTokenizerModel::GetVocab() const {
  std::vector<std::pair<std::string, uint32_t>> vocab;
  vocab.reserve(processor_->GetPieceSize());
  for (int id = 0; id < processor_->GetPieceSize(); ++id) {
    vocab.emplace_back(std::string(processor_->IdToPiece(id)), static_cast<uint32_t>(id));
  }
  return vocab;
}

nlohmann::ordered_json SentencePieceTokenizerModel::ToJson() const {
  // A processor loaded from a valid .model serializes.
  const absl::StatusOr<std::string> proto = processor_->Serialize();
  return {{"type", "SentencePiece"},
          {"model_proto", proto.ok() ? EncodeBase64(*proto) : std::string()}};
}

void SentencePieceDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  auto text = processor_->DecodePieces(tokens);
  tokens.assign(1, text.ok() ? *std::move(text) : std::string());
}

absl::StatusOr<std::unique_ptr<Tokenizer>> MakeSentencePieceTokenizer(
    std::shared_ptr<const SentencePieceProcessor> processor) {
  TokenizerParts parts;
  parts.model = std::make_unique<SentencePieceTokenizerModel>(processor);
  parts.decoder = std::make_unique<SentencePieceDecoder>(processor);
  return Tokenizer::Create(std::move(parts));
}

absl::StatusOr<std::unique_ptr<Tokenizer>> LoadSentencePieceTokenizer(const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::unique_ptr<SentencePieceProcessor> processor,
                      SentencePieceProcessor::Load(path));
  return MakeSentencePieceTokenizer(std::move(processor));
}

}  // namespace tokenmill

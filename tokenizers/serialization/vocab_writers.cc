#include "tokenizers/serialization/vocab_writers.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "tokenizers/base/atomic_file.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/serialization/tiktoken_file.h"
#include "tokenizers/trainers/bpe_trainer.h"

namespace tokenmill {

std::string Gpt2VocabJson(const Bpe& model) {
  std::string out = "{";
  bool first = true;
  for (const auto& [token, id] : model.GetVocab()) {
    if (!first) out += ',';
    first = false;
    out += nlohmann::json(token).dump(-1, ' ', /*ensure_ascii=*/false);
    absl::StrAppend(&out, ":", id);
  }
  out += "}";
  return out;
}

std::string Gpt2MergesTxt(const Bpe& model) {
  std::string out = "#version: 0.2\n";
  for (const auto& [left, right] : model.merges().PairsByRank()) {
    out.append(*model.IdToToken(left)).append(" ").append(*model.IdToToken(right)).append("\n");
  }
  return out;
}

absl::Status SaveGpt2Files(const Bpe& model, const std::string& vocab_path,
                           const std::string& merges_path) {
  TM_RETURN_IF_ERROR(WriteFileAtomically(vocab_path, Gpt2VocabJson(model)));
  return WriteFileAtomically(merges_path, Gpt2MergesTxt(model));
}

absl::StatusOr<std::string> VocabTxt(const Model& model) {
  std::string out;
  const auto vocab = model.GetVocab();
  for (size_t i = 0; i < vocab.size(); ++i) {
    if (vocab[i].second != i) {
      return absl::FailedPreconditionError(
          absl::StrFormat("vocab.txt needs dense token ids (id %d is missing)", i));
    }
    if (vocab[i].first.find('\n') != std::string::npos) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "vocab.txt cannot hold token %d: it contains a line break", vocab[i].second));
    }
    absl::StrAppend(&out, vocab[i].first, "\n");
  }
  return out;
}

absl::StatusOr<std::string> TiktokenRanksText(const Tokenizer& tokenizer) {
  absl::flat_hash_map<char32_t, uint8_t> byte_of;
  const std::vector<char32_t> alphabet = ByteLevelAlphabet();
  for (size_t b = 0; b < alphabet.size(); ++b) byte_of[alphabet[b]] = static_cast<uint8_t>(b);
  std::string out;
  std::string bytes;
  for (const auto& [token, id] : tokenizer.parts().model->GetVocab()) {
    if (tokenizer.added_vocabulary().FindById(id) != nullptr) continue;
    bytes.clear();
    size_t pos = 0;
    while (pos < token.size()) {
      auto it = byte_of.find(utf8::DecodeValid(token, pos));
      if (it == byte_of.end()) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "a .tiktoken file needs a byte-level BPE vocabulary: token %d \"%s\" is not "
            "byte-level",
            id, token));
      }
      bytes.push_back(static_cast<char>(it->second));
    }
    absl::StrAppend(&out, EncodeBase64(bytes), " ", id, "\n");
  }
  return out;
}

}  // namespace tokenmill

// HF's WordLevel model: each pre-tokenized word is one token, its vocabulary id or the unknown
// token's (an error when the vocabulary has no unknown token).
// {"type":"WordLevel","vocab":{...},"unk_token":"<unk>"}
#pragma once

#include <memory>
#include <string>

#include "tokenizers/models/model.h"
#include "tokenizers/models/vocab.h"

namespace tokenmill {

class WordLevel : public Model {
 public:
  WordLevel(Vocab vocab, std::string unk_token);

  absl::Status Tokenize(std::string_view word, std::vector<Token>& out) const override;
  std::optional<uint32_t> TokenToId(std::string_view token) const override {
    return vocab_.Find(token);
  }
  std::optional<std::string_view> IdToToken(uint32_t id) const override { return vocab_.Token(id); }
  size_t VocabSize() const override { return vocab_.size(); }
  std::vector<std::pair<std::string, uint32_t>> GetVocab() const override {
    return vocab_.Entries();
  }
  nlohmann::ordered_json ToJson() const override;
  const std::string& unk_token() const { return unk_token_; }

 private:
  Vocab vocab_;
  std::string unk_token_;
  std::optional<uint32_t> unk_id_;
};

}  // namespace tokenmill

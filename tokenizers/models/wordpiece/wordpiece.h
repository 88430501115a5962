// WordPiece (BERT): greedy longest-match-first with a continuing-subword prefix, matched
// by LinMaxMatch (lin_max_match.h) in time linear in the word's length.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/status/statusor.h"
#include "tokenizers/models/model.h"
#include "tokenizers/models/wordpiece/lin_max_match.h"
#include "tokenizers/models/vocab.h"

namespace tokenmill {

struct WordPieceOptions {
  std::string unk_token = "[UNK]";
  std::string continuing_subword_prefix = "##";
  size_t max_input_chars_per_word = 100;
};

class WordPiece : public Model {
 public:
  static absl::StatusOr<std::unique_ptr<WordPiece>> Create(Vocab vocab, WordPieceOptions options);

  absl::Status Tokenize(std::string_view word, std::vector<Token>& out) const override;
  std::optional<uint32_t> TokenToId(std::string_view token) const override {
    return vocab_.Find(token);
  }
  std::optional<std::string_view> IdToToken(uint32_t id) const override { return vocab_.Token(id); }
  size_t VocabSize() const override { return vocab_.size(); }
  std::vector<std::pair<std::string, uint32_t>> GetVocab() const override { return vocab_.Entries(); }
  nlohmann::ordered_json ToJson() const override;

  const WordPieceOptions& options() const { return options_; }

 private:
  WordPiece(Vocab vocab, WordPieceOptions options);
  // The matching trie, built on first use: loading stays fast, and a tokenizer whose
  // words are all whole vocabulary entries never pays for it.
  const LinMaxMatchTrie& Trie() const;

  Vocab vocab_;
  WordPieceOptions options_;
  uint32_t unk_id_ = 0;
  bool has_unk_ = false;
  mutable absl::once_flag trie_once_;
  mutable std::unique_ptr<LinMaxMatchTrie> trie_;
};

}  // namespace tokenmill

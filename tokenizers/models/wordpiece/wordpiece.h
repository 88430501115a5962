// WordPiece (BERT): greedy longest-match-first with a continuing-subword prefix.
//
// Matching is LinMaxMatch (Song et al., "Fast WordPiece Tokenization", 2021): a trie over
// the vocabulary with precomputed failure links and failure pops, so a word is tokenized in
// one left-to-right pass with no backtracking: linear in its length, whatever the vocabulary.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "tokenizers/models/model.h"
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
  // A token popped by a failure transition and how many bytes of the word it covers.
  struct Pop {
    uint32_t id;
    uint32_t length;
  };
  struct Node {
    int32_t token = -1;          // id of the token spelled by the path, if any
    int32_t failure = -1;        // failure link, -1 = none (the word cannot be matched)
    uint32_t pops_begin = 0;     // failure pops in pops_
    uint32_t pops_end = 0;
    uint32_t token_length = 0;   // bytes of the word the token covers
  };

  WordPiece(Vocab vocab, WordPieceOptions options);
  int32_t Child(int32_t node, unsigned char byte) const {
    auto it = edges_.find((static_cast<uint64_t>(node) << 8) | byte);
    return it == edges_.end() ? -1 : static_cast<int32_t>(it->second);
  }
  int32_t AddChild(int32_t node, unsigned char byte);
  void BuildTrie();
  void ComputeFailureLinks(int32_t root, std::vector<Pop>& scratch);
  // Runs LinMaxMatch; false when some position has no matching token.
  bool MatchWord(std::string_view word, std::vector<Token>& out) const;

  Vocab vocab_;
  WordPieceOptions options_;
  uint32_t unk_id_ = 0;
  bool has_unk_ = false;
  std::vector<Node> nodes_;
  absl::flat_hash_map<uint64_t, uint32_t> edges_;
  std::vector<std::vector<std::pair<unsigned char, uint32_t>>> children_;  // build time only
  std::vector<Pop> pops_;
  int32_t root_ = 0;         // matches at the start of a word
  int32_t suffix_root_ = 0;  // matches after the prefix (== root_ with no prefix)
};

}  // namespace tokenmill

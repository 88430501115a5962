// Added tokens (special or not) are found in the text before the model sees it, exactly as
// HF's AddedVocabulary does: non-normalized ones in the original text, normalized ones in
// the normalized text, leftmost-longest, honouring single_word / lstrip / rstrip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "nlohmann/json.hpp"
#include "tokenizers/models/model.h"
#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

struct AddedToken {
  std::string content;
  uint32_t id = 0;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = true;
  bool special = false;
};

// HF's state, kept as HF keeps it (added_vocabulary.rs, 0.22): tokens by content and by id,
// the contents registered as special, and the special and the other tokens in the order they
// were registered, which are the patterns searched for (options from the token their id maps
// to; normalized or not as registered).
class AddedVocabulary {
 public:
  AddedVocabulary() = default;
  // A tokenizer.json's added tokens, with their ids. `normalizer` (may be null) gives the
  // normalized form of `normalized` tokens.
  AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer* normalizer);

  // HF's add_tokens / add_special_tokens: registers `tokens` in order (their `id` is ignored:
  // a token keeps the id its content has, added or in `model`, else gets the next id after
  // the model's and the added ones). Empty tokens and tokens identical to a registered one
  // are ignored; returns how many were not.
  size_t Add(const std::vector<AddedToken>& tokens, const Model& model,
             const Normalizer* normalizer);

  // Splits `text` around added tokens and normalizes the rest into `out`.
  void ExtractAndNormalize(std::string_view text, const Normalizer* normalizer,
                           PreTokenizedString& out) const;

  // The registered tokens by ascending id (what tokenizer.json lists).
  const std::vector<AddedToken>& tokens() const { return by_id_; }
  const AddedToken* FindById(uint32_t id) const;
  std::optional<uint32_t> IdOf(std::string_view content) const;
  // HF's is_special_token: the content was registered as special (decode skips it).
  bool IsSpecial(std::string_view content) const;
  bool empty() const { return by_id_.empty(); }
  // HF's encode_special_tokens: special tokens in the text are not matched (they are encoded
  // as ordinary text), e.g. so that user text cannot inject a control token.
  void set_encode_special_tokens(bool value) { encode_special_tokens_ = value; }
  bool encode_special_tokens() const { return encode_special_tokens_; }

  nlohmann::ordered_json ToJson() const;

 private:
  // Leftmost-longest matcher over literal patterns: a byte trie walked from each position that
  // starts some pattern, so the cost per position is the match length, not the number of
  // patterns (tokenizers carry up to tens of thousands of added tokens). Among equal patterns
  // the first added wins, as in HF's Aho-Corasick.
  class Matcher {
   public:
    void Add(std::string_view pattern, size_t token_index);
    bool empty() const { return terminal_.size() <= 1; }
    // Finds the leftmost-longest match at or after `from`; returns false if none.
    bool Find(std::string_view text, size_t from, size_t& begin, size_t& end,
              size_t& token_index) const;

   private:
    static constexpr uint32_t kNoToken = UINT32_MAX;
    static uint64_t Edge(uint32_t node, uint8_t byte) { return uint64_t{node} << 8 | byte; }
    absl::flat_hash_map<uint64_t, uint32_t> children_;  // Edge(node, byte) → child node
    std::vector<uint32_t> terminal_ = {kNoToken};        // by node: the token ending there
    bool first_byte_[256] = {};
    std::string first_bytes_;  // the distinct first bytes
  };

  // HF's find_matches: (token index or -1, [begin, end)) covering all of `text`.
  struct Piece {
    int64_t token_index;
    uint32_t begin;
    uint32_t end;
  };
  void FindPieces(std::string_view text, const Matcher& matcher, std::vector<Piece>& out) const;
  // One token of HF's second registration loop, under `id`.
  void Register(const AddedToken& token, uint32_t id);
  // by_id_ and the matchers, from the registrations.
  void Rebuild(const Normalizer* normalizer);

  std::vector<AddedToken> special_list_, other_list_;  // as registered
  absl::flat_hash_set<std::string> special_contents_;
  absl::flat_hash_map<std::string, uint32_t> id_of_;   // content → id
  absl::flat_hash_map<uint32_t, AddedToken> token_of_;  // id → token (its `id` set)
  std::vector<AddedToken> by_id_;
  std::vector<AddedToken> patterns_;  // the matchers' token indices point here
  Matcher raw_matcher_;
  Matcher normalized_matcher_;
  bool encode_special_tokens_ = false;
};

}  // namespace tokenmill

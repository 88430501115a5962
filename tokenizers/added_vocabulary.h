// Added tokens (special or not) are found in the text before the model sees it, exactly as
// HF's AddedVocabulary does: non-normalized ones in the original text, normalized ones in
// the normalized text, leftmost-longest, honouring single_word / lstrip / rstrip.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "nlohmann/json.hpp"
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

class AddedVocabulary {
 public:
  AddedVocabulary() = default;
  // `normalizer` (may be null) gives the normalized form of `normalized` tokens.
  AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer* normalizer);

  // Splits `text` around added tokens and normalizes the rest into `out`.
  void ExtractAndNormalize(std::string_view text, const Normalizer* normalizer,
                           PreTokenizedString& out) const;

  const std::vector<AddedToken>& tokens() const { return tokens_; }
  const AddedToken* FindById(uint32_t id) const;
  const AddedToken* FindByContent(std::string_view content) const;
  bool IsSpecialId(uint32_t id) const;
  bool empty() const { return tokens_.empty(); }

  nlohmann::ordered_json ToJson() const;

 private:
  // Leftmost-longest matcher over a small set of literal patterns, bucketed by first byte.
  class Matcher {
   public:
    void Add(std::string pattern, size_t token_index);
    bool empty() const { return patterns_.empty(); }
    // Finds the leftmost-longest match at or after `from`; returns false if none.
    bool Find(std::string_view text, size_t from, size_t& begin, size_t& end,
              size_t& token_index) const;

   private:
    std::vector<std::pair<std::string, size_t>> patterns_;
    std::vector<uint32_t> by_first_byte_[256];
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

  std::vector<AddedToken> tokens_;
  absl::flat_hash_map<uint32_t, size_t> by_id_;
  absl::flat_hash_map<std::string, size_t> by_content_;
  Matcher raw_matcher_;
  Matcher normalized_matcher_;
};

}  // namespace tokenmill

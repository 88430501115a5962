// A model turns one split ("word") into tokens. Models share this small interface; each
// lives in its own folder under models/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

class Model {
 public:
  virtual ~Model() = default;

  // Appends the tokens of `word` to `out`; offsets are relative to `word`.
  virtual absl::Status Tokenize(std::string_view word, std::vector<Token>& out) const = 0;

  // True when the token string of `id` is the text it covers rather than the vocabulary
  // entry (HF's Unigram reports unknown pieces with their own text).
  virtual bool TokenIsSurface(uint32_t id) const { return false; }

  // Writes the strings of `word`'s tokens [tokens, tokens + n) to out[0, n): the covered
  // text where TokenIsSurface, else IdToToken (left as is for an id without one). One call
  // per word; a model may override it with a loop that skips the per-token virtual calls.
  virtual void TokenStrings(std::string_view word, const Token* tokens, size_t n,
                            std::string* out) const {
    for (size_t i = 0; i < n; ++i) {
      const Token& t = tokens[i];
      if (TokenIsSurface(t.id)) {
        out[i].assign(word.substr(t.begin, t.end - t.begin));
      } else if (auto piece = IdToToken(t.id)) {
        out[i].assign(piece->data(), piece->size());
      }
    }
  }

  virtual std::optional<uint32_t> TokenToId(std::string_view token) const = 0;
  virtual std::optional<std::string_view> IdToToken(uint32_t id) const = 0;
  virtual size_t VocabSize() const = 0;
  // (token, id) pairs in id order.
  virtual std::vector<std::pair<std::string, uint32_t>> GetVocab() const = 0;

  virtual nlohmann::ordered_json ToJson() const = 0;
};

}  // namespace tokenmill

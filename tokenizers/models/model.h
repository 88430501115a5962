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

  virtual std::optional<uint32_t> TokenToId(std::string_view token) const = 0;
  virtual std::optional<std::string_view> IdToToken(uint32_t id) const = 0;
  virtual size_t VocabSize() const = 0;
  // (token, id) pairs in id order.
  virtual std::vector<std::pair<std::string, uint32_t>> GetVocab() const = 0;

  virtual nlohmann::ordered_json ToJson() const = 0;
};

}  // namespace tokenmill
